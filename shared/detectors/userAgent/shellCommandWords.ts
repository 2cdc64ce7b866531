/**
 * What must follow a word in command position before it counts as a command:
 * - `any`: nothing more, the word is rare outside a shell;
 * - `path`: an argument starting with `/`, `.` or `~`, because the word is also a device or
 *   product name (`cat /etc/passwd` yes, a "Cat S62" phone no);
 * - `not-version`: anything but a version number, because SDKs name their runtime after a
 *   semicolon (`(Linux; Python 3.11)`).
 */
export type CommandArgumentRule = "any" | "path" | "not-version";

/** Programs an injected shell command typically starts with, lower-case. */
export const SHELL_COMMAND_WORDS: ReadonlyMap<string, CommandArgumentRule> = new Map([
  ...wordsWithRule("any", [
    "base64",
    "bash",
    "bitsadmin",
    "busybox",
    "certutil",
    "certutil.exe",
    "chmod",
    "cmd",
    "cmd.exe",
    "crontab",
    "csh",
    "curl",
    "dash",
    "id",
    "ifconfig",
    "ipconfig",
    "ksh",
    "mkfifo",
    "mshta",
    "nc",
    "ncat",
    "netcat",
    "nslookup",
    "ping",
    "powershell",
    "powershell.exe",
    "pwsh",
    "sh",
    "sleep",
    "socat",
    "sudo",
    "systeminfo",
    "tcsh",
    "telnet",
    "tftp",
    "uname",
    "wget",
    "whoami",
    "zsh",
  ]),
  ...wordsWithRule("path", ["cat", "cp", "ls", "mv", "rm"]),
  ...wordsWithRule("not-version", ["node", "perl", "php", "python", "python2", "python3", "ruby"]),
]);

function wordsWithRule(
  rule: CommandArgumentRule,
  words: readonly string[],
): Array<[string, CommandArgumentRule]> {
  return words.map((word) => [word, rule]);
}

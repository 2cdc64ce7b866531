import type { TextSpan } from "./textSpan.js";

// Published obfuscations nest three lookups deep at most. Each level copies the characters it
// holds once more, so the cap also bounds the work on a flood of `${${${…` to a constant factor.
const MAX_LOOKUP_DEPTH = 8;

const JNDI_PROTOCOLS = [
  "ldap",
  "ldaps",
  "rmi",
  "dns",
  "iiop",
  "corba",
  "nds",
  "nis",
  "http",
  "https",
];

// Lookup prefixes that only Log4j understands. Without `jndi:` they still show someone testing
// whether the server evaluates lookups (`${java:version}`) or leaking data through one.
const LOG4J_LOOKUP_PREFIXES: ReadonlySet<string> = new Set([
  "bundle",
  "ctx",
  "date",
  "docker",
  "env",
  "event",
  "java",
  "jndi",
  "jvmrunargs",
  "k8s",
  "log4j",
  "lower",
  "main",
  "map",
  "marker",
  "sd",
  "spring",
  "sys",
  "upper",
  "web",
]);

interface LookupFrame {
  start: number;
  body: string;
}

interface LookupScan {
  text: string;
  frames: LookupFrame[];
  excessOpenings: number;
  resolved: string;
  jndi: TextSpan | null;
  probe: TextSpan | null;
}

/**
 * Finds a Log4j lookup that reaches JNDI once nested lookups are replaced by the text Log4j
 * would give them (`${::-j}`, `${lower:J}`, `${env:X:-j}`, `${date:'j'}`), or else any other
 * Log4j-only lookup. Expects normalised text; one pass, nesting deeper than 8 read as text.
 */
export function findLog4jLookup(text: string): TextSpan | null {
  if (!text.includes("${") && !text.includes("jndi:")) return null;

  const scan = resolveLookups(text);

  return scan.jndi ?? findJndiUrl(scan.resolved) ?? scan.probe;
}

function resolveLookups(text: string): LookupScan {
  const scan: LookupScan = {
    text,
    frames: [],
    excessOpenings: 0,
    resolved: "",
    jndi: null,
    probe: null,
  };
  let index = 0;
  while (index < text.length && scan.jndi === null) {
    if (isLookupOpening(text, index)) {
      openLookup(scan, index);
      index += 2;
    } else if (text[index] === "}" && scan.frames.length > 0) {
      closeLookup(scan, index);
      index += 1;
    } else {
      const runEnd = endOfPlainRun(scan, index);
      appendResolved(scan, text.slice(index, runEnd));
      index = runEnd;
    }
  }
  closeUnterminatedLookups(scan);
  return scan;
}

function isLookupOpening(text: string, index: number): boolean {
  return text[index] === "$" && text[index + 1] === "{";
}

function endOfPlainRun(scan: LookupScan, start: number): number {
  let index = start + 1;
  while (index < scan.text.length) {
    if (isLookupOpening(scan.text, index)) break;
    if (scan.text[index] === "}" && scan.frames.length > 0) break;
    index += 1;
  }
  return index;
}

function openLookup(scan: LookupScan, index: number): void {
  if (scan.frames.length >= MAX_LOOKUP_DEPTH) {
    scan.excessOpenings += 1;
    appendResolved(scan, "${");
    return;
  }
  scan.frames.push({ start: index, body: "" });
}

function closeLookup(scan: LookupScan, index: number): void {
  if (scan.excessOpenings > 0) {
    scan.excessOpenings -= 1;
    appendResolved(scan, "}");
    return;
  }
  const frame = scan.frames.pop();
  if (frame === undefined) return;

  inspectLookupBody(scan, frame.body, { text: scan.text, start: frame.start, end: index + 1 });
  appendResolved(scan, lookupValue(frame.body));
}

// A header cut short by a size limit still carries the attempt, so open lookups count too.
function closeUnterminatedLookups(scan: LookupScan): void {
  while (scan.jndi === null) {
    const frame = scan.frames.pop();
    if (frame === undefined) return;

    inspectLookupBody(scan, frame.body, {
      text: scan.text,
      start: frame.start,
      end: scan.text.length,
    });
    appendResolved(scan, "${" + frame.body);
  }
}

function inspectLookupBody(scan: LookupScan, body: string, span: TextSpan): void {
  if (body.startsWith("jndi:")) {
    scan.jndi = span;
  } else if (scan.probe === null && LOG4J_LOOKUP_PREFIXES.has(lookupPrefix(body))) {
    scan.probe = span;
  }
}

function lookupPrefix(body: string): string {
  const colon = body.indexOf(":");
  return colon === -1 ? "" : body.slice(0, colon);
}

function appendResolved(scan: LookupScan, value: string): void {
  const top = scan.frames[scan.frames.length - 1];
  if (top === undefined) {
    scan.resolved += value;
  } else {
    top.body += value;
  }
}

/** What Log4j puts in place of a lookup, as far as an obfuscation needs it to. */
function lookupValue(body: string): string {
  const delimiter = body.indexOf(":-");
  const name = delimiter === -1 ? body : body.slice(0, delimiter);
  if (name.startsWith("lower:") || name.startsWith("upper:")) return name.slice("lower:".length);
  if (name.startsWith("date:")) return quotedText(name.slice("date:".length));
  if (delimiter !== -1) return body.slice(delimiter + 2);
  return "${" + body + "}";
}

/** The literal parts of a date pattern: `'j'` formats as `j`. */
function quotedText(pattern: string): string {
  let literal = "";
  let quoted = false;
  for (const char of pattern) {
    if (char === "'") {
      quoted = !quoted;
    } else if (quoted) {
      literal += char;
    }
  }
  return literal;
}

// Catches what the lookup grammar does not, such as `${::-$}{jndi:…}`, which assembles its `${`
// from pieces, or a bare `jndi:ldap://` left by a filter that stripped the braces.
function findJndiUrl(resolved: string): TextSpan | null {
  let index = resolved.indexOf("jndi:");
  while (index !== -1) {
    const protocolStart = index + "jndi:".length;
    if (JNDI_PROTOCOLS.some((protocol) => resolved.startsWith(protocol + ":", protocolStart))) {
      const start = index >= 2 && resolved.startsWith("${", index - 2) ? index - 2 : index;
      return { text: resolved, start, end: resolved.length };
    }
    index = resolved.indexOf("jndi:", protocolStart);
  }
  return null;
}

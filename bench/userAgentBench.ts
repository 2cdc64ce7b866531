/**
 * How the User-Agent classifier's cost grows with input length, on hostile shapes and on benign
 * User-Agents. Prints nanoseconds per character at 1, 8 and 64 KiB; a linear scanner keeps the
 * figure flat across a row. The classifier here examines all 64 KiB (the default stops at 8 KiB).
 * Run with `npx tsx bench/userAgentBench.ts`.
 */
import { createUserAgentClassifier } from "../shared/detectors/userAgent/classifyUserAgent.js";

const SIZES_KIB = [1, 8, 64];
const MIN_SAMPLE_MS = 100;
const SAMPLES = 5;
const BROWSER_USER_AGENT =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

const SHAPES: ReadonlyArray<[string, string, string?]> = [
  ["${ openings", "${"],
  ["${::- openings", "${::-"],
  ["${lower: openings", "${lower:"],
  ["${ then a JNDI lookup", "${", "${jndi:ldap://x/a}"],
  ["( openings", "("],
  ["$( substitutions", "$("],
  ["; separators", "; "],
  ["{{ openings", "{{"],
  ["%25 escapes", "%25"],
  ["\\u00 broken escapes", "\\u00"],
  ["base64-like run", "Q9"],
  ["browser User-Agent", BROWSER_USER_AGENT + " "],
];

const classify = createUserAgentClassifier({ maxExaminedChars: 64 * 1024 });

function fill(unit: string, chars: number, tail = ""): string {
  return (
    unit.repeat(Math.ceil((chars - tail.length) / unit.length)).slice(0, chars - tail.length) + tail
  );
}

/** Median over several samples, each long enough to swamp timer resolution. */
function nanosecondsPerCall(input: string): number {
  const samples = Array.from({ length: SAMPLES }, () => sampleNanosecondsPerCall(input));
  return samples.sort((left, right) => left - right)[Math.floor(SAMPLES / 2)] ?? Number.NaN;
}

function sampleNanosecondsPerCall(input: string): number {
  let calls = 0;
  const startedNs = process.hrtime.bigint();
  let elapsedNs = 0n;
  while (elapsedNs < BigInt(MIN_SAMPLE_MS) * 1_000_000n) {
    classify(input);
    calls += 1;
    elapsedNs = process.hrtime.bigint() - startedNs;
  }
  return Number(elapsedNs) / calls;
}

function benchShape(name: string, unit: string, tail?: string): string[] {
  const perChar = SIZES_KIB.map((kib) => {
    const input = fill(unit, kib * 1024, tail);
    return nanosecondsPerCall(input) / input.length;
  });
  const growth = (perChar[perChar.length - 1] ?? 0) / (perChar[0] ?? 1);
  return [name, ...perChar.map((value) => value.toFixed(1)), growth.toFixed(2)];
}

function printRow(cells: readonly string[]): void {
  const [name = "", ...numbers] = cells;
  console.log(name.padEnd(24) + numbers.map((cell) => cell.padStart(10)).join(""));
}

function main(): void {
  // One pass over everything first, so the JIT has settled before anything is timed.
  for (const [, unit, tail] of SHAPES) classify(fill(unit, 64 * 1024, tail));

  printRow(["shape (ns/char)", ...SIZES_KIB.map((kib) => `${kib} KiB`), "64K/1K"]);
  for (const [name, unit, tail] of SHAPES) printRow(benchShape(name, unit, tail));

  const perBrowserUserAgentNs = nanosecondsPerCall(BROWSER_USER_AGENT);
  console.log(
    `\nOne ${BROWSER_USER_AGENT.length}-char browser User-Agent: ${perBrowserUserAgentNs.toFixed(0)} ns`,
  );
}

main();

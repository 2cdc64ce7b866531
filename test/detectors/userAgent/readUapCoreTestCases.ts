import { readFileSync } from "node:fs";

/** One entry of ua-parser's `test_ua.yaml`: a real User-Agent and the family it parses to. */
export interface UapCoreTestCase {
  userAgent: string;
  family: string;
}

/** ua-parser's corpus, from the reference data laid beside the repository (`../shared`). */
export const UAP_CORE_TEST_UA_PATH = new URL(
  "../../../../shared/data/ua-lists/uap-core-test_ua.yaml",
  import.meta.url,
);

const ENTRY_PREFIX = "- user_agent_string: ";
const FAMILY_PREFIX = "family: ";

/**
 * Reads the `user_agent_string` and `family` of every test case. The file is a flat list of
 * one-line scalars, so a line reader is enough; it throws on a quoting style it does not know.
 */
export function readUapCoreTestCases(path: URL = UAP_CORE_TEST_UA_PATH): UapCoreTestCase[] {
  const cases: UapCoreTestCase[] = [];
  const lines = readFileSync(path, "utf8").split("\n");
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed.startsWith(ENTRY_PREFIX)) {
      cases.push({ userAgent: parseScalar(trimmed.slice(ENTRY_PREFIX.length), index), family: "" });
    } else if (trimmed.startsWith(FAMILY_PREFIX) && cases.length > 0) {
      const current = cases[cases.length - 1];
      if (current !== undefined && current.family === "") {
        current.family = parseScalar(trimmed.slice(FAMILY_PREFIX.length), index);
      }
    }
  });
  return cases;
}

function parseScalar(raw: string, lineIndex: number): string {
  if (raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'")) {
    return raw.slice(1, -1).replaceAll("''", "'");
  }
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    const inner = raw.slice(1, -1);
    if (inner.includes("\\")) {
      throw new Error(
        `line ${lineIndex + 1}: escape sequences in double-quoted scalars are not read`,
      );
    }
    return inner;
  }
  if (raw.startsWith("'") || raw.startsWith('"')) {
    throw new Error(`line ${lineIndex + 1}: unterminated quoted scalar ${raw}`);
  }
  return raw;
}

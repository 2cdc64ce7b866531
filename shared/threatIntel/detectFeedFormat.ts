import { feedLines } from "./feedLines.js";
import { wordsOf } from "./lineFeed.js";

/** The feed formats gatewarden reads, each named after its parser. */
export type ThreatFeedFormat =
  | "plain-ip-list"
  | "cidr-list"
  | "abusech-csv"
  | "scored-ip-list"
  | "stix-bundle"
  | "tor-bulk-exit-list"
  | "tor-exit-addresses";

const SCORE = /^[0-9]+(?:\.[0-9]+)?$/;

/**
 * Guesses a feed's format from its first non-blank character and its first data line. A list of
 * bare addresses is `plain-ip-list`, even when it is the Tor bulk exit list: the two read alike.
 */
export function detectFeedFormat(text: string): ThreatFeedFormat {
  const firstVisible = text.search(/[^\s\ufeff]/);
  if (firstVisible !== -1 && text[firstVisible] === "{") return "stix-bundle";

  let sawSemicolonComment = false;
  for (const { text: line } of feedLines(text)) {
    const content = line.trim();
    if (content === "" || content.startsWith("#")) continue;
    if (content.startsWith(";")) {
      sawSemicolonComment = true;
      continue;
    }
    return formatOfFirstDataLine(content, sawSemicolonComment);
  }
  return sawSemicolonComment ? "cidr-list" : "plain-ip-list";
}

function formatOfFirstDataLine(content: string, sawSemicolonComment: boolean): ThreatFeedFormat {
  if (/^ExitNode\s/.test(content)) return "tor-exit-addresses";
  if (content.includes('"dst_ip"') || content.split(",").includes("dst_ip")) return "abusech-csv";
  if (sawSemicolonComment || content.includes(";")) return "cidr-list";

  const words = wordsOf(content);
  if (words.length === 2 && SCORE.test(words[1]!)) return "scored-ip-list";
  return "plain-ip-list";
}

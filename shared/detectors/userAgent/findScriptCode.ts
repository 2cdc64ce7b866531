import { findFirstLiteral } from "./findFirstLiteral.js";
import type { TextSpan } from "./textSpan.js";

// Defender's own validation sample is `javascript:`; the rest open code in a browser, an HTML
// renderer or a PHP interpreter that might one day display or include the header.
const SCRIPT_MARKERS = [
  "javascript:",
  "vbscript:",
  "livescript:",
  "data:text/html",
  "<script",
  "<?php",
  "<?=",
  "<svg",
  "<iframe",
  "onerror=",
  "onload=",
];

/** Finds the start of script code: a script URL scheme, an HTML script vector or a PHP tag. */
export function findScriptCode(text: string): TextSpan | null {
  const start = findFirstLiteral(text, SCRIPT_MARKERS);
  return start === -1 ? null : { text, start, end: text.length };
}

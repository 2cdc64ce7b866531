import type { WindowRange } from "../windows/window.js";

/** `the window 2024-05-02 10:00–10:20 UTC`, as alert descriptions name it. */
export function describeWindow(window: WindowRange): string {
  const start = new Date(window.startMs).toISOString();
  const end = new Date(window.endMs).toISOString();
  return `the window ${start.slice(0, 10)} ${start.slice(11, 16)}–${end.slice(11, 16)} UTC`;
}

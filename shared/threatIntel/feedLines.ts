/** One line of a feed's text. */
export interface FeedLine {
  /** 1-based. */
  lineNumber: number;
  /** The line without its line break. */
  text: string;
}

const BYTE_ORDER_MARK = "\ufeff";

/** The lines of `text`, numbered from 1, accepting LF or CRLF and dropping a byte-order mark. */
export function* feedLines(text: string): Generator<FeedLine> {
  const body = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  let lineNumber = 0;
  let start = 0;
  while (start < body.length) {
    const newline = body.indexOf("\n", start);
    const end = newline === -1 ? body.length : newline;
    lineNumber += 1;
    const line = body.slice(start, end);
    yield { lineNumber, text: line.endsWith("\r") ? line.slice(0, -1) : line };
    start = end + 1;
  }
}

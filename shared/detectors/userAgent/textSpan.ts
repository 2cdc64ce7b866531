/**
 * Where a scanner found something: `text[start, end)`. `text` is the string the scanner read,
 * usually the normalised User-Agent, sometimes a copy with Log4j lookups already resolved.
 */
export interface TextSpan {
  text: string;
  start: number;
  end: number;
}

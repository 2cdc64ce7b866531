/**
 * The earliest index in `text` at which any of `literals` starts, or -1. One indexOf per
 * literal, so linear in the text for a fixed list.
 */
export function findFirstLiteral(text: string, literals: readonly string[]): number {
  let first = -1;
  for (const literal of literals) {
    const index = text.indexOf(literal);
    if (index !== -1 && (first === -1 || index < first)) first = index;
  }
  return first;
}

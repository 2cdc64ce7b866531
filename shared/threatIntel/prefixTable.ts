/**
 * Network prefixes of one address family, each carrying payloads, with most-specific lookup.
 * Addresses are arrays of unsigned 32-bit words, most significant first: one word for IPv4,
 * four for IPv6.
 *
 * The prefixes are flattened into sorted, disjoint segments of the address space. Each segment
 * names the innermost prefix covering it and each prefix names the prefix enclosing it, so a
 * lookup is a binary search, O(log n), plus a walk outwards that only goes past a prefix whose
 * payloads the caller refuses. The search is confined to the segments sharing the address's
 * leading 16 bits, which for IPv4 leaves a handful. Adding is O(1); the first lookup after adds
 * rebuilds the segments in O(n log n), so add in bulk rather than interleave adds and lookups.
 * Memory is O(n): about 2n segments and a fixed 256 KiB bucket index per family.
 */
export class PrefixTable<P> {
  private readonly networks: number[] = [];
  private readonly prefixLengths: number[] = [];
  private readonly payloads: P[][] = [];
  private readonly indexByKey = new Map<number | string, number>();
  private payloadCount = 0;
  private segments: Segments | null = null;

  constructor(private readonly wordCount: number) {}

  /** How many payloads were added. */
  get entryCount(): number {
    return this.payloadCount;
  }

  /** How many distinct prefixes hold those payloads. */
  get prefixCount(): number {
    return this.prefixLengths.length;
  }

  /** Adds `payload` to the prefix `network/prefixLength`; `network` has no host bits set. */
  add(network: readonly number[], prefixLength: number, payload: P): void {
    const key = this.keyOf(network, prefixLength);
    let index = this.indexByKey.get(key);
    if (index === undefined) {
      index = this.prefixLengths.length;
      this.indexByKey.set(key, index);
      this.networks.push(...network);
      this.prefixLengths.push(prefixLength);
      this.payloads.push([]);
    }

    this.payloads[index]!.push(payload);
    this.payloadCount += 1;
    this.segments = null;
  }

  /** The first payload `accept` keeps, searching the innermost covering prefix first. */
  find(address: readonly number[], accept: (payload: P) => boolean): P | null {
    for (let index = this.innermost(address); index >= 0; index = this.parentOf(index)) {
      for (const payload of this.payloads[index]!) {
        if (accept(payload)) return payload;
      }
    }
    return null;
  }

  /** Every payload `accept` keeps, innermost covering prefix first, in adding order per prefix. */
  findAll(address: readonly number[], accept: (payload: P) => boolean): P[] {
    const kept: P[] = [];
    for (let index = this.innermost(address); index >= 0; index = this.parentOf(index)) {
      for (const payload of this.payloads[index]!) {
        if (accept(payload)) kept.push(payload);
      }
    }
    return kept;
  }

  private keyOf(network: readonly number[], prefixLength: number): number | string {
    // An IPv4 word times 64 stays below 2^38, an exact integer, so a number key is safe and fast.
    if (this.wordCount === 1) return network[0]! * 64 + prefixLength;
    return `${network.join(",")}/${prefixLength}`;
  }

  private parentOf(index: number): number {
    return this.built().parents[index]!;
  }

  /** The index of the innermost prefix covering `address`, or -1. */
  private innermost(address: readonly number[]): number {
    const { starts, prefixIndexes, bucketFirsts } = this.built();
    const bucket = address[0]! >>> BUCKET_SHIFT;
    const first = bucketFirsts[bucket]!;
    const found = lastStartAtOrBefore(
      starts,
      first,
      bucketFirsts[bucket + 1]! - 1,
      address,
      this.wordCount,
    );
    // No segment of this bucket starts early enough: the one before the bucket runs into it.
    const segment = found === -1 ? first - 1 : found;
    return segment === -1 ? -1 : prefixIndexes[segment]!;
  }

  private built(): Segments {
    this.segments ??= buildSegments(this.networks, this.prefixLengths, this.wordCount);
    return this.segments;
  }
}

interface Segments {
  /** First address of each segment, `wordCount` words each, ascending. */
  starts: Uint32Array;
  /** Innermost prefix covering each segment, or -1 for a gap no prefix covers. */
  prefixIndexes: Int32Array;
  /** Enclosing prefix of each prefix, or -1. */
  parents: Int32Array;
  /**
   * For each value of an address's leading 16 bits, the first segment starting there or later,
   * plus one closing entry, so a lookup searches only the segments of its own bucket.
   */
  bucketFirsts: Uint32Array;
}

const ALL_ONES = 0xffff_ffff;
const WORD_BITS = 32;
const BUCKET_SHIFT = 16;
const BUCKET_COUNT = 1 << 16;

/**
 * Sweeps the prefixes in address order, widest first at equal starts, keeping the open ones on a
 * stack. A prefix opens a segment where it starts; closing one opens a segment for its parent
 * just past its last address.
 */
function buildSegments(networks: number[], prefixLengths: number[], width: number): Segments {
  const count = prefixLengths.length;
  const lasts = lastAddresses(networks, prefixLengths, width);
  const order = Array.from({ length: count }, (_, index) => index).sort(
    (a, b) =>
      compareWords(networks, a * width, networks, b * width, width) ||
      prefixLengths[a]! - prefixLengths[b]!,
  );

  const parents = new Int32Array(count).fill(-1);
  const segments = new SegmentList(width);
  const open: number[] = [];
  const close = (): void => {
    const closed = open.pop()!;
    const next = successor(lasts, closed * width, width);
    if (next !== null) segments.push(next, 0, open.at(-1) ?? -1);
  };

  for (const index of order) {
    while (
      open.length > 0 &&
      compareWords(lasts, open.at(-1)! * width, networks, index * width, width) < 0
    ) {
      close();
    }
    parents[index] = open.at(-1) ?? -1;
    segments.push(networks, index * width, index);
    open.push(index);
  }
  while (open.length > 0) close();

  const { starts, prefixIndexes } = segments.finish();
  return { starts, prefixIndexes, parents, bucketFirsts: bucketFirstsOf(starts, width) };
}

function bucketFirstsOf(starts: Uint32Array, width: number): Uint32Array {
  const segmentCount = starts.length / width;
  const bucketFirsts = new Uint32Array(BUCKET_COUNT + 1);
  let segment = 0;
  for (let bucket = 0; bucket <= BUCKET_COUNT; bucket += 1) {
    while (segment < segmentCount && starts[segment * width]! >>> BUCKET_SHIFT < bucket) {
      segment += 1;
    }
    bucketFirsts[bucket] = segment;
  }
  return bucketFirsts;
}

/** Binary search in segments `low..high` for the last one starting at or before `address`, or -1. */
function lastStartAtOrBefore(
  starts: Uint32Array,
  low: number,
  high: number,
  address: readonly number[],
  width: number,
): number {
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const startsAtOrBefore =
      width === 1
        ? starts[middle]! <= address[0]!
        : compareWords(starts, middle * width, address, 0, width) <= 0;
    if (startsAtOrBefore) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** Segment starts and prefixes, collapsing two pushes at one address into the later one. */
class SegmentList {
  private readonly starts: number[] = [];
  private readonly prefixIndexes: number[] = [];

  constructor(private readonly width: number) {}

  push(words: ArrayLike<number>, offset: number, prefixIndex: number): void {
    const last = this.prefixIndexes.length - 1;
    if (
      last >= 0 &&
      compareWords(this.starts, last * this.width, words, offset, this.width) === 0
    ) {
      this.prefixIndexes[last] = prefixIndex;
      return;
    }
    for (let word = 0; word < this.width; word += 1) this.starts.push(words[offset + word]!);
    this.prefixIndexes.push(prefixIndex);
  }

  finish(): { starts: Uint32Array; prefixIndexes: Int32Array } {
    return {
      starts: Uint32Array.from(this.starts),
      prefixIndexes: Int32Array.from(this.prefixIndexes),
    };
  }
}

function lastAddresses(networks: number[], prefixLengths: number[], width: number): Uint32Array {
  const lasts = new Uint32Array(networks.length);
  for (let index = 0; index < prefixLengths.length; index += 1) {
    for (let word = 0; word < width; word += 1) {
      const fixedBits = Math.min(Math.max(prefixLengths[index]! - word * WORD_BITS, 0), WORD_BITS);
      const hostMask = fixedBits === WORD_BITS ? 0 : ALL_ONES >>> fixedBits;
      lasts[index * width + word] = (networks[index * width + word]! | hostMask) >>> 0;
    }
  }
  return lasts;
}

/** The address after the one at `offset`, or null past the end of the address space. */
function successor(words: Uint32Array, offset: number, width: number): number[] | null {
  const next = Array.from(words.subarray(offset, offset + width));
  for (let word = width - 1; word >= 0; word -= 1) {
    if (next[word] !== ALL_ONES) {
      next[word] = next[word]! + 1;
      return next;
    }
    next[word] = 0;
  }
  return null;
}

function compareWords(
  left: ArrayLike<number>,
  leftOffset: number,
  right: ArrayLike<number>,
  rightOffset: number,
  width: number,
): number {
  for (let word = 0; word < width; word += 1) {
    const difference = left[leftOffset + word]! - right[rightOffset + word]!;
    if (difference !== 0) return difference;
  }
  return 0;
}

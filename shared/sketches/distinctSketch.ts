import { HASH_LIMIT, hashText } from "./hashText.js";
import {
  addToRegisters,
  estimateFromRegisters,
  MAX_RANK,
  REGISTER_COUNT,
  STANDARD_ERROR,
} from "./hyperLogLog.js";

/**
 * Up to this many distinct hashes are kept as a set and counted exactly. 512 hashes of 7 bytes
 * are about the size of the 4 KiB of registers that replace them, so the switch costs no space.
 */
export const EXACT_LIMIT = 512;
/** Relative standard error above `EXACT_LIMIT`; exact (zero) at or below it. */
export const SKETCH_STANDARD_ERROR = STANDARD_ERROR;

/** Up to this many hashes live in an array, scanned linearly, before a Set takes over. */
const FEW_LIMIT = 16;
const HASH_BYTES = 7;
/** Buffer reads and writes stop at 6 bytes, so a hash is written as 1 high byte and 6 low. */
const LOW_HASH_LIMIT = 2 ** 48;
const EXACT_TAG = "e";
const REGISTERS_TAG = "h";

/**
 * A mergeable distinct counter: an exact set of 52-bit hashes up to `EXACT_LIMIT`, a
 * HyperLogLog of 4,096 registers above it. Its state depends only on the set of hashes added,
 * never on their order or on how they were split across partials, so merging is commutative,
 * associative and idempotent and `encode()` of any split equals `encode()` of the whole.
 *
 * Written here rather than taken from `bloom-filters` (the maintained JS HyperLogLog): that one
 * hashes each element to a binary string, keeps 0-based ranks so its linear-counting correction
 * counts half the filled registers as empty, has no exact mode, and serialises registers as a
 * JSON number array.
 */
export class DistinctSketch {
  // Three forms, one at a time: a short array (most keys see a handful of values, and an array
  // costs a fraction of a Set), a Set up to EXACT_LIMIT, then registers.
  #few: number[] | null = [];
  #many: Set<number> | null = null;
  #registers: Uint8Array | null = null;

  /** Adds a string, hashed with `hashText`. Secret values must be keyed hashes already. */
  addText(text: string): void {
    this.addHash(hashText(text));
  }

  /** Adds a 52-bit hash (an integer from 0 to 2^52 − 1). */
  addHash(hash: number): void {
    if (this.#registers) {
      addToRegisters(this.#registers, hash);
      return;
    }
    const few = this.#few;
    if (few) {
      if (few.includes(hash)) return;
      if (few.length < FEW_LIMIT) {
        // A copy one longer (concat sizes it exactly), not a push, which makes room for 17: a
        // merged window holds a sketch per client, endpoint and parameter, most with one or two.
        this.#few = few.concat(hash);
        return;
      }
      this.#many = new Set(few);
      this.#few = null;
    }
    const many = this.#many!;
    many.add(hash);
    if (many.size > EXACT_LIMIT) this.#toRegisters();
  }

  /** Adds everything `other` counted; `other` is left unchanged. */
  merge(other: DistinctSketch): void {
    const registers = other.#registers;
    if (registers) {
      if (!this.#registers) this.#toRegisters();
      const own = this.#registers!;
      for (let index = 0; index < REGISTER_COUNT; index += 1) {
        if (registers[index]! > own[index]!) own[index] = registers[index]!;
      }
      return;
    }
    for (const hash of other.#exact()) this.addHash(hash);
  }

  /** The number of distinct values: exact up to `EXACT_LIMIT`, an estimate above it. */
  estimate(): number {
    if (this.#registers) return estimateFromRegisters(this.#registers);
    return this.#few ? this.#few.length : this.#many!.size;
  }

  get exact(): boolean {
    return this.#registers === null;
  }

  /** The exact hashes, ascending, or null once the sketch holds registers. */
  exactHashes(): number[] | null {
    return this.#registers ? null : [...this.#exact()].sort((a, b) => a - b);
  }

  copy(): DistinctSketch {
    const copy = new DistinctSketch();
    copy.merge(this);
    return copy;
  }

  /**
   * A compact string: `e` and the sorted hashes as 7-byte big-endian base64, or `h` and the
   * 4,096 registers as base64. Two sketches of the same set encode to the same string.
   */
  encode(): string {
    if (this.#registers) return REGISTERS_TAG + Buffer.from(this.#registers).toString("base64");
    const hashes = this.exactHashes()!;
    const bytes = Buffer.alloc(hashes.length * HASH_BYTES);
    hashes.forEach((hash, index) => writeHash(bytes, index * HASH_BYTES, hash));
    return EXACT_TAG + bytes.toString("base64");
  }

  /** Reads `encode()`'s form; `field` names the value in the error when it is malformed. */
  static decode(text: string, field = "sketch"): DistinctSketch {
    const tag = text.charAt(0);
    const bytes = Buffer.from(text.slice(1), "base64");
    if (tag === EXACT_TAG) return decodeExact(bytes, field);
    if (tag === REGISTERS_TAG) return DistinctSketch.#decodeRegisters(bytes, field);
    throw new Error(
      `${field}: expected a distinct sketch starting with "e" or "h", got ${JSON.stringify(text.slice(0, 20))}`,
    );
  }

  static #decodeRegisters(bytes: Buffer, field: string): DistinctSketch {
    if (bytes.length !== REGISTER_COUNT) {
      throw new Error(
        `${field}: a HyperLogLog sketch has ${REGISTER_COUNT} registers, got ${bytes.length}`,
      );
    }
    const registers = new Uint8Array(bytes);
    const bad = registers.findIndex((rank) => rank > MAX_RANK);
    if (bad >= 0) {
      throw new Error(
        `${field}: register ${bad} holds ${registers[bad]}, above the largest rank ${MAX_RANK}`,
      );
    }
    const sketch = new DistinctSketch();
    sketch.#few = null;
    sketch.#registers = registers;
    return sketch;
  }

  #exact(): Iterable<number> {
    return this.#few ?? this.#many ?? [];
  }

  #toRegisters(): void {
    const registers = new Uint8Array(REGISTER_COUNT);
    for (const hash of this.#exact()) addToRegisters(registers, hash);
    this.#few = null;
    this.#many = null;
    this.#registers = registers;
  }
}

function decodeExact(bytes: Buffer, field: string): DistinctSketch {
  if (bytes.length % HASH_BYTES !== 0 || bytes.length / HASH_BYTES > EXACT_LIMIT) {
    throw new Error(
      `${field}: an exact sketch holds up to ${EXACT_LIMIT} hashes of ${HASH_BYTES} bytes, got ${bytes.length} bytes`,
    );
  }
  const sketch = new DistinctSketch();
  for (let offset = 0; offset < bytes.length; offset += HASH_BYTES) {
    const hash = bytes.readUInt8(offset) * LOW_HASH_LIMIT + bytes.readUIntBE(offset + 1, 6);
    if (hash >= HASH_LIMIT) throw new Error(`${field}: hash ${hash} is not below 2^52`);
    sketch.addHash(hash);
  }
  return sketch;
}

function writeHash(bytes: Buffer, offset: number, hash: number): void {
  const high = Math.floor(hash / LOW_HASH_LIMIT);
  bytes.writeUInt8(high, offset);
  bytes.writeUIntBE(hash - high * LOW_HASH_LIMIT, offset + 1, 6);
}

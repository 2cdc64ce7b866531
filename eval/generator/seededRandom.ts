/**
 * A seeded pseudo-random source (xoshiro128**, seeded through splitmix32). Streams are named:
 * `SeededRandom.stream(seed, "sessions:42")` always gives the same sequence, whatever other
 * streams have drawn, so adding an attack never shifts the benign traffic.
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private constructor(words: readonly [number, number, number, number]) {
    [this.s0, this.s1, this.s2, this.s3] = words;
  }

  /** The stream named `name` under `seed`; equal arguments give equal sequences. */
  static stream(seed: number, name: string): SeededRandom {
    let state = hashName(seed, name);
    const words: [number, number, number, number] = [0, 0, 0, 0];
    for (let index = 0; index < 4; index += 1) {
      state = (state + 0x9e3779b9) | 0;
      words[index] = splitmix32(state);
    }
    // xoshiro never leaves the all-zero state, so it must never start there.
    if (words.every((word) => word === 0)) words[0] = 1;
    return new SeededRandom(words);
  }

  /** A generator in exactly this state, for known-answer tests against the reference output. */
  static fromState(words: readonly [number, number, number, number]): SeededRandom {
    return new SeededRandom(words);
  }

  /** An unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotateLeft(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const shifted = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= shifted;
    this.s3 = rotateLeft(this.s3, 11);
    return result;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4_294_967_296;
  }

  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  /** An integer in [min, max], both inclusive. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** A float in [min, max). */
  uniform(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("SeededRandom.pick: cannot pick from an empty list");
    return items[this.int(items.length)] as T;
  }

  /** A standard normal deviate (Box-Muller). */
  normal(): number {
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    return radius * Math.cos(2 * Math.PI * this.next());
  }

  /** A lognormal deviate with the given median and log-space standard deviation. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** A Pareto deviate of shape `alpha` and minimum `minimum`: the heavy tail of client activity. */
  pareto(alpha: number, minimum: number): number {
    return minimum * Math.pow(1 - this.next(), -1 / alpha);
  }

  /** A Poisson count: exact below a mean of 30, a rounded normal approximation above. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean >= 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count += 1;
      product *= this.next();
    }
    return count;
  }

  /** `length` lower-case hex digits. */
  hex(length: number): string {
    let text = "";
    while (text.length < length) text += hexWord(this.nextUint32());
    return text.slice(0, length);
  }

  /** A version-4 GUID in the lower-case form APIM writes into correlationId. */
  uuid(): string {
    const first = hexWord(this.nextUint32());
    const second = this.nextUint32();
    const third = this.nextUint32();
    const fourth = hexWord(this.nextUint32());
    const version = hexWord(((second & 0xffff0fff) | 0x4000) >>> 0);
    const variant = hexWord(((third & 0x3fffffff) | 0x80000000) >>> 0);
    return `${first}-${version.slice(0, 4)}-${version.slice(4)}-${variant.slice(0, 4)}-${variant.slice(4)}${fourth}`;
  }

  /** Fisher-Yates shuffle into a new array. */
  shuffled<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index -= 1) {
      const other = this.int(index + 1);
      [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
    }
    return copy;
  }
}

const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

function hexWord(word: number): string {
  return (
    (BYTE_HEX[word >>> 24] as string) +
    (BYTE_HEX[(word >>> 16) & 0xff] as string) +
    (BYTE_HEX[(word >>> 8) & 0xff] as string) +
    (BYTE_HEX[word & 0xff] as string)
  );
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

function splitmix32(state: number): number {
  let mixed = state;
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
  return (mixed ^ (mixed >>> 16)) >>> 0;
}

function hashName(seed: number, name: string): number {
  let hash = Math.imul(seed ^ 0x2c1b3c6d, 0x297a2d39) ^ Math.imul(Math.floor(seed / 2 ** 32), 31);
  for (let index = 0; index < name.length; index += 1) {
    hash = Math.imul(hash ^ name.charCodeAt(index), 0x01000193);
    hash ^= hash >>> 15;
  }
  return hash | 0;
}

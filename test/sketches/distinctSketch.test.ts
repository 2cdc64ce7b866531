import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DistinctSketch,
  EXACT_LIMIT,
  SKETCH_STANDARD_ERROR,
} from "../../shared/sketches/distinctSketch.js";
import { hashText } from "../../shared/sketches/hashText.js";

function sketchOf(values: readonly string[]): DistinctSketch {
  const sketch = new DistinctSketch();
  for (const value of values) sketch.addText(value);
  return sketch;
}

function merged(...sketches: DistinctSketch[]): DistinctSketch {
  const into = new DistinctSketch();
  for (const sketch of sketches) into.merge(sketch);
  return into;
}

/** Value lists that stay exact, cross the limit, or end far above it. */
const valueLists = fc.oneof(
  fc.array(fc.string({ maxLength: 12 }), { maxLength: 40 }),
  fc
    .tuple(fc.integer({ min: 0, max: 3 * EXACT_LIMIT }), fc.integer({ min: 0, max: 1000 }))
    .map(([count, offset]) => Array.from({ length: count }, (_, i) => `v${offset + i}`)),
);

describe("DistinctSketch", () => {
  it("merges commutatively: a then b encodes exactly as b then a", () => {
    fc.assert(
      fc.property(valueLists, valueLists, (a, b) => {
        expect(merged(sketchOf(a), sketchOf(b)).encode()).toBe(
          merged(sketchOf(b), sketchOf(a)).encode(),
        );
      }),
      { numRuns: 60 },
    );
  });

  it("merges associatively: (a b) c encodes exactly as a (b c)", () => {
    fc.assert(
      fc.property(valueLists, valueLists, valueLists, (a, b, c) => {
        const left = merged(merged(sketchOf(a), sketchOf(b)), sketchOf(c));
        const right = merged(sketchOf(a), merged(sketchOf(b), sketchOf(c)));
        expect(left.encode()).toBe(right.encode());
      }),
      { numRuns: 40 },
    );
  });

  it("merges idempotently: a sketch merged with itself is unchanged", () => {
    fc.assert(
      fc.property(valueLists, (a) => {
        const sketch = sketchOf(a);
        const before = sketch.encode();
        sketch.merge(sketch.copy());
        expect(sketch.encode()).toBe(before);
      }),
      { numRuns: 60 },
    );
  });

  it("gives the state of one sketch of everything for any split of the input into partials", () => {
    fc.assert(
      fc.property(
        valueLists,
        fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
        (values, cuts) => {
          const parts = cuts.length + 1;
          const partials = Array.from({ length: parts }, () => new DistinctSketch());
          values.forEach((value, index) =>
            partials[(cuts[index % cuts.length]! + index) % parts]!.addText(value),
          );
          expect(merged(...partials).encode()).toBe(sketchOf(values).encode());
        },
      ),
      { numRuns: 60 },
    );
  });

  it("counts exactly up to the exact limit, duplicates included", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: EXACT_LIMIT }), (values) => {
        const sketch = sketchOf([...values, ...values]);
        expect(sketch.exact).toBe(true);
        expect(sketch.estimate()).toBe(values.length);
      }),
      { numRuns: 40 },
    );
  });

  it("switches to registers one value past the exact limit", () => {
    const values = Array.from({ length: EXACT_LIMIT }, (_, i) => `id-${i}`);
    const sketch = sketchOf(values);
    expect(sketch.exact).toBe(true);

    sketch.addText("one more");

    expect(sketch.exact).toBe(false);
    expect(Math.abs(sketch.estimate() - (EXACT_LIMIT + 1))).toBeLessThan(
      3 * SKETCH_STANDARD_ERROR * (EXACT_LIMIT + 1),
    );
  });

  it.each([10_000, 100_000, 1_000_000])(
    "estimates %i distinct values within three standard errors for each of three seeds",
    (count) => {
      for (const seed of ["a", "b", "c"]) {
        const sketch = new DistinctSketch();
        for (let index = 0; index < count; index += 1) sketch.addText(`${seed}:${index}`);
        const relativeError = Math.abs(sketch.estimate() - count) / count;
        expect(relativeError).toBeLessThan(3 * SKETCH_STANDARD_ERROR);
      }
    },
  );

  it("survives encode and decode in both forms", () => {
    for (const count of [0, 7, EXACT_LIMIT, 5_000]) {
      const sketch = sketchOf(Array.from({ length: count }, (_, i) => `x${i}`));
      const decoded = DistinctSketch.decode(sketch.encode());
      expect(decoded.encode()).toBe(sketch.encode());
      expect(decoded.estimate()).toBe(sketch.estimate());
    }
  });

  it("keeps a 52-bit hash exact through the codec, including the top byte", () => {
    const sketch = new DistinctSketch();
    sketch.addHash(2 ** 52 - 1);
    sketch.addHash(2 ** 48);
    sketch.addHash(0);

    expect(DistinctSketch.decode(sketch.encode()).exactHashes()).toEqual([0, 2 ** 48, 2 ** 52 - 1]);
  });

  it("rejects malformed encodings with the field and what was expected", () => {
    expect(() => DistinctSketch.decode("zAAAA", "distinct.clients[3]")).toThrow(
      'distinct.clients[3]: expected a distinct sketch starting with "e" or "h", got "zAAAA"',
    );
    expect(() => DistinctSketch.decode("eAAAA", "values")).toThrow(
      "values: an exact sketch holds up to 512 hashes of 7 bytes, got 3 bytes",
    );
    expect(() =>
      DistinctSketch.decode(`h${Buffer.alloc(10).toString("base64")}`, "values"),
    ).toThrow("values: a HyperLogLog sketch has 4096 registers, got 10");
    const registers = Buffer.alloc(4096);
    registers[5] = 42;
    expect(() => DistinctSketch.decode(`h${registers.toString("base64")}`, "values")).toThrow(
      "values: register 5 holds 42, above the largest rank 41",
    );
  });

  it("hashes text to integers below 2^52 that differ for near-identical inputs", () => {
    const hashes = new Set(Array.from({ length: 10_000 }, (_, i) => hashText(String(10_000 + i))));
    expect(hashes.size).toBe(10_000);
    for (const hash of hashes) expect(Number.isSafeInteger(hash) && hash < 2 ** 52).toBe(true);
  });
});

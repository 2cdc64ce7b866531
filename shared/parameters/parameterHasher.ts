import { createHmac } from "node:crypto";

/**
 * The key used when `GATEWARDEN_PARAMETER_HASH_KEY` is unset, so replays and the demo work with
 * no setup and give the same hashes run after run. It is public, so its hashes are pseudonyms
 * only: anyone can test a guessed value against them. Deployments set their own key.
 */
export const DEVELOPMENT_HASH_KEY = "gatewarden-development-parameter-key-not-secret";

/** Hex characters kept of the HMAC: 64 bits, so distinct values collide with odds ~n²/2⁶⁵. */
export const VALUE_HASH_HEX_CHARS = 16;

/** Maps a clear value to its keyed hash (lower-case hex, `VALUE_HASH_HEX_CHARS` long). */
export type ValueHasher = (value: string) => string;

/** HMAC-SHA-256 of the UTF-8 value under `key`, truncated. Same key and value, same hash. */
export function createValueHasher(key: string): ValueHasher {
  if (key === "") throw new Error("parameter hash key: expected a non-empty key");
  return (value) =>
    createHmac("sha256", key).update(value, "utf8").digest("hex").slice(0, VALUE_HASH_HEX_CHARS);
}

/**
 * Deterministic pseudo-random numbers for the few things the generator decides in JavaScript (the alliance's
 * practices, the submission calendar). Every row of data is drawn in SQL instead, with DuckDB's `hash()`.
 */

/** cyrb53: a fast, well-mixed 53-bit string hash. */
function cyrb53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A uniform number in (0, 1) determined by the seed and the key parts. */
export function uniform(seed: number, ...parts: (string | number)[]): number {
  return (cyrb53(parts.join("\u0001"), seed) + 0.5) / 9007199254740992;
}

/** A standard normal number determined by the seed and the key parts (Box–Muller). */
export function normal(seed: number, ...parts: (string | number)[]): number {
  const u1 = uniform(seed, ...parts, "n1");
  const u2 = uniform(seed, ...parts, "n2");
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** An integer in [lo, hi] determined by the seed and the key parts. */
export function intBetween(seed: number, lo: number, hi: number, ...parts: (string | number)[]): number {
  return lo + Math.floor(uniform(seed, ...parts) * (hi - lo + 1));
}

/**
 * MinHash LSH band keys over token shingles. No longer the candidate step (that is BM25 over the term index,
 * shared/domain/matching); kept for the triage evaluation script, which reports the old candidate recall.
 */
/**
 * 32 bands of 2 rows (64 MinHash values). With b bands of r rows, two claims whose shingle sets have Jaccard
 * similarity s become candidates with probability 1 - (1 - s^r)^b. Rewordings of short claims share few bigrams,
 * so their unigram+bigram Jaccard is often only 0.3-0.5: with 32x2 that still gives 0.95-1.0 candidate probability,
 * while 16x4 would give 0.12-0.63. Unrelated claims (s < 0.1) collide with probability < 0.28 per pair and are
 * rejected by `matchSimilarity`. The evaluation script reports both settings.
 */
export const LSH_BANDS = 32;
export const LSH_ROWS = 2;

// ---------------------------------------------------------------------------------------------------------------
// Hashing (deterministic, seeded; no randomness at run time)
// ---------------------------------------------------------------------------------------------------------------

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** The seeded hash family: one 32-bit seed per MinHash row, from a fixed splitmix32 sequence. */
function makeSeeds(count: number, seed: number): Uint32Array {
  const out = new Uint32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state + 0x9e3779b9) >>> 0;
    out[i] = fmix32(state);
  }
  return out;
}

/** Compute MinHash values for a set of shingles (exported for the evaluation script). */
export function minHash(shingles: Iterable<string>, count: number, seed = 0x5eed1234): Uint32Array {
  const seeds = count === LSH_BANDS * LSH_ROWS && seed === 0x5eed1234 ? DEFAULT_SEEDS : makeSeeds(count, seed);
  const mins = new Uint32Array(count).fill(0xffffffff);
  for (const shingle of shingles) {
    const h = hashString(shingle);
    for (let i = 0; i < count; i++) {
      const v = fmix32(h ^ (seeds[i] as number));
      if (v < (mins[i] as number)) mins[i] = v;
    }
  }
  return mins;
}

const DEFAULT_SEEDS = makeSeeds(LSH_BANDS * LSH_ROWS, 0x5eed1234);

/** Band keys ("b3:9f2c1a7e") for a shingle set; an empty set has no band keys (it can never be a candidate). */
export function bandKeys(shingles: ReadonlySet<string>, bands = LSH_BANDS, rows = LSH_ROWS): string[] {
  if (shingles.size === 0) return [];
  const mins = minHash(shingles, bands * rows);
  const keys: string[] = [];
  for (let b = 0; b < bands; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < rows; r++) {
      h = Math.imul(h ^ (mins[b * rows + r] as number), 0x01000193);
    }
    keys.push(`b${b}:${fmix32(h).toString(16).padStart(8, '0')}`);
  }
  return keys;
}

/** Unigrams and bigrams of the canonical token sequence. */
export function shingles(tokens: readonly string[]): Set<string> {
  const out = new Set<string>(tokens);
  for (let i = 0; i + 1 < tokens.length; i++) out.add(`${tokens[i]} ${tokens[i + 1]}`);
  return out;
}

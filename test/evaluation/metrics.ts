/** Ranking and classification metrics of the CheckThat! check-worthiness tasks. */

/** Average precision of items ranked by score (ties broken pessimistically: negatives first). */
export function averagePrecision(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  const order = scores.map((_s, i) => i).sort((a, b) => scores[b]! - scores[a]! || labels[a]! - labels[b]!);
  let hits = 0;
  let sum = 0;
  order.forEach((i, rank) => {
    if (labels[i] === 1) {
      hits++;
      sum += hits / (rank + 1);
    }
  });
  return hits === 0 ? 0 : sum / hits;
}

/** Mean of the per-group average precision (CheckThat! debates: one group per debate). */
export function meanAveragePrecision(scores: readonly number[], labels: readonly (0 | 1)[], groups: readonly string[]): number {
  const by = new Map<string, number[]>();
  groups.forEach((g, i) => {
    by.set(g, [...(by.get(g) ?? []), i]);
  });
  const aps = [...by.values()].map((idx) =>
    averagePrecision(
      idx.map((i) => scores[i]!),
      idx.map((i) => labels[i]!),
    ),
  );
  return aps.reduce((a, b) => a + b, 0) / Math.max(1, aps.length);
}

/** F1 of the positive class for "score >= threshold". */
export function positiveF1(scores: readonly number[], labels: readonly (0 | 1)[], threshold: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  scores.forEach((s, i) => {
    const p = s >= threshold;
    if (p && labels[i] === 1) tp++;
    else if (p) fp++;
    else if (labels[i] === 1) fn++;
  });
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** Seeded PRNG (mulberry32) for shuffles and random baselines that rerun identically. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

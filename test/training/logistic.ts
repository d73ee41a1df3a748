/**
 * The logistic regression every check-worthiness model is trained with: AdaGrad over hashed sparse features, a seeded
 * shuffle (a rerun writes the same bytes), Int8 quantization. Shared by train-triage.ts and train-transcript.ts.
 */
import { hashFeature } from '../../shared/domain/triage/check-worthiness-features.ts';
import { seededRandom } from '../evaluation/metrics.ts';

export const SEED = 20261201;

export interface Settings {
  bits: number;
  l2: number;
  epochs: number;
  /** Weight of a positive example (the classes are unbalanced: 3% of debate sentences are check-worthy). */
  positiveWeight: number;
}

export interface Encoded {
  names: string[];
  values: Float32Array;
  label: 0 | 1;
  weight: number;
}

export function hashAll(enc: readonly Encoded[], bits: number): Int32Array[] {
  return enc.map((e) => Int32Array.from(e.names.map((n) => hashFeature(n, bits))));
}

export function train(enc: readonly Encoded[], idx: readonly Int32Array[], s: Settings): Float64Array {
  const w = new Float64Array(2 ** s.bits);
  const g2 = new Float64Array(2 ** s.bits).fill(1e-6);
  const rnd = seededRandom(SEED);
  const order = enc.map((_, i) => i);
  const lr = 0.5;
  for (let epoch = 0; epoch < s.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const k of order) {
      const e = enc[k]!;
      const ix = idx[k]!;
      let z = 0;
      for (let j = 0; j < ix.length; j++) z += w[ix[j]!]! * e.values[j]!;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - e.label) * e.weight * (e.label === 1 ? s.positiveWeight : 1);
      for (let j = 0; j < ix.length; j++) {
        const h = ix[j]!;
        const grad = g * e.values[j]! + s.l2 * w[h]!;
        g2[h]! += grad * grad;
        w[h]! -= (lr * grad) / Math.sqrt(g2[h]!);
      }
    }
  }
  return w;
}

/** Int8 weights: the scale clips the largest 0.01% so that small n-gram weights keep their resolution. */
export function quantize(w: Float64Array): { weights: Int8Array; scale: number } {
  const mags = Array.from(w, Math.abs)
    .filter((x) => x > 0)
    .sort((a, b) => a - b);
  const clip = mags[Math.floor(mags.length * 0.9999)] ?? 1;
  const scale = clip / 127;
  const weights = Int8Array.from(w, (x) => Math.max(-127, Math.min(127, Math.round(x / scale))));
  return { weights, scale };
}

/** Distinct feature names must not share a bucket in a small model (their weights would be mixed up). */
export function checkNoCollisions(enc: readonly Encoded[], bits: number, model: string): void {
  const seen = new Map<number, string>();
  for (const e of enc)
    for (const n of e.names) {
      const h = hashFeature(n, bits);
      const other = seen.get(h);
      if (other !== undefined && other !== n) throw new Error(`${model} features ${other} and ${n} share bucket ${h}: raise bits`);
      seen.set(h, n);
    }
}

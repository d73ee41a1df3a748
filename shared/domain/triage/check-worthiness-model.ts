/**
 * The check-worthiness model file: a hashed-feature logistic regression with Int8 weights.
 *
 * Layout (little-endian): "FFCW", u32 header length, UTF-8 JSON header, then 2^bits Int8 weights.
 * weight(i) = int8[i] * header.scale; score = logistic(offset + sum of weight(hash(feature)) * value).
 * `offset` moves the decision point so that score 0.5 is the F1-best threshold found on the dev splits.
 * Pure: parses and writes bytes; reading the file is the adapter's job (shared/adapters/check-worthiness-model.ts).
 */
import type { FeatureMode, Genre } from './check-worthiness-features.ts';

/** How a cue model's score and its language's n-gram score combine, per genre (chosen on dev splits). */
export interface BlendWeights {
  ngram: number;
  cues: number;
  offset: number;
}

export interface CheckWorthinessModelHeader {
  format: 'factflow-check-worthiness/1';
  /** ISO 639-1 code the model was trained for, or "multi" for the multilingual fallback. */
  language: string;
  /** `transcript`: a model over transcript-features.ts, read with the language's n-gram model (transcript.ts). */
  mode: FeatureMode | 'transcript';
  bits: number;
  scale: number;
  offset: number;
  /** On a `cues` model: z = ngram * z(n-gram model) + cues * z(this model) + offset, for each genre. */
  blend?: Record<Genre, BlendWeights>;
  /**
   * On a transcript model: z = z(this model) + ngramShare * z(n-gram model) for the sentence, an ensemble with the
   * sentence model (its share chosen by cross-validation over the training debates). Absent: 0.
   */
  ngramShare?: number;
  /** What it was trained on, the settings chosen on dev and the dev figures (free-form, shown in MODEL.md). */
  provenance: Record<string, unknown>;
}

export interface CheckWorthinessModel extends CheckWorthinessModelHeader {
  weights: Int8Array;
}

const MAGIC = 'FFCW';

export function parseCheckWorthinessModel(bytes: Uint8Array): CheckWorthinessModel {
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MAGIC) throw new Error('not a check-worthiness model file (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as CheckWorthinessModelHeader;
  if (header.format !== 'factflow-check-worthiness/1') throw new Error(`unknown model format ${String(header.format)}`);
  const size = 2 ** header.bits;
  const start = 8 + headerLength;
  if (bytes.byteLength !== start + size) throw new Error(`model file has ${bytes.byteLength - start} weights, expected ${size}`);
  const weights = new Int8Array(bytes.buffer, bytes.byteOffset + start, size);
  return { ...header, weights };
}

export function serializeCheckWorthinessModel(model: CheckWorthinessModel): Uint8Array {
  const { weights, ...header } = model;
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.byteLength + weights.byteLength);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, json.byteLength, true);
  out.set(json, 8);
  out.set(new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength), 8 + json.byteLength);
  return out;
}

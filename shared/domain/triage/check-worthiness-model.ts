/**
 * The check-worthiness model file: a hashed-feature logistic regression with Int8 weights.
 *
 * Layout (little-endian): "FFCW", u32 header length, UTF-8 JSON header, then 2^bits Int8 weights.
 * weight(i) = int8[i] * header.scale; score = logistic(offset + sum of weight(hash(feature)) * value).
 * `offset` moves the decision point so that score 0.5 is the F1-best threshold found on the dev splits.
 * Pure: parses and writes bytes; reading the file is the adapter's job (shared/adapters/check-worthiness-model.ts).
 */
import { type CheckWorthinessModelHeader, checkWorthinessModelHeader } from '../../contracts/check-worthiness-model.ts';

export type { BlendWeights, CheckWorthinessModelHeader } from '../../contracts/check-worthiness-model.ts';

export interface CheckWorthinessModel extends CheckWorthinessModelHeader {
  weights: Int8Array;
}

const MAGIC = 'FFCW';

export function parseCheckWorthinessModel(bytes: Uint8Array): CheckWorthinessModel {
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MAGIC) throw new Error('not a check-worthiness model file (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  const raw: unknown = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  const parsed = checkWorthinessModelHeader.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`not a model file this version reads: header field ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  // The header as written, now that it is known to be valid: zod's copy orders the keys by the schema and drops
  // unknown ones, and serializeCheckWorthinessModel must give back the file's bytes (train:triage's check).
  const header = raw as CheckWorthinessModelHeader;
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

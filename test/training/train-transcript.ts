/**
 * Trains `en-transcript.bin`: a sentence of a transcript read with its speaker and neighbours
 * (shared/domain/triage/transcript-features.ts), over the CheckThat! 2019 Task 1 and 2020 Task 5 training debates
 * less the 8 dev debates (clef-data.ts). Called by train-triage.ts after en.bin is built (or alone with
 * `-- --only=en-transcript`, reading en.bin from the folder).
 *
 * The transcript model's features include the n-gram model's log-odds for the sentence and its neighbours. en.bin is
 * trained on the 2024 train sentences, which share two debates with the training debates (20161010_2pres,
 * 20121023_third_presidential_debate), so on the training debates those log-odds would be in-sample: the features of
 * the training debates are computed with an en.bin retrained without any training-debate sentence (same settings),
 * and those of the dev debates (and the product's) with en.bin itself.
 *
 * Settings are chosen by 5-fold cross-validation over the training debates, whole debates per fold (mean AP per
 * debate, the task's MAP); the 8 dev debates only report. The out-of-fold scores also give the threshold folded into
 * the offset (F1-best, so 0.5 stays the product threshold).
 */
import { extractFeatures, type Feature, hashFeature } from '../../shared/domain/triage/check-worthiness-features.ts';
import type { CheckWorthinessModel } from '../../shared/domain/triage/check-worthiness-model.ts';
import { type Terms, terms } from '../../shared/domain/triage/check-worthiness.ts';
import { transcriptFeatures } from '../../shared/domain/triage/transcript-features.ts';
import { scoreTranscriptWith } from '../../shared/domain/triage/transcript.ts';
import { meanAveragePrecision, positiveF1, seededRandom } from '../evaluation/metrics.ts';
import { type Example, read2024EnglishTrain, readDebates, readTweets } from './clef-data.ts';
import { checkNoCollisions, type Encoded, hashAll, quantize, SEED, type Settings, train } from './logistic.ts';

/** Chosen by cross-validation over the training debates (`--search`; figures in MODEL.md). */
export const TRANSCRIPT_SETTINGS: Settings = { bits: 16, l2: 1e-4, epochs: 16, positiveWeight: 10 };

function transcriptGrid(): Settings[] {
  const out: Settings[] = [];
  for (const l2 of [1e-5, 1e-4, 1e-3]) for (const epochs of [8, 16]) for (const positiveWeight of [3, 10]) out.push({ bits: 16, l2, epochs, positiveWeight });
  return out;
}

const FOLDS = 5;
/** Fold partitions of the training debates the ensemble share is averaged over (0: the settings' partition). */
const PARTITIONS = 5;
/** Candidate shares of the sentence model's log-odds added to the transcript model's (z + share * z_ngram). */
const NGRAM_SHARES = [0, 0.1, 0.25, 0.33, 0.43, 0.67, 1];
const logit = (p: number): number => Math.log(p / (1 - p));
const key = (t: string) =>
  t
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

function byDebate(examples: readonly Example[]): Example[][] {
  const groups = new Map<string, Example[]>();
  for (const e of examples) groups.set(e.group ?? '', [...(groups.get(e.group ?? '') ?? []), e]);
  return [...groups.values()];
}

function ngramLogit(model: CheckWorthinessModel, text: string): number {
  const acc: Terms = { z: 0, char: 0, contributions: [] };
  terms(model, text, 'en', undefined, 1, acc);
  return acc.z;
}

/** en.bin's recipe without the training debates' sentences: the n-gram log-odds the transcript model trains on. */
function ngramWithoutDebates(en: CheckWorthinessModel, settings: Settings, dir: string, debates: readonly Example[]): CheckWorthinessModel {
  const inDebates = new Set(debates.map((e) => key(e.text)));
  const examples = [...read2024EnglishTrain(dir).filter((e) => !inDebates.has(key(e.text))), ...readTweets(dir, 'en', 'train')];
  const enc: Encoded[] = examples.map((e) => {
    const fs = extractFeatures(e.text, 'en', 'word+char');
    return { names: fs.map((f) => f.name), values: Float32Array.from(fs.map((f) => f.value)), label: e.label, weight: 1 };
  });
  const w = train(enc, hashAll(enc, settings.bits), settings);
  const biasIndex = hashFeature('f:bias', settings.bits);
  const bias = w[biasIndex]!;
  w[biasIndex] = 0;
  const { weights, scale } = quantize(w);
  const threshold = Number((en.provenance.devThreshold as number | undefined) ?? 0.5);
  return { ...en, scale, offset: bias - logit(threshold), weights, provenance: {} };
}

interface Row extends Encoded {
  group: string;
  /** The n-gram model's log-odds for the sentence (the ensemble's second member). */
  ngram: number;
}

function encodeDebates(debates: readonly Example[][], ngram: CheckWorthinessModel): Row[] {
  const rows: Row[] = [];
  for (const items of debates) {
    const z = items.map((e) => ngramLogit(ngram, e.text));
    const fs: Feature[][] = transcriptFeatures(items, 'en', z);
    fs.forEach((f, i) => {
      rows.push({
        names: f.map((x) => x.name),
        values: Float32Array.from(f.map((x) => x.value)),
        label: items[i]!.label,
        weight: 1,
        group: items[i]!.group ?? '',
        ngram: z[i]!,
      });
    });
  }
  return rows;
}

const dot = (w: Float64Array, ix: Int32Array, values: Float32Array) => {
  let z = 0;
  for (let j = 0; j < ix.length; j++) z += w[ix[j]!]! * values[j]!;
  return z;
};

/** Out-of-fold log-odds of every training row, whole debates per fold; partition 0 deals the sorted debates in turn, others shuffle them first (seeded). */
function crossValidate(rows: readonly Row[], idx: readonly Int32Array[], s: Settings, partition = 0): number[] {
  const groups = [...new Set(rows.map((r) => r.group))].sort();
  if (partition > 0) {
    const rnd = seededRandom(SEED + partition);
    for (let i = groups.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [groups[i], groups[j]] = [groups[j]!, groups[i]!];
    }
  }
  const fold = new Map(groups.map((g, i) => [g, i % FOLDS] as const));
  const out = new Array<number>(rows.length).fill(0);
  for (let k = 0; k < FOLDS; k++) {
    const keep = rows.map((r) => fold.get(r.group) !== k);
    const w = train(
      rows.filter((_, i) => keep[i]),
      idx.filter((_, i) => keep[i]),
      s,
    );
    rows.forEach((r, i) => {
      if (!keep[i]) out[i] = dot(w, idx[i]!, r.values);
    });
  }
  return out;
}

/** Train the English transcript model on the training debates; `en` is the shipped en.bin, `enSettings` its recipe. */
export function trainTranscriptModel(dir: string, en: CheckWorthinessModel, enSettings: Settings, search: boolean): CheckWorthinessModel {
  const { train: trainDebates, dev: devDebates } = readDebates(dir);
  const t0 = Date.now();
  const ngram = ngramWithoutDebates(en, enSettings, dir, trainDebates);
  const rows = encodeDebates(byDebate(trainDebates), ngram);
  const labels = rows.map((r) => r.label);
  const groups = rows.map((r) => r.group);
  console.log(
    `en-transcript: ${rows.length} training sentences (${labels.filter((l) => l === 1).length} check-worthy), features in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  let best: { s: Settings; map: number; oof: number[] } | null = null;
  for (const s of search ? transcriptGrid() : [TRANSCRIPT_SETTINGS]) {
    const idx = hashAll(rows, s.bits);
    const oof = crossValidate(rows, idx, s);
    const map = meanAveragePrecision(oof, labels, groups);
    console.log(`en-transcript ${JSON.stringify(s)} cross-validated MAP over the training debates ${map.toFixed(4)}`);
    if (best === null || map > best.map + 1e-9) best = { s, map, oof };
  }
  if (best === null) throw new Error('no transcript settings');
  // Ensemble with the sentence model: the share of its log-odds added, by the out-of-fold MAP averaged over several
  // fold partitions (one partition's MAP moves by ±0.003 with the share; the mean is steadier).
  const chosen = best;
  const oofs = [chosen.oof, ...Array.from({ length: PARTITIONS - 1 }, (_, k) => crossValidate(rows, hashAll(rows, chosen.s.bits), chosen.s, k + 1))];
  const ensemble = (oof: readonly number[], share: number) => oof.map((z, i) => z + share * rows[i]!.ngram);
  let share = { value: 0, map: -1, transcriptOnly: 0 };
  for (const value of NGRAM_SHARES) {
    const map = oofs.reduce((a, oof) => a + meanAveragePrecision(ensemble(oof, value), labels, groups), 0) / oofs.length;
    console.log(`en-transcript ensemble share ${value}: mean out-of-fold MAP over ${PARTITIONS} partitions ${map.toFixed(4)}`);
    if (value === 0) share.transcriptOnly = map;
    if (map > share.map + 1e-9) share = { ...share, value, map };
  }
  const oofEnsemble = ensemble(chosen.oof, share.value);
  checkNoCollisions(rows, best.s.bits, 'transcript');
  const w = train(rows, hashAll(rows, best.s.bits), best.s);
  const biasIndex = hashFeature('f:bias', best.s.bits);
  const bias = w[biasIndex]!;
  w[biasIndex] = 0;
  const { weights, scale } = quantize(w);
  // The out-of-fold F1-best threshold, folded into the offset.
  let threshold = { t: 0.5, f1: -1 };
  for (let t = 0.02; t < 0.98; t += 0.01) {
    const f1 = positiveF1(
      oofEnsemble.map((z) => 1 / (1 + Math.exp(-z))),
      labels,
      t,
    );
    if (f1 > threshold.f1 + 1e-9) threshold = { t, f1 };
  }
  const model: CheckWorthinessModel = {
    format: 'factflow-check-worthiness/1',
    language: 'en',
    mode: 'transcript',
    bits: best.s.bits,
    scale,
    offset: bias - logit(threshold.t),
    ngramShare: share.value,
    provenance: {},
    weights,
  };
  // Dev figure through the product's own path (en.bin's log-odds, as a submitted transcript gets them).
  const dev = byDebate(devDebates);
  const devScores = dev.flatMap((items) => scoreTranscriptWith(en, model, items, 'en').map((r) => r.score));
  const devExamples = dev.flat();
  const devMap = meanAveragePrecision(
    devScores,
    devExamples.map((e) => e.label),
    devExamples.map((e) => e.group ?? ''),
  );
  console.log(`en-transcript: dev debates MAP ${devMap.toFixed(4)} (8 dev debates, ${devExamples.length} sentences)`);
  model.provenance = {
    trainedOn: [
      'CheckThat! 2019 Task 1 data/training + 2020 Task 5 data/v2.zip training (debates; dev debates and 2019 test debates excluded)',
      'n-gram log-odds from en.bin retrained without the training debates (CheckThat! 2024 Task 1 English train + 2022 Task 1A English train)',
    ],
    trainExamples: rows.length,
    settings: best.s,
    seed: SEED,
    crossValidatedMap: Number(best.map.toFixed(4)),
    ngramShare: share.value,
    crossValidatedMapEnsemble: { partitions: PARTITIONS, transcriptOnly: Number(share.transcriptOnly.toFixed(4)), chosen: Number(share.map.toFixed(4)) },
    threshold: Number(threshold.t.toFixed(2)),
    dev: [{ set: 'CheckThat! 2019+2020 debates (dev debates)', metric: 'MAP', value: Number(devMap.toFixed(4)) }],
    licence: 'CLEF CheckThat! data: "free for general research use" (no other licence given)',
  };
  return model;
}

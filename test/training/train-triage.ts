/**
 * Trains the check-worthiness models shipped in shared/models/check-worthiness/.
 *
 *   FACTFLOW_TRAIN_DATA=/work/data nice -n 10 npm run train:triage            # the chosen settings (SETTINGS)
 *   FACTFLOW_TRAIN_DATA=/work/data nice -n 10 npm run train:triage -- --search # the grid the settings were chosen from
 *
 * Logistic regression with AdaGrad over the hashed features of check-worthiness-features.ts, trained ONLY on
 * train splits; settings and the decision threshold are chosen ONLY on dev splits (test and dev-test splits are
 * never read). Deterministic: a fixed seed orders the examples, so a rerun writes the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractFeatures, type FeatureMode, hashFeature, type ScoringContext } from '../../shared/domain/triage/check-worthiness-features.ts';
import { type CheckWorthinessModel, serializeCheckWorthinessModel } from '../../shared/domain/triage/check-worthiness-model.ts';
import { meanAveragePrecision, positiveF1, seededRandom } from '../evaluation/metrics.ts';
import { dataDir, debateRoleName, type DevSet, devSets, type Example, LANGUAGES_2022, readDebates, readTweets } from './clef-data.ts';

const SEED = 20261201;

export interface Settings {
  bits: number;
  l2: number;
  epochs: number;
  /** Weight of a positive example (the classes are unbalanced: 3% of debate sentences are check-worthy). */
  positiveWeight: number;
}

/** Chosen with --search on the dev splits (see MODEL.md for the figures). */
const SETTINGS: Record<string, Settings> = {
  en: { bits: 20, l2: 1e-6, epochs: 2, positiveWeight: 1 },
  es: { bits: 20, l2: 1e-5, epochs: 2, positiveWeight: 1 },
  ar: { bits: 20, l2: 1e-6, epochs: 2, positiveWeight: 1 },
  multi: { bits: 20, l2: 1e-5, epochs: 2, positiveWeight: 1 },
};

interface Plan {
  language: string;
  mode: FeatureMode;
  train: Example[];
  trainedOn: string[];
  /** Dev sets for choosing settings and the threshold (classification sets decide the threshold). */
  dev: DevSet[];
  /** Language the cue lists and features are extracted for, per example (multi: the tweet's own language). */
  featureLanguage: (e: Example) => string;
}

interface Encoded {
  names: string[];
  values: Float32Array;
  label: 0 | 1;
  weight: number;
}

function contextOf(e: Example): ScoringContext | undefined {
  if (e.speaker === undefined) return undefined;
  return { speaker: debateRoleName(e.speaker), previous: e.previous, next: e.next };
}

function encode(e: Example, language: string, mode: FeatureMode): Encoded {
  const fs = extractFeatures(e.text, language, mode, contextOf(e));
  return { names: fs.map((f) => f.name), values: Float32Array.from(fs.map((f) => f.value)), label: e.label, weight: 1 };
}

function hashAll(enc: readonly Encoded[], bits: number): Int32Array[] {
  return enc.map((e) => Int32Array.from(e.names.map((n) => hashFeature(n, bits))));
}

function train(enc: readonly Encoded[], idx: readonly Int32Array[], s: Settings): Float64Array {
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
function quantize(w: Float64Array): { weights: Int8Array; scale: number } {
  const mags = Array.from(w, Math.abs)
    .filter((x) => x > 0)
    .sort((a, b) => a - b);
  const clip = mags[Math.floor(mags.length * 0.9999)] ?? 1;
  const scale = clip / 127;
  const weights = Int8Array.from(w, (x) => Math.max(-127, Math.min(127, Math.round(x / scale))));
  return { weights, scale };
}

const logit = (p: number): number => Math.log(p / (1 - p));

function rawScores(model: CheckWorthinessModel, set: readonly Encoded[], idx: readonly Int32Array[]): number[] {
  return set.map((e, k) => {
    const ix = idx[k]!;
    let z = model.offset;
    for (let j = 0; j < ix.length; j++) z += (model.weights[ix[j]!] ?? 0) * model.scale * e.values[j]!;
    return 1 / (1 + Math.exp(-z));
  });
}

interface DevFigure {
  set: string;
  metric: 'MAP' | 'F1';
  value: number;
}

function buildModel(plan: Plan, s: Settings, encTrain: readonly Encoded[], devEnc: readonly Encoded[][]) {
  const idx = hashAll(encTrain, s.bits);
  const w = train(encTrain, idx, s);
  const biasIndex = hashFeature('f:bias', s.bits);
  const bias = w[biasIndex]!;
  w[biasIndex] = 0;
  const { weights, scale } = quantize(w);
  const model: CheckWorthinessModel = {
    format: 'factflow-check-worthiness/1',
    language: plan.language,
    mode: plan.mode,
    bits: s.bits,
    scale,
    offset: bias,
    provenance: {},
    weights,
  };
  const devIdx = devEnc.map((d) => hashAll(d, s.bits));
  const scores = devEnc.map((d, i) => rawScores(model, d, devIdx[i]!));
  // Threshold: the one with the best mean F1 over the classification dev sets; then shift so 0.5 is that point.
  const cls = plan.dev.map((d, i) => ({ d, i })).filter(({ d }) => d.metric === 'F1');
  let best = { t: 0.5, f1: -1 };
  for (let t = 0.02; t < 0.98; t += 0.01) {
    const f1 =
      cls.reduce(
        (a, { d, i }) =>
          a +
          positiveF1(
            scores[i]!,
            d.examples.map((e) => e.label),
            t,
          ),
        0,
      ) / Math.max(1, cls.length);
    if (f1 > best.f1 + 1e-9) best = { t, f1 };
  }
  if (cls.length > 0) model.offset = bias - logit(best.t);
  const shifted = devEnc.map((d, i) => rawScores(model, d, devIdx[i]!));
  const figures: DevFigure[] = plan.dev.map((d, i) => {
    const labels = d.examples.map((e) => e.label);
    const value =
      d.metric === 'MAP'
        ? meanAveragePrecision(
            shifted[i]!,
            labels,
            d.examples.map((e) => e.group ?? ''),
          )
        : positiveF1(shifted[i]!, labels, 0.5);
    return { set: d.name, metric: d.metric, value: Number(value.toFixed(4)) };
  });
  const objective = figures.reduce((a, f) => a + f.value, 0) / Math.max(1, figures.length);
  return { model, figures, objective, threshold: best.t };
}

function plans(dir: string): Plan[] {
  const debates = readDebates(dir);
  const dev = devSets(dir);
  const devOf = (lang: string) => dev.filter((d) => d.language === lang);
  const tweetsTrain = (lang: string) => readTweets(dir, lang, 'train');
  const out: Plan[] = [
    {
      language: 'en',
      mode: 'word+char',
      train: [...debates.train, ...tweetsTrain('en')],
      dev: devOf('en'),
      featureLanguage: () => 'en',
      trainedOn: [
        'CheckThat! 2019 Task 1 data/training + 2020 Task 5 data/v2.zip training (debates; dev debates and 2019 test debates excluded)',
        'CheckThat! 2022 Task 1A English train',
      ],
    },
    {
      language: 'es',
      mode: 'word+char',
      train: tweetsTrain('es'),
      dev: devOf('es'),
      featureLanguage: () => 'es',
      trainedOn: ['CheckThat! 2022 Task 1A Spanish train'],
    },
    {
      language: 'ar',
      mode: 'word+char',
      train: tweetsTrain('ar'),
      dev: devOf('ar'),
      featureLanguage: () => 'ar',
      trainedOn: ['CheckThat! 2022 Task 1A Arabic train'],
    },
  ];
  const multiTrain: Example[] = [];
  const langOf = new Map<Example, string>();
  for (const lang of Object.keys(LANGUAGES_2022)) {
    for (const e of tweetsTrain(lang)) {
      multiTrain.push(e);
      langOf.set(e, lang);
    }
  }
  out.push({
    language: 'multi',
    mode: 'char',
    train: multiTrain,
    dev: dev.filter((d) => d.metric === 'F1' && d.name.includes('2022')),
    featureLanguage: () => 'und',
    trainedOn: ['CheckThat! 2022 Task 1A train, all six languages (ar, bg, en, es, nl, tr)'],
  });
  return out.filter((p) => p.train.length > 0);
}

function grid(): Settings[] {
  const out: Settings[] = [];
  for (const bits of [18, 20])
    for (const l2 of [1e-6, 1e-5]) for (const epochs of [2, 4]) for (const positiveWeight of [1, 3]) out.push({ bits, l2, epochs, positiveWeight });
  return out;
}

function main(): void {
  const dir = dataDir('FACTFLOW_TRAIN_DATA');
  const search = process.argv.includes('--search');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  const outDir = fileURLToPath(new URL('../../shared/models/check-worthiness/', import.meta.url));
  mkdirSync(outDir, { recursive: true });
  const summary: Record<string, unknown> = {};
  for (const plan of plans(dir)) {
    if (only !== undefined && plan.language !== only) continue;
    const t0 = Date.now();
    // The multilingual model reads no language's cue lists, so every language is encoded as "und".
    const encTrain = plan.train.map((e) => encode(e, plan.featureLanguage(e), plan.mode));
    const devEnc = plan.dev.map((d) => d.examples.map((e) => encode(e, d.language === plan.language ? d.language : 'und', plan.mode)));
    const candidates = search ? grid() : [SETTINGS[plan.language]!];
    let chosen: ReturnType<typeof buildModel> | null = null;
    let chosenSettings = candidates[0]!;
    for (const s of candidates) {
      const r = buildModel(plan, s, encTrain, devEnc);
      console.log(`${plan.language} ${JSON.stringify(s)} objective=${r.objective.toFixed(4)} ${r.figures.map((f) => `${f.metric}=${f.value}`).join(' ')}`);
      if (chosen === null || r.objective > chosen.objective + 1e-9) {
        chosen = r;
        chosenSettings = s;
      }
    }
    if (chosen === null) continue;
    chosen.model.provenance = {
      trainedOn: plan.trainedOn,
      trainExamples: plan.train.length,
      settings: chosenSettings,
      seed: SEED,
      devThreshold: Number(chosen.threshold.toFixed(2)),
      dev: chosen.figures,
      licence: 'CLEF CheckThat! data: "free for general research use" (no other licence given)',
    };
    writeFileSync(`${outDir}${plan.language}.bin`, serializeCheckWorthinessModel(chosen.model));
    summary[plan.language] = chosen.model.provenance;
    console.log(`${plan.language}: wrote ${plan.language}.bin (${2 ** chosenSettings.bits} weights) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  console.log(JSON.stringify(summary, null, 2));
}

main();

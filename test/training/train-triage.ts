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
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  extractFeatures,
  type FeatureMode,
  type Genre,
  genreOf,
  hashFeature,
  type ScoringContext,
} from '../../shared/domain/triage/check-worthiness-features.ts';
import {
  type BlendWeights,
  type CheckWorthinessModel,
  parseCheckWorthinessModel,
  serializeCheckWorthinessModel,
} from '../../shared/domain/triage/check-worthiness-model.ts';
import { averagePrecision, meanAveragePrecision, positiveF1 } from '../evaluation/metrics.ts';
import { checkNoCollisions, type Encoded, hashAll, quantize, SEED, type Settings, train } from './logistic.ts';
import { trainTranscriptModel } from './train-transcript.ts';
import { dataDir, debateRoleName, type DevSet, devSets, type Example, LANGUAGES_2022, read2024EnglishTrain, readDebates, readTweets } from './clef-data.ts';

/** Chosen with --search on the dev splits (see MODEL.md for the figures). */
const SETTINGS: Record<string, Settings> = {
  en: { bits: 20, l2: 1e-6, epochs: 2, positiveWeight: 1 },
  es: { bits: 20, l2: 1e-5, epochs: 2, positiveWeight: 1 },
  ar: { bits: 20, l2: 1e-6, epochs: 2, positiveWeight: 1 },
  // Bulgarian and Turkish: 2^18 buckets scored best on their dev splits (train sets of about 2,000 tweets).
  bg: { bits: 18, l2: 1e-6, epochs: 2, positiveWeight: 1 },
  tr: { bits: 18, l2: 1e-6, epochs: 2, positiveWeight: 1 },
  multi: { bits: 20, l2: 1e-5, epochs: 2, positiveWeight: 1 },
  // About 40 features: 2^16 buckets keep them apart (checked at training time) in a 64 KB file.
  'en-cues': { bits: 16, l2: 1e-4, epochs: 8, positiveWeight: 3 },
};

interface Plan {
  /** File name without ".bin" and key of SETTINGS. */
  file: string;
  language: string;
  mode: FeatureMode;
  train: Example[];
  trainedOn: string[];
  /** Dev sets for choosing settings and the threshold (classification sets decide the threshold). */
  dev: DevSet[];
  /** Language the cue lists and features are extracted for, per example (multi: the tweet's own language). */
  featureLanguage: (e: Example) => string;
  /** On a cue model: train examples (in both its and its n-gram model's train set) the sentence blend is cross-validated on. */
  crossValidateOn?: Example[];
  /** Train posts the post blend is cross-validated on (the cue model never trains on them). */
  crossValidatePostsOn?: Example[];
}

function contextOf(e: Example): ScoringContext | undefined {
  if (e.speaker === undefined) return undefined;
  return { speaker: debateRoleName(e.speaker), previous: e.previous, next: e.next };
}

function encode(e: Example, language: string, mode: FeatureMode): Encoded {
  const fs = extractFeatures(e.text, language, mode, contextOf(e));
  return { names: fs.map((f) => f.name), values: Float32Array.from(fs.map((f) => f.value)), label: e.label, weight: 1 };
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

const contextLogit = (model: CheckWorthinessModel, e: Example, language: string): number => {
  if (model.mode === 'transcript') throw new Error('a transcript model is not blended');
  const fs = extractFeatures(e.text, language, model.mode, contextOf(e));
  let z = model.offset;
  for (const f of fs) z += (model.weights[hashFeature(f.name, model.bits)] ?? 0) * model.scale * f.value;
  return z;
};

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * The blend of the n-gram and the cue model, per genre, chosen on the dev splits only: for sentences (debates,
 * transcripts, articles) the n-gram share maximizing the mean of debates MAP and 2024 AP relative to the n-gram
 * model alone, then the offset putting 0.5 at the 2024 F1-best threshold; for posts the share maximizing the
 * 2022 tweets' AP, then the offset at their F1-best threshold.
 */
function chooseBlend(
  ngram: CheckWorthinessModel,
  cues: CheckWorthinessModel,
  plan: Plan,
  /** Each genre's blend from cross-validation on train, with the thresholds folded into each model's offset. */
  cvs: Partial<Record<Genre, { share: number; threshold: number; ngramThreshold: number; cuesThreshold: number }>> = {},
) {
  const sets = plan.dev.map((d) => ({
    d,
    labels: d.examples.map((e) => e.label),
    a: d.examples.map((e) => contextLogit(ngram, e, d.language)),
    b: d.examples.map((e) => contextLogit(cues, e, d.language)),
    genre: d.examples.map((e) => genreOf(e.text)),
  }));
  const isPosts = (d: DevSet) => d.name.includes('tweets');
  const rank = (d: DevSet, scores: number[], labels: (0 | 1)[]) =>
    d.metric === 'MAP'
      ? meanAveragePrecision(
          scores,
          labels,
          d.examples.map((e) => e.group ?? ''),
        )
      : averagePrecision(scores, labels);
  const weights = {} as Record<Genre, BlendWeights>;
  for (const genre of ['sentence', 'post'] as const) {
    const cv = cvs[genre];
    if (cv !== undefined) {
      // Each model's offset already holds -logit(its own threshold); put them back, then subtract the blend's.
      const offset = cv.share * logit(cv.ngramThreshold) + (1 - cv.share) * logit(cv.cuesThreshold) - cv.threshold;
      weights[genre] = { ngram: cv.share, cues: Number((1 - cv.share).toFixed(2)), offset: Number(offset.toFixed(4)) };
      continue;
    }
    const chosenOn = sets.filter(({ d }) => (genre === 'post') === isPosts(d));
    const mix = (s: (typeof sets)[number], share: number) => s.a.map((a, i) => share * a + (1 - share) * s.b[i]!);
    const base = chosenOn.map((s) => rank(s.d, mix(s, 1), s.labels));
    let best = { share: 1, value: -1 };
    for (let k = 10; k >= 0; k--) {
      const share = k / 10;
      const value = chosenOn.reduce((acc, s, i) => acc + rank(s.d, mix(s, share), s.labels) / Math.max(1e-9, base[i]!), 0) / Math.max(1, chosenOn.length);
      if (value > best.value + 1e-9) best = { share, value };
    }
    const cls = chosenOn.filter((s) => s.d.metric === 'F1');
    let t = { t: 0.5, f1: -1 };
    for (let x = 0.02; x < 0.98; x += 0.01) {
      const f1 = cls.reduce((acc, s) => acc + positiveF1(mix(s, best.share).map(sigmoid), s.labels, x), 0) / Math.max(1, cls.length);
      if (f1 > t.f1 + 1e-9) t = { t: x, f1 };
    }
    weights[genre] = { ngram: best.share, cues: Number((1 - best.share).toFixed(2)), offset: Number((-logit(t.t)).toFixed(4)) };
  }
  // Dev figures of the blend as the product applies it (each example by its own genre).
  const figures: DevFigure[] = sets.map((s) => {
    const z = s.a.map((a, i) => {
      const w = weights[s.genre[i]!];
      return w.ngram * a + w.cues * s.b[i]! + w.offset;
    });
    const p = z.map(sigmoid);
    const value =
      s.d.metric === 'MAP'
        ? meanAveragePrecision(
            p,
            s.labels,
            s.d.examples.map((e) => e.group ?? ''),
          )
        : positiveF1(p, s.labels, 0.5);
    return { set: `${s.d.name} (blend)`, metric: s.d.metric, value: Number(value.toFixed(4)) };
  });
  for (const f of figures) console.log(`  blend ${f.set}: ${f.metric}=${f.value}`);
  return { weights, figures };
}

const FOLDS = 5;

/** Raw log-odds (bias included) of each `held` example from a model trained on `plan.train` without that example's fold. */
function outOfFold(plan: Plan, s: Settings, held: readonly Example[]): Map<Example, number> {
  const fold = new Map(held.map((e, i) => [e, i % FOLDS] as const));
  const enc = plan.train.map((e) => encode(e, plan.featureLanguage(e), plan.mode));
  const idx = hashAll(enc, s.bits);
  const out = new Map<Example, number>();
  for (let k = 0; k < FOLDS; k++) {
    const keep = plan.train.map((e) => fold.get(e) !== k);
    const w = train(
      enc.filter((_, i) => keep[i]),
      idx.filter((_, i) => keep[i]),
      s,
    );
    plan.train.forEach((e, i) => {
      if (keep[i]) return;
      let z = 0;
      for (let j = 0; j < idx[i]!.length; j++) z += w[idx[i]![j]!]! * enc[i]!.values[j]!;
      out.set(e, z);
    });
  }
  return out;
}

/**
 * The sentence blend chosen by cross-validation on train sentences (the 2024 train split), not on a dev split, so that
 * the 2024 dev figure is a held-out one: the n-gram share with the best out-of-fold AP, then the out-of-fold F1-best
 * threshold on the blended raw log-odds at that share.
 */
function crossValidatedBlend(ngram: Map<Example, number>, cues: Map<Example, number>, held: readonly Example[]): { share: number; threshold: number } {
  const labels = held.map((e) => e.label);
  const mix = (share: number) => held.map((e) => share * ngram.get(e)! + (1 - share) * cues.get(e)!);
  let best = { share: 1, ap: -1 };
  for (let k = 0; k <= 10; k++) {
    const ap = averagePrecision(mix(k / 10), labels);
    if (ap > best.ap + 1e-9) best = { share: k / 10, ap };
  }
  const z = mix(best.share);
  let t = { threshold: 0, f1: -1 };
  for (let x = -4; x <= 4.0001; x += 0.05) {
    const f1 = positiveF1(
      z.map((v) => sigmoid(v - x)),
      labels,
      0.5,
    );
    if (f1 > t.f1 + 1e-9) t = { threshold: Number(x.toFixed(2)), f1 };
  }
  console.log(
    `  blend by ${FOLDS}-fold cross-validation on ${held.length} train examples: share ${best.share} (AP ${best.ap.toFixed(4)}), threshold ${t.threshold} (F1 ${t.f1.toFixed(4)})`,
  );
  return { share: best.share, threshold: t.threshold };
}

function plans(dir: string): Plan[] {
  const debates = readDebates(dir);
  const dev = devSets(dir);
  const devOf = (lang: string) => dev.filter((d) => d.language === lang);
  const tweetsTrain = (lang: string) => readTweets(dir, lang, 'train');
  const sentences2024 = read2024EnglishTrain(dir);
  // One array of objects: the post blend's folds are looked up by example in the en plan's train set.
  const enTweets = tweetsTrain('en');
  const out: Plan[] = [
    {
      file: 'en',
      language: 'en',
      mode: 'word+char',
      // Not the debates: on the dev splits an n-gram model trained on them ranked both the dev debates (MAP 0.082 against
      // 0.109) and the 2024 sentences (AP 0.53 against 0.93) below one trained on the 2024 sentences.
      train: [...sentences2024, ...enTweets],
      dev: devOf('en'),
      featureLanguage: () => 'en',
      trainedOn: ['CheckThat! 2024 Task 1 English train (sentences also in a dev split removed)', 'CheckThat! 2022 Task 1A English train'],
    },
    {
      file: 'es',
      language: 'es',
      mode: 'word+char',
      train: tweetsTrain('es'),
      dev: devOf('es'),
      featureLanguage: () => 'es',
      trainedOn: ['CheckThat! 2022 Task 1A Spanish train'],
    },
    {
      file: 'ar',
      language: 'ar',
      mode: 'word+char',
      train: tweetsTrain('ar'),
      dev: devOf('ar'),
      featureLanguage: () => 'ar',
      trainedOn: ['CheckThat! 2022 Task 1A Arabic train'],
    },
    // Dutch is left to the multilingual model: one trained on the Dutch train split alone scored the same on its dev
    // split (F1 0.602 against 0.600 over 72 tweets, best of the grid), so it would add a file for nothing.
    ...(['bg', 'tr'] as const).map(
      (lang): Plan => ({
        file: lang,
        language: lang,
        mode: 'word+char',
        train: tweetsTrain(lang),
        dev: devOf(lang),
        featureLanguage: () => lang,
        trainedOn: [`CheckThat! 2022 Task 1A ${LANGUAGES_2022[lang]![0]!.toUpperCase()}${LANGUAGES_2022[lang]!.slice(1)} train`],
      }),
    ),
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
    file: 'en-cues',
    language: 'en',
    mode: 'cues',
    // Sentences only (debates and 2024): the tweets' cue weights did not carry to sentences (dev AP 0.20). The debates
    // teach the speaker's role and context, which the 2024 sentences do not carry.
    train: [...debates.train, ...sentences2024],
    dev: devOf('en'),
    featureLanguage: () => 'en',
    trainedOn: [
      'CheckThat! 2019 Task 1 data/training + 2020 Task 5 data/v2.zip training (debates; dev debates and 2019 test debates excluded)',
      'CheckThat! 2024 Task 1 English train (sentences also in a dev split removed)',
    ],
    crossValidateOn: sentences2024,
    crossValidatePostsOn: enTweets,
  });
  out.push({
    file: 'multi',
    language: 'multi',
    mode: 'char',
    train: multiTrain,
    dev: dev.filter((d) => d.metric === 'F1' && d.name.includes('2022')),
    featureLanguage: () => 'und',
    trainedOn: ['CheckThat! 2022 Task 1A train, all six languages (ar, bg, en, es, nl, tr)'],
  });
  return out.filter((p) => p.train.length > 0);
}

function cueGrid(): Settings[] {
  const out: Settings[] = [];
  for (const l2 of [1e-6, 1e-4]) for (const epochs of [4, 8]) for (const positiveWeight of [1, 3, 10]) out.push({ bits: 16, l2, epochs, positiveWeight });
  return out;
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
  const built = new Map<string, ReturnType<typeof buildModel>>();
  const all = plans(dir);
  for (const plan of all) {
    if (only !== undefined && plan.file !== only) continue;
    const t0 = Date.now();
    // The multilingual model reads no language's cue lists, so every language is encoded as "und".
    const encTrain = plan.train.map((e) => encode(e, plan.featureLanguage(e), plan.mode));
    const devEnc = plan.dev.map((d) => d.examples.map((e) => encode(e, d.language === plan.language ? d.language : 'und', plan.mode)));
    const candidates = search ? (plan.mode === 'cues' ? cueGrid() : grid()) : [SETTINGS[plan.file]!];
    // Blended with the n-gram model trained in this run, or (with --only) the one already in the folder.
    const ngram =
      plan.mode === 'cues'
        ? (built.get(plan.language)?.model ?? parseCheckWorthinessModel(new Uint8Array(readFileSync(`${outDir}${plan.language}.bin`))))
        : null;
    const blends = new Map<object, ReturnType<typeof chooseBlend>>();
    const ngramPlan = all.find((p) => p.file === plan.language && p.mode !== 'cues');
    const held = plan.crossValidateOn;
    const ngramOutOfFold = ngram !== null && held !== undefined && ngramPlan !== undefined ? outOfFold(ngramPlan, SETTINGS[ngramPlan.file]!, held) : null;
    const posts = plan.crossValidatePostsOn;
    const ngramOutOfFoldPosts =
      ngram !== null && posts !== undefined && ngramPlan !== undefined ? outOfFold(ngramPlan, SETTINGS[ngramPlan.file]!, posts) : null;
    const ngramThreshold = built.get(plan.language)?.threshold ?? Number((ngram?.provenance.devThreshold as number | undefined) ?? 0.5);
    let chosen: ReturnType<typeof buildModel> | null = null;
    let chosenSettings = candidates[0]!;
    for (const s of candidates) {
      const r = buildModel(plan, s, encTrain, devEnc);
      if (ngram !== null) {
        // A cue model is judged by the blend the product applies.
        const cvs: Parameters<typeof chooseBlend>[3] = {};
        if (ngramOutOfFold !== null && held !== undefined)
          cvs.sentence = { ...crossValidatedBlend(ngramOutOfFold, outOfFold(plan, s, held), held), ngramThreshold, cuesThreshold: r.threshold };
        if (ngramOutOfFoldPosts !== null && posts !== undefined) {
          // The cue model never trains on posts: its raw log-odds on them are held out already.
          const cuesRaw = new Map(posts.map((e) => [e, contextLogit(r.model, e, 'en') + logit(r.threshold)] as const));
          cvs.post = { ...crossValidatedBlend(ngramOutOfFoldPosts, cuesRaw, posts), ngramThreshold, cuesThreshold: r.threshold };
        }
        const blend = chooseBlend(ngram, r.model, plan, cvs);
        blends.set(r, blend);
        r.objective = blend.figures.reduce((a, f) => a + f.value, 0) / Math.max(1, blend.figures.length);
      }
      console.log(`${plan.file} ${JSON.stringify(s)} objective=${r.objective.toFixed(4)} ${r.figures.map((f) => `${f.metric}=${f.value}`).join(' ')}`);
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
    const blend = blends.get(chosen);
    if (blend !== undefined) {
      chosen.model.blend = blend.weights;
      chosen.model.provenance.dev = blend.figures;
      checkNoCollisions(encTrain, chosenSettings.bits, 'cue');
    }
    built.set(plan.file, chosen);
    writeFileSync(`${outDir}${plan.file}.bin`, serializeCheckWorthinessModel(chosen.model));
    summary[plan.file] = { ...chosen.model.provenance, ...(chosen.model.blend !== undefined ? { blend: chosen.model.blend } : {}) };
    console.log(`${plan.file}: wrote ${plan.file}.bin (${2 ** chosenSettings.bits} weights) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (only === undefined || only === 'en-transcript') {
    const t0 = Date.now();
    const en = built.get('en')?.model ?? parseCheckWorthinessModel(new Uint8Array(readFileSync(`${outDir}en.bin`)));
    const model = trainTranscriptModel(dir, en, SETTINGS.en!, search);
    writeFileSync(`${outDir}en-transcript.bin`, serializeCheckWorthinessModel(model));
    summary['en-transcript'] = model.provenance;
    console.log(`en-transcript: wrote en-transcript.bin (${2 ** model.bits} weights) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  console.log(JSON.stringify(summary, null, 2));
}

main();

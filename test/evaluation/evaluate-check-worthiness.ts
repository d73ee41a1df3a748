/**
 * Check-worthiness on public data nobody here labelled: every CheckThat! dev split found under
 * $FACTFLOW_EVAL_DATA (see shared/models/check-worthiness/MODEL.md for the layout), with the official metric of
 * its task (MAP over debates, F1 of the positive class for tweets and sentences), next to a seeded random
 * baseline and the previous hand-weighted scorer (test/evaluation/legacy-scorer.ts). Test and dev-test splits are
 * never read. Also: language identification on short claims from the same splits (train and dev).
 *
 *   FACTFLOW_EVAL_DATA=/work/data npm run eval:triage
 */
import { debateRoleName, devSets, type Example, LANGUAGES_2022, readTweets } from '../training/clef-data.ts';
import { loadCheckWorthinessModels } from '../../shared/adapters/check-worthiness-model.ts';
import { installCheckWorthinessModels, scoreCheckWorthiness, scoreWithModel } from '../../shared/domain/triage/check-worthiness.ts';
import { scoreTranscript } from '../../shared/domain/triage/transcript.ts';
import { cleanForScoring } from '../../shared/domain/triage/check-worthiness-features.ts';
import { detectLanguage } from '../../shared/domain/triage/language.ts';
import { scoreCheckWorthiness as legacyScore } from './legacy-scorer.ts';
import { meanAveragePrecision, positiveF1, seededRandom } from './metrics.ts';

/** The previous scorer's threshold (it closed claims below it). */
const LEGACY_THRESHOLD = 0.45;

export interface SetResult {
  set: string;
  language: string;
  metric: 'MAP' | 'F1';
  n: number;
  positives: number;
  model: number;
  /** The multilingual fallback on the same set (what a language without its own model gets). */
  fallback: number;
  random: number;
  previous: number;
}

function metricOf(metric: 'MAP' | 'F1', scores: number[], examples: readonly Example[], threshold: number): number {
  const labels = examples.map((e) => e.label);
  return metric === 'MAP'
    ? meanAveragePrecision(
        scores,
        labels,
        examples.map((e) => e.group ?? ''),
      )
    : positiveF1(scores, labels, threshold);
}

const contextOf = (e: Example) => (e.speaker === undefined ? undefined : { speaker: debateRoleName(e.speaker), previous: e.previous, next: e.next });

function transcriptScores(examples: readonly Example[], language: string): number[] {
  const byGroup = new Map<string, number[]>();
  examples.forEach((e, i) => {
    byGroup.set(e.group ?? '', [...(byGroup.get(e.group ?? '') ?? []), i]);
  });
  const out = new Array<number>(examples.length).fill(0);
  for (const idx of byGroup.values()) {
    const scored = scoreTranscript(
      idx.map((i) => ({ text: examples[i]!.text, speaker: examples[i]!.speaker })),
      language,
    );
    idx.forEach((i, k) => {
      out[i] = scored[k]!.score;
    });
  }
  return out;
}

export function evaluatePublicDevSplits(dir: string): SetResult[] {
  const models = loadCheckWorthinessModels();
  installCheckWorthinessModels(models);
  const out: SetResult[] = [];
  for (const set of devSets(dir)) {
    // Debates go through the product's transcript path (each debate whole, speakers and neighbours), the rest alone.
    const scores =
      set.metric === 'MAP'
        ? transcriptScores(set.examples, set.language)
        : set.examples.map((e) => scoreCheckWorthiness(e.text, set.language, contextOf(e)).score);
    const fallback = set.examples.map((e) => scoreWithModel(models.fallback, e.text, 'und', contextOf(e)).score);
    const rnd = seededRandom(7);
    // Random: a coin flip per sentence (for F1 at 0.5) and a random order (for MAP); averaged over 20 draws.
    let random = 0;
    for (let k = 0; k < 20; k++)
      random +=
        metricOf(
          set.metric,
          set.examples.map(() => rnd()),
          set.examples,
          0.5,
        ) / 20;
    const previous = set.examples.map((e) => legacyScore(e.text, set.language).score);
    out.push({
      set: set.name,
      language: set.language,
      metric: set.metric,
      n: set.examples.length,
      positives: set.examples.filter((e) => e.label === 1).length,
      model: metricOf(set.metric, scores, set.examples, 0.5),
      fallback: metricOf(set.metric, fallback, set.examples, 0.5),
      random,
      previous: metricOf(set.metric, previous, set.examples, LEGACY_THRESHOLD),
    });
  }
  return out;
}

export interface LanguageIdResult {
  language: string;
  short: { n: number; correct: number };
  all: { n: number; correct: number };
  undetermined: number;
}

/** Language identification on the CheckThat! 2022 tweets (train and dev), URLs/handles/hashtags removed. */
export function evaluateLanguageId(dir: string): LanguageIdResult[] {
  const out: LanguageIdResult[] = [];
  for (const lang of Object.keys(LANGUAGES_2022)) {
    const texts = [...readTweets(dir, lang, 'train'), ...readTweets(dir, lang, 'dev')].map((e) => cleanForScoring(e.text));
    const r: LanguageIdResult = { language: lang, short: { n: 0, correct: 0 }, all: { n: 0, correct: 0 }, undetermined: 0 };
    for (const t of texts) {
      const letters = t.match(/\p{L}/gu)?.length ?? 0;
      if (letters === 0) continue;
      const code = detectLanguage(t).code;
      const ok = code === lang;
      r.all.n++;
      if (ok) r.all.correct++;
      if (code === 'und') r.undetermined++;
      if (letters < 60) {
        r.short.n++;
        if (ok) r.short.correct++;
      }
    }
    out.push(r);
  }
  return out;
}

/** Short English debate sentences (dev debates and 2024 dev sentences): the claim-length case. */
export function evaluateEnglishShort(dir: string): { n: number; correct: number; und: number; wrong: string[] } {
  const texts = devSets(dir)
    .filter((s) => s.language === 'en')
    .flatMap((s) => s.examples.map((e) => e.text))
    .filter((t) => {
      const letters = t.match(/\p{L}/gu)?.length ?? 0;
      return letters >= 10 && letters < 60;
    });
  let correct = 0;
  let und = 0;
  const wrong: string[] = [];
  for (const t of texts) {
    const code = detectLanguage(t).code;
    if (code === 'en') correct++;
    else if (code === 'und') und++;
    else if (wrong.length < 8) wrong.push(`${code}: ${t}`);
  }
  return { n: texts.length, correct, und, wrong };
}

const f3 = (x: number) => x.toFixed(3);
const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;

export function printPublicEvaluation(dir: string): void {
  console.log(`== Check-worthiness on public dev splits under ${dir} (CheckThat!, labelled by its organisers)`);
  console.log('| set | lang | metric | n (positive) | model | multilingual fallback | random | previous scorer |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of evaluatePublicDevSplits(dir)) {
    console.log(
      `| ${r.set} | ${r.language} | ${r.metric} | ${r.n} (${r.positives}) | ${f3(r.model)} | ${f3(r.fallback)} | ${f3(r.random)} | ${f3(r.previous)} |`,
    );
  }
  console.log('F1 at the product threshold 0.5 (the previous scorer at its 0.45); MAP ranks each debate by score.');
  console.log(`\n== Language identification (eld), CheckThat! 2022 tweets train+dev, URLs/handles/hashtags removed`);
  console.log('| lang | under 60 letters | all | und |');
  console.log('| --- | --- | --- | --- |');
  for (const r of evaluateLanguageId(dir)) {
    console.log(`| ${r.language} | ${pct(r.short.correct, r.short.n)} of ${r.short.n} | ${pct(r.all.correct, r.all.n)} of ${r.all.n} | ${r.undetermined} |`);
  }
  const en = evaluateEnglishShort(dir);
  console.log(`English dev sentences of 10-59 letters: ${pct(en.correct, en.n)} of ${en.n} read as en (${en.und} und)`);
  for (const w of en.wrong) console.log(`  ${w}`);
}

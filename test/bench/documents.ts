/**
 * Document triage speed: segmentation + attribution + check-worthiness scoring + matching of a ~1,500-word article
 * (our six fixture articles joined), as a ratio against plain sentence splitting of the same text, both measured in
 * the same process. Part of `npm run bench`; alone: `npx tsx test/bench/documents.ts`.
 *
 * Matching runs against the matcher it is given: in `npm run bench` the local stack's (the similar-claim index in
 * DynamoDB Local, seeded with the fixture sentences as earlier claims); alone, an in-memory index of the same.
 */
import { InMemorySimilarClaimIndex } from '../../shared/adapters/memory/similar-claim-index.ts';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// The trained check-worthiness model, loaded once (as the triage function's composition root does).
import '../../shared/adapters/check-worthiness-model.ts';
import { IndexClaimMatcher, TriageCheckWorthinessScorer } from '../../shared/adapters/documents/triage-ports.ts';
import { analyseSegments, type ClaimMatcher } from '../../shared/domain/documents/analysis.ts';
import { segmentDocument, splitSentences } from '../../shared/domain/documents/segmentation.ts';
import type { SimilarClaimIndex, VerdictRepository } from '../../shared/domain/ports.ts';
import { claimSignature, defaultTriageThresholds, normalizeStatement } from '../../shared/domain/triage/index.ts';

const dir = new URL('../fixtures/documents/', import.meta.url);

export function benchArticle(): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(new URL(f, dir), 'utf8'))
    .join('\n');
}

/** The in-memory similar-claim index (same BM25 scoring as the DynamoDB adapter), holding the statements. */
function memoryIndex(statements: readonly string[]): SimilarClaimIndex {
  const index = new InMemorySimilarClaimIndex();
  statements.forEach((s, i) => {
    const text = normalizeStatement(s);
    void index.add({ kind: 'claim', claimId: `C${String(i).padStart(25, '0')}`, signature: claimSignature(text), text });
  });
  return index;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function time(fn: () => unknown, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(samples);
}

async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(samples);
}

export interface DocumentBenchResult {
  words: number;
  sentences: number;
  baselineMs: number;
  triageMs: number;
  segmentationMs: number;
  matcher: string;
}

export async function measureDocumentTriage(matcher?: { matcher: ClaimMatcher; label: string }, runs = 15): Promise<DocumentBenchResult> {
  const text = benchArticle();
  const scorer = new TriageCheckWorthinessScorer();
  const sentences = text.split('\n').flatMap((l) => splitSentences(l));
  const noVerdicts: VerdictRepository = { publish: async () => undefined, get: async () => null, getMany: async () => [] };
  const m = matcher ?? {
    matcher: new IndexClaimMatcher(memoryIndex(sentences.slice(0, 40)), noVerdicts, defaultTriageThresholds.duplicate),
    label: 'in-memory index of 40 earlier claims',
  };
  const full = async () => analyseSegments({ scorer, matcher: m.matcher }, segmentDocument({ text }), 'en');
  for (let i = 0; i < 3; i++) await full(); // warm: compromise's lexicon, JIT
  const baselineMs = time(() => text.split('\n').flatMap((l) => splitSentences(l)), runs * 20);
  const segmentationMs = time(() => segmentDocument({ text }), runs);
  const triageMs = await timeAsync(full, runs);
  return { words: text.split(/\s+/).filter(Boolean).length, sentences: sentences.length, baselineMs, triageMs, segmentationMs, matcher: m.label };
}

export function documentSection(r: DocumentBenchResult): string {
  const f = (n: number, d = 2) => n.toFixed(d);
  return [
    `### 5. Document triage (${r.words} words: our six fixture articles joined, ${r.sentences} sentences; median of warm runs in one process)`,
    '',
    '| step | ms | ratio to plain sentence splitting |',
    '| --- | ---: | ---: |',
    `| plain sentence splitting (baseline) | ${f(r.baselineMs, 3)} | 1 |`,
    `| segmentation (sentences + non-claim parts) | ${f(r.segmentationMs)} | ${f(r.segmentationMs / r.baselineMs, 0)} |`,
    `| segmentation + attribution + scoring + matching | ${f(r.triageMs)} | ${f(r.triageMs / r.baselineMs, 0)} |`,
    '',
    `Matching against: ${r.matcher}. Target: at most 1 s warm on one Lambda for a 1,500-word article; this machine is 2 shared cores, so the absolute figure is an indication only. Almost all of the time is the check-worthiness scorer (compromise part-of-speech tagging per sentence); plain splitting is a single regular expression, hence the large ratio.`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(documentSection(await measureDocumentTriage()));
}

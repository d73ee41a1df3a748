/**
 * Document triage on our own labelled articles (test/fixtures/documents/labels.json; written and labelled by us,
 * NOT independent data): average precision of the ranking, where the check-worthy sentences a fact-checker would
 * pick should come before captions, bylines, headlines (question ones too), pull quotes, opinions, questions and
 * denial quotes.
 *
 *   ranked  = factflow's document ranking (segmentation + attribution + scorer), non-claim segments last;
 *   baseline = every sentence of plain sentence splitting scored by the same scorer, no segmentation.
 *
 * Usage: npm run eval:documents
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// The trained check-worthiness model, loaded once (as the triage function's composition root does).
import '../../shared/adapters/check-worthiness-model.ts';
import { TriageCheckWorthinessScorer } from '../../shared/adapters/documents/triage-ports.ts';
import { analyseSegments } from '../../shared/domain/documents/analysis.ts';
import { segmentDocument, splitSentences } from '../../shared/domain/documents/segmentation.ts';

interface Labelled {
  file: string;
  publisher: string;
  topic: string;
  checkWorthy: string[];
}

const dir = new URL('../fixtures/documents/', import.meta.url);

/** Average precision of a ranked list of relevance flags, over `relevant` relevant items in total. */
export function averagePrecision(ranked: readonly boolean[], relevant: number): number {
  let hits = 0;
  let sum = 0;
  ranked.forEach((isRelevant, i) => {
    if (!isRelevant) return;
    hits += 1;
    sum += hits / (i + 1);
  });
  return relevant === 0 ? 0 : sum / relevant;
}

export interface ArticleResult {
  file: string;
  publisher: string;
  topic: string;
  labelled: number;
  ranked: number;
  baseline: number;
  topNonClaims: string[];
}

export async function evaluateDocuments(): Promise<ArticleResult[]> {
  const labels = JSON.parse(readFileSync(new URL('labels.json', dir), 'utf8')) as { articles: Labelled[] };
  const scorer = new TriageCheckWorthinessScorer();
  const results: ArticleResult[] = [];
  for (const article of labels.articles) {
    const text = readFileSync(new URL(article.file, dir), 'utf8');
    const isWorthy = (sentence: string) => article.checkWorthy.some((prefix) => sentence.trim().startsWith(prefix));
    const found = new Set(article.checkWorthy.filter((p) => text.includes(p)));
    if (found.size !== article.checkWorthy.length) throw new Error(`${article.file}: a label does not occur in the text`);
    const segments = segmentDocument({ text });
    const analysis = await analyseSegments({ scorer, matcher: { find: async () => [] } }, segments, 'en');
    const candidateIds = new Set(analysis.candidates.map((c) => c.segmentId));
    const rest = segments.filter((s) => !candidateIds.has(s.id));
    const ranked = [...analysis.candidates.map((c) => c.sentence), ...rest.map((s) => s.text)];
    const baselineSentences = text
      .split('\n')
      .flatMap((line) => splitSentences(line))
      .map((s) => ({ s, score: scorer.score(s, 'en', {}).score }))
      .sort((a, b) => b.score - a.score)
      .map((x) => x.s);
    const relevant = article.checkWorthy.length;
    results.push({
      file: article.file,
      publisher: article.publisher,
      topic: article.topic,
      labelled: relevant,
      ranked: averagePrecision(ranked.map(isWorthy), relevant),
      baseline: averagePrecision(baselineSentences.map(isWorthy), relevant),
      topNonClaims: analysis.candidates
        .slice(0, relevant)
        .filter((c) => !isWorthy(c.sentence))
        .map((c) => c.sentence.slice(0, 70)),
    });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await evaluateDocuments();
  console.log('Document triage on OUR OWN labelled articles (written and labelled by us; not independent data)\n');
  console.log('| article | publisher | topic | labelled | AP ranked | AP baseline |');
  console.log('| --- | --- | --- | ---: | ---: | ---: |');
  for (const r of results) console.log(`| ${r.file} | ${r.publisher} | ${r.topic} | ${r.labelled} | ${r.ranked.toFixed(3)} | ${r.baseline.toFixed(3)} |`);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`| **mean** | | | | **${mean(results.map((r) => r.ranked)).toFixed(3)}** | ${mean(results.map((r) => r.baseline)).toFixed(3)} |`);
  console.log("\nNot check-worthy sentences ranked inside each article's top k (k = labelled count):");
  for (const r of results) for (const s of r.topNonClaims) console.log(`  ${r.file}: ${s}`);
}

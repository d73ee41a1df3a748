/**
 * npm run eval:matching -- --queries Q.tsv --collection C.tsv [--qrels R] [--run out.run] [--memory] [--tag NAME]
 *   [--depth N (candidates retrieved, 100)] [--rerank N (of them re-ranked, RERANK_DEPTH as the product does)]
 *
 * Indexes the collection through the project's own similar-claim index (DynamoDB Local by default, started
 * here and loaded in bulk with the items the adapter's `add` would write; `--memory` uses the in-memory adapter
 * with the same scoring), retrieves and re-ranks each query, and
 * writes a TREC run file (`qid Q0 docid rank score tag`). With qrels (`qid 0 docid rel`), prints MAP@5 and
 * recall@20 of the candidate step (BM25 alone), MAP@5 and recall@20 after re-ranking, and recall of the
 * candidates the re-ranker weighs (the ceiling of what it can find), over the judged queries.
 *
 * The collection is indexed in a seeded random order (`--in-order` keeps the file's): a full posting shard
 * lists the documents that came first, and CheckThat! 2020's file lists every judged fact-check (ids 0-786 of
 * 10,389) before the rest, an order no newsroom's archive has. Indexed in file order, that leaked into the
 * 2020 figures (MAP@5 of BM25 alone 0.785 in order, 0.736 shuffled, before exact re-scoring of the pool).
 * A random baseline (a seeded shuffle of the whole collection per query) is printed beside the figures.
 *
 * Formats: queries `id<TAB>text[<TAB>yyyy-mm-dd]` (the date the claim appeared); collection
 * `id<TAB>claim[<TAB>title[<TAB>description[<TAB>yyyy-mm-dd]]]` (the CheckThat! verified_claims layout, plus the
 * fact-check's standfirst and publication date): each document is indexed as the archive import indexes a
 * ClaimReview (indexEntry: the claim, its headline, its description and its date; `--no-description` leaves the
 * description out, `--no-dates` every date), and ranked as the product orders matches (similarity plus the date
 * proximity, rerank.ts). A header line whose first field is empty or "id" is skipped. A judged query none of whose
 * fact-checks is in the collection is left out (the count is printed): a sub-collection scores honestly.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { InMemorySimilarClaimIndex } from '../../shared/adapters/memory/similar-claim-index.ts';
import {
  type DateProximity,
  dateProximity,
  matchFeatures,
  matchRank,
  matchScore,
  RERANK_DEPTH,
  RERANK_WEIGHTS,
  type RerankWeights,
} from '../../shared/domain/matching/rerank.ts';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { bulkIndexItems } from '../../shared/adapters/dynamodb/similar-claim-index.ts';
import type { TableContext } from '../../shared/adapters/dynamodb/table.ts';
import type { IndexedClaim, SimilarClaimIndex } from '../../shared/domain/ports.ts';
import { indexEntry } from '../../shared/domain/archive/import-archive.ts';
import { claimSignature, normalizeStatement } from '../../shared/domain/triage/index.ts';
import { seededRandom } from './metrics.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function readFields(path: string): string[][] {
  const out: string[][] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const [id, ...rest] = line.split('\t');
    if (id === undefined || id === '' || id === 'id') continue;
    out.push([id.trim(), ...rest.map((f) => f.trim())]);
  }
  return out;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/u;

/** Queries: `id<TAB>text[<TAB>yyyy-mm-dd]`, the date being when the claim appeared (a tweet's date). */
function readQueries(path: string): Array<[string, string, string | undefined]> {
  return readFields(path).map(([id, ...rest]) => {
    const date = rest.length > 1 && ISO_DAY.test(rest.at(-1) ?? '') ? rest.pop() : undefined;
    return [id as string, rest.join(' ').trim(), date];
  });
}

export function readQrels(path: string): Map<string, Set<string>> {
  const q = new Map<string, Set<string>>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || Number(f[3]) <= 0) continue;
    const set = q.get(f[0] as string) ?? new Set<string>();
    set.add(f[2] as string);
    q.set(f[0] as string, set);
  }
  return q;
}

export function averagePrecisionAt(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  let hits = 0;
  let sum = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) {
    if (relevant.has(ranked[i] as string)) {
      hits++;
      sum += hits / (i + 1);
    }
  }
  return relevant.size === 0 ? 0 : sum / Math.min(relevant.size, k);
}

function shuffle<T>(xs: T[], r: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
  }
}

/** MAP@5 and recall@20 of a ranking drawn at random from the collection (seeded): what chance alone scores. */
function randomBaseline(
  ids: readonly string[],
  queries: ReadonlyArray<readonly [string, ...unknown[]]>,
  qrels: Map<string, Set<string>>,
): { map5: number; recall20: number } {
  const r = seededRandom(7);
  let map5 = 0;
  let recall20 = 0;
  for (const [qid] of queries) {
    const rel = qrels.get(qid) as Set<string>;
    const picked = new Set<string>();
    while (picked.size < Math.min(20, ids.length)) picked.add(ids[Math.floor(r() * ids.length)] as string);
    const ranked = [...picked];
    map5 += averagePrecisionAt(ranked, rel, 5);
    recall20 += ranked.filter((id) => rel.has(id)).length / rel.size;
  }
  return { map5: map5 / queries.length, recall20: recall20 / queries.length };
}

async function dynamoIndex(): Promise<{ index: SimilarClaimIndex; stop: () => Promise<void>; table: TableContext }> {
  const { startLocalDynamo } = await import('./local-dynamo.ts');
  return startLocalDynamo();
}

/**
 * Loads a whole collection into an empty DynamoDB index with BatchWriteItem: the items `add` would leave
 * (bulkIndexItems), since one `add` per document (about 20 writes each, the stats item a hot key DynamoDB Local
 * locks) takes far longer than the evaluation. Lookups then run through the adapter exactly as in production.
 */
async function bulkLoad(table: TableContext, entries: IndexedClaim[]): Promise<void> {
  const items = bulkIndexItems(entries);
  const batches: Array<Array<Record<string, unknown>>> = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  for (let i = 0; i < batches.length; i += 8) {
    await Promise.all(
      batches.slice(i, i + 8).map(async (batch) => {
        let pending = batch.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const out = await table.doc.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: pending } }));
          pending = (out.UnprocessedItems?.[table.tableName] ?? []) as typeof pending;
        }
      }),
    );
  }
}

type Query = [id: string, text: string, date: string | undefined];

/**
 * Tuning on a train split: features once, then MAP@5 for each weight setting (prints the best). With dates
 * (queries carrying one), the date proximity's window and weight are searched at the shipped re-ranker weights.
 */
async function grid(
  index: SimilarClaimIndex,
  queries: Query[],
  qrels: Map<string, Set<string>>,
  texts: Map<string, string>,
  depth: number,
  rerankDepth: number,
): Promise<void> {
  type Row = { rel: Set<string>; cands: Array<{ id: string; f: ReturnType<typeof matchFeatures>; proximity: (p: DateProximity) => number }> };
  const rows: Row[] = [];
  for (const [qid, text, date] of queries) {
    const normalized = normalizeStatement(text);
    const signature = claimSignature(normalized);
    const candidates = await index.candidates(signature, depth);
    rows.push({
      rel: qrels.get(qid) as Set<string>,
      cands: candidates.slice(0, rerankDepth).map((c) => ({
        id: c.claimId,
        f: matchFeatures({ text: normalized, signature }, { text: c.text ?? texts.get(c.claimId) ?? '', signature: c.signature }, c.retrieval),
        proximity: (p: DateProximity) => dateProximity(date, c.date, c.kind, p),
      })),
    });
  }
  const map5 = (score: (c: Row['cands'][number]) => number) => {
    let map = 0;
    for (const r of rows) {
      const ranked = r.cands.map((c) => ({ id: c.id, s: score(c) })).sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : 1));
      map += averagePrecisionAt(
        ranked.map((x) => x.id),
        r.rel,
        5,
      );
    }
    return map / rows.length;
  };
  const results: Array<{ w: RerankWeights; map: number }> = [];
  for (const tokens of [0, 0.1, 0.25, 0.5])
    for (const chars of [0, 0.1, 0.25, 0.5, 1])
      for (const conflict of [0, 0.02, 0.05])
        for (const negation of [0, 0.02]) {
          const w: RerankWeights = { bm25: 1, tokens, chars, conflict, negation };
          results.push({ w, map: map5((c) => matchScore(c.f, w)) });
        }
  results.sort((a, b) => b.map - a.map);
  for (const r of results.slice(0, 8)) console.log(JSON.stringify(r));
  if (!queries.some(([, , date]) => date !== undefined)) return;
  const dated: Array<{ p: DateProximity; map: number }> = [];
  for (const weight of [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3])
    for (const before of [0, 1, 3, 7])
      for (const after of [1, 3, 7, 14])
        for (const fade of [10, 30, 90]) {
          const p = { before, after, fade, weight };
          dated.push({ p, map: map5((c) => matchRank(matchScore(c.f), c.proximity(p), weight)) });
        }
  dated.sort((a, b) => b.map - a.map);
  for (const r of dated.slice(0, 8)) console.log(JSON.stringify({ dateProximity: r.p, map: r.map }));
}

async function main(): Promise<void> {
  const queriesPath = arg('queries');
  const collectionPath = arg('collection');
  if (!queriesPath || !collectionPath) {
    console.error('usage: npm run eval:matching -- --queries Q.tsv --collection C.tsv [--qrels R] [--run out.run] [--memory]');
    process.exit(2);
  }
  const qrels = arg('qrels') ? readQrels(arg('qrels') as string) : null;
  const tag = arg('tag') ?? 'factflow';
  const runPath = arg('run') ?? 'matching.run';
  const depth = Number(arg('depth') ?? 100);
  const rerankDepth = Number(arg('rerank') ?? RERANK_DEPTH);
  const weights: RerankWeights = arg('weights') ? { ...RERANK_WEIGHTS, ...JSON.parse(arg('weights') as string) } : RERANK_WEIGHTS;

  const memory = process.argv.includes('--memory');
  const { index, stop, table } = memory
    ? { index: new InMemorySimilarClaimIndex() as SimilarClaimIndex, stop: async () => {}, table: undefined }
    : await dynamoIndex();
  try {
    const docs = readFields(collectionPath);
    if (!process.argv.includes('--in-order')) shuffle(docs, seededRandom(20201202));
    const texts = new Map<string, string>();
    const t0 = Date.now();
    const withDescription = !process.argv.includes('--no-description');
    const withDates = !process.argv.includes('--no-dates');
    const entries: IndexedClaim[] = docs.map(([id, claim, title, description, date]) => {
      const entry = indexEntry(id as string, claim ?? '', title, withDescription ? description : undefined, undefined, withDates && date ? date : undefined);
      texts.set(id as string, entry.text ?? '');
      return entry;
    });
    if (table) await bulkLoad(table, entries);
    else for (const e of entries) await index.add(e);
    console.error(`indexed ${docs.length} documents in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    let queries = readQueries(queriesPath).map(([id, text, date]): Query => [id, text, withDates ? date : undefined]);
    if (qrels) {
      const inCollection = new Set(docs.map(([id]) => id));
      const judged = queries.filter(([id]) => qrels.has(id));
      queries = judged.filter(([id]) => [...(qrels.get(id) as Set<string>)].some((d) => inCollection.has(d)));
      if (queries.length < judged.length)
        console.error(`left out ${judged.length - queries.length} judged queries whose fact-checks are not in the collection`);
    }
    if (qrels && process.argv.includes('--grid')) {
      await grid(index, queries, qrels, texts, depth, rerankDepth);
      return;
    }
    const lines: string[] = [];
    let map5Bm25 = 0;
    let map5 = 0;
    let recall20 = 0;
    let recall20Reranked = 0;
    let recallPool = 0;
    let top1 = 0;
    for (const [qid, text, date] of queries) {
      const normalized = normalizeStatement(text);
      const signature = claimSignature(normalized);
      const candidates = await index.candidates(signature, depth);
      // Ordered as the product orders matches (classifyCandidates): the similarity, plus a timely candidate's weight.
      const reranked = candidates.slice(0, rerankDepth).map((c) => {
        const f = matchFeatures({ text: normalized, signature }, { text: c.text ?? texts.get(c.claimId) ?? '', signature: c.signature }, c.retrieval);
        return { id: c.claimId, score: matchRank(matchScore(f, weights), dateProximity(date, c.date, c.kind)) };
      });
      reranked.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
      const ranking = [...reranked, ...candidates.slice(rerankDepth).map((c) => ({ id: c.claimId, score: 0 }))];
      for (const [i, r] of ranking.entries()) lines.push(`${qid} Q0 ${r.id} ${i + 1} ${r.score.toFixed(6)} ${tag}`);
      const rel = qrels?.get(qid);
      if (rel) {
        map5Bm25 += averagePrecisionAt(
          candidates.map((c) => c.claimId),
          rel,
          5,
        );
        map5 += averagePrecisionAt(
          ranking.map((r) => r.id),
          rel,
          5,
        );
        const recall = (ids: string[]) => ids.filter((id) => rel.has(id)).length / rel.size;
        recall20 += recall(candidates.slice(0, 20).map((c) => c.claimId));
        recall20Reranked += recall(ranking.slice(0, 20).map((r) => r.id));
        recallPool += recall(reranked.map((r) => r.id));
        if (rel.has(ranking[0]?.id ?? '')) top1++;
      }
    }
    writeFileSync(runPath, `${lines.join('\n')}\n`);
    console.error(`wrote ${lines.length} lines to ${runPath}`);
    if (qrels) {
      const n = queries.length;
      const chance = randomBaseline(
        docs.map(([id]) => id as string),
        queries,
        qrels,
      );
      console.log(
        JSON.stringify({
          queries: n,
          'MAP@5': +(map5 / n).toFixed(4),
          'MAP@5 (BM25 only)': +(map5Bm25 / n).toFixed(4),
          'recall@20 (candidates)': +(recall20 / n).toFixed(4),
          'recall@20 (re-ranked)': +(recall20Reranked / n).toFixed(4),
          [`recall@${rerankDepth} (candidates re-ranked)`]: +(recallPool / n).toFixed(4),
          'P@1': +(top1 / n).toFixed(4),
          'random baseline MAP@5': +chance.map5.toFixed(4),
          'random baseline recall@20': +chance.recall20.toFixed(4),
        }),
      );
    }
  } finally {
    await stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

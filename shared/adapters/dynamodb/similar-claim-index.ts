import { BatchGetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TermPostings } from '../../domain/matching/bm25.ts';
import { documentTerms, queryTerms, RESCORE_POOL, rankPostings, rescore } from '../../domain/matching/retrieve.ts';
import type { IndexedClaim, SimilarClaimIndex, SimilarClaims } from '../../domain/ports.ts';
import type { ClaimSignature, DuplicateKind } from '../../domain/triage/types.ts';
import { isConditionalCheckFailure, type TableContext } from './table.ts';
import { backoff } from '../../domain/backoff.ts';
import { type KnownItem, knownItem, writePostings } from './posting-writes.ts';

/**
 * The similar-claim index as an inverted index in the single table (BM25; scoring in domain/matching).
 *
 * | item                 | pk                       | sk         | attributes                                        |
 * | -------------------- | ------------------------ | ---------- | ------------------------------------------------- |
 * | posting shard        | TERM#<term>#<shard 0..3> | #POSTINGS  | members ["<claimId> <tf> <len>", …] ≤ 48, memberCount, overflow |
 * | indexed claim        | SIG#<claimId>            | #SIG       | kind, claimId, signature, text (≤ 1,000 chars), date, length |
 * | collection stats     | TERMSTATS                | #STATS     | docs, totalLength (N and the average length)      |
 * | exact fingerprint    | FP#<sha256>              | #FP        | claimId: the first claim with this statement      |
 *
 * Why this shape:
 * - A term's postings are split over POSTING_SHARDS items by a hash of the claim id, so no item grows without
 *   bound and concurrent writers of a common term spread over four keys. A shard lists at most
 *   SHARD_MEMBER_CAP members (~2 KB); past that it only counts (`overflow`). The document frequency for IDF is
 *   memberCount + overflow summed over the shards, so it stays exact while the lists stay bounded. A term on
 *   more than 192 claims is a common word: its postings no longer make candidates, but its IDF is still right
 *   and candidates found through rarer terms are scored exactly. Each member carries tf and length, so
 *   scoring needs no further read.
 * - A lookup is one BatchGetItem for the stats item and 4 shards of each of at most 32 query terms (≤ 129 keys:
 *   2 requests of ≤ 100), then one BatchGetItem for the best RESCORE_POOL (100) indexed claims by those
 *   postings, which are re-scored exactly from their own terms (domain/matching/retrieve.ts `rescore`) before
 *   the best `limit` are kept: 3 requests and a bounded number of read units whatever the collection size
 *   (each shard ≤ 2 KB, each claim item ≤ 2 KB).
 * - Write cost per indexed claim: 1 PutItem (claim item), then 1 BatchExecuteStatement (posting-writes.ts) holding
 *   one PartiQL statement per distinct term (at most 48, typically 10-20 for a claim) and one for the stats; two
 *   requests past 24 terms, 25 statements each. Each statement is its own conditional write of ≤ 2 KB (≤ 2 WCU).
 *   Triage's lookup has just read the claim's shards, so each statement fits its shard (INSERT a missing one,
 *   append to one with room, count the claim in a full one's `overflow`); a statement refused because the shard
 *   changed since comes back with the shard and is sent again in a second request. So indexing a claim is
 *   2 requests whatever the collection size (it was 1 + terms + 1, and one more per full shard, whose refused
 *   append was billed too). Without a lookup (the import, a claim whose terms pass the 32 a lookup reads) an
 *   unknown shard is first tried as an append: up to 2 more requests. Publishing a verdict for an indexed claim is
 *   1 Put (the kind changes, the terms do not). Happy path on a near-empty table (tools/trace-requests.ts, 18:50
 *   on 2026-12-02): triage indexes its claim with 2 requests instead of 11, the same 10 WRU for its 9 terms. At
 *   50,000 stored claims (`BENCH_ONLY=cost npm run bench`, 19:03): 2 requests instead of 15, 14 WRU instead of 18.
 * - Measured (`npm run bench:matching`, DynamoDB Local, synthetic collection, 05:15 on 2026-12-02, before the
 *   batched writes): a lookup is 2 requests and about 74 read units (max 89; 36 before the pool of 100 was
 *   re-scored) at 1,000, 10,000 and 50,000 verdicts alike. The MinHash index it replaced wrote 33 requests per claim.
 * - The stats item is one hot key (one write per indexed claim): fine under DynamoDB's 1,000 writes/s per
 *   partition; shard it like the postings if an import ever needs more.
 */
export const POSTING_SHARDS = 4;
export const SHARD_MEMBER_CAP = 48;
const BATCH_GET_LIMIT = 100;

const postingKey = (term: string, shard: number) => ({ pk: `TERM#${term}#${shard}`, sk: '#POSTINGS' });
const signatureKey = (claimId: string) => ({ pk: `SIG#${claimId}`, sk: '#SIG' });
const STATS_KEY = { pk: 'TERMSTATS', sk: '#STATS' };
const fingerprintKey = (fp: string) => ({ pk: `FP#${fp}`, sk: '#FP' });

function shardOf(claimId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < claimId.length; i++) h = Math.imul(h ^ claimId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % POSTING_SHARDS;
}

/** The stored signature: the MinHash bands are no longer used, so they are not stored. */
function stored(signature: ClaimSignature): ClaimSignature {
  return { ...signature, bands: [] };
}

/**
 * The items `add` would leave for a batch of new entries on an empty index, built in memory (same keys, shard
 * caps, overflow counts and stats): for loading a large collection with BatchWriteItem (the scale bench).
 */
export function bulkIndexItems(entries: readonly IndexedClaim[], memberCap = SHARD_MEMBER_CAP): Array<Record<string, unknown>> {
  const shards = new Map<string, { key: { pk: string; sk: string }; members: string[]; overflow: number }>();
  const items: Array<Record<string, unknown>> = [];
  let totalLength = 0;
  for (const entry of entries) {
    const { tf, length } = documentTerms(entry.signature);
    totalLength += length;
    items.push({
      ...signatureKey(entry.claimId),
      entity: 'claim-signature',
      kind: entry.kind,
      claimId: entry.claimId,
      signature: stored(entry.signature),
      length,
      ...(entry.text !== undefined ? { text: entry.text.slice(0, 1000) } : {}),
      ...(entry.date !== undefined ? { date: entry.date } : {}),
    });
    const shard = shardOf(entry.claimId);
    for (const [term, n] of tf) {
      const key = postingKey(term, shard);
      const s = shards.get(key.pk) ?? { key, members: [], overflow: 0 };
      if (s.members.length < memberCap) s.members.push(`${entry.claimId} ${n} ${length}`);
      else s.overflow++;
      shards.set(key.pk, s);
    }
  }
  for (const s of shards.values()) {
    items.push({ ...s.key, entity: 'term-postings', members: s.members, memberCount: s.members.length, ...(s.overflow > 0 ? { overflow: s.overflow } : {}) });
  }
  items.push({ ...STATS_KEY, entity: 'term-stats', docs: entries.length, totalLength });
  return items;
}

export class DynamoSimilarClaimIndex implements SimilarClaimIndex {
  /** What each lookup read of the stats and posting shards (by pk), for an add after it (see `add`). */
  private readonly lookups = new WeakMap<SimilarClaims, ReadonlyMap<string, KnownItem>>();

  constructor(
    private readonly table: TableContext,
    private readonly options: { memberCap?: number; maxRetries?: number } = {},
  ) {}

  private get cap(): number {
    return this.options.memberCap ?? SHARD_MEMBER_CAP;
  }

  /**
   * With `lookup` (what `candidates` answered just before), the statements are chosen from what that lookup read
   * of the same shards: which exist and which are full. Without it, or where it is stale, the conditions still
   * decide and a refused statement is sent again as its item now requires (posting-writes.ts).
   */
  async add(entry: IndexedClaim, lookup?: SimilarClaims): Promise<void> {
    const { doc, tableName } = this.table;
    const { tf, length } = documentTerms(entry.signature);
    const item = {
      ...signatureKey(entry.claimId),
      entity: 'claim-signature',
      kind: entry.kind,
      claimId: entry.claimId,
      signature: stored(entry.signature),
      length,
      ...(entry.text !== undefined ? { text: entry.text.slice(0, 1000) } : {}),
      ...(entry.date !== undefined ? { date: entry.date } : {}),
    };
    let fresh = true;
    try {
      // A claim entry never demotes a verdict (a replayed triage after publication); ALL_OLD tells a first
      // write from a replay, so the collection stats count each claim once.
      const res = await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: item,
          ReturnValues: 'ALL_OLD',
          ...(entry.kind === 'claim'
            ? { ConditionExpression: 'attribute_not_exists(pk) OR kind = :claim', ExpressionAttributeValues: { ':claim': 'claim' } }
            : {}),
        }),
      );
      fresh = res.Attributes === undefined;
      // Publishing a verdict for an indexed claim: the kind changed, the terms did not.
      if (!fresh && entry.kind === 'verdict' && res.Attributes?.kind === 'claim') return;
    } catch (err) {
      if (!isConditionalCheckFailure(err)) throw err;
      fresh = false;
    }
    const shard = shardOf(entry.claimId);
    await writePostings(
      this.table,
      {
        postings: [...tf].map(([term, n]) => ({ key: postingKey(term, shard), member: `${entry.claimId} ${n} ${length}` })),
        // The stats, and a full shard's overflow count, count each claim once: on its first add only.
        ...(fresh ? { stats: { key: STATS_KEY, length } } : {}),
        known: (lookup && this.lookups.get(lookup)) ?? new Map(),
        memberCap: this.cap,
      },
      this.options.maxRetries,
    );
  }

  async reserveFingerprint(fingerprint: string, claimId: string, replacing?: string): Promise<string> {
    const { doc, tableName } = this.table;
    try {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...fingerprintKey(fingerprint), entity: 'fingerprint', claimId },
          ConditionExpression: replacing ? 'claimId = :old OR claimId = :me' : 'attribute_not_exists(pk) OR claimId = :me',
          ExpressionAttributeValues: { ':me': claimId, ...(replacing ? { ':old': replacing } : {}) },
        }),
      );
      return claimId;
    } catch (err) {
      if (!isConditionalCheckFailure(err)) throw err;
      const res = await this.batchGet([fingerprintKey(fingerprint)], ['claimId'], true);
      return String(res[0]?.claimId ?? claimId);
    }
  }

  async candidates(signature: ClaimSignature, limit: number): Promise<SimilarClaims> {
    const found = await this.lookup(signature, limit);
    this.lookups.set(found.answer, found.read);
    return found.answer;
  }

  private async lookup(signature: ClaimSignature, limit: number): Promise<{ answer: SimilarClaims; read: Map<string, KnownItem> }> {
    const terms = queryTerms(signature);
    if (terms.size === 0) return { answer: [], read: new Map() };
    const keys = [STATS_KEY, ...[...terms.keys()].flatMap((t) => Array.from({ length: POSTING_SHARDS }, (_, s) => postingKey(t, s)))];
    const items = await this.batchGet(keys, ['members', 'memberCount', 'overflow', 'docs', 'totalLength']);
    const byPk = new Map(items.map((i) => [String(i.pk), i]));
    const read = new Map(keys.map((k) => [k.pk, knownItem(byPk.get(k.pk))]));
    const statsItem = byPk.get(STATS_KEY.pk);
    const stats = { docs: Number(statsItem?.docs ?? 0), totalLength: Number(statsItem?.totalLength ?? 0) };
    const postings: TermPostings[] = [...terms].map(([term, qtf]) => {
      let df = 0;
      const list: TermPostings['postings'] = [];
      for (let s = 0; s < POSTING_SHARDS; s++) {
        const it = byPk.get(postingKey(term, s).pk);
        if (!it) continue;
        df += Number(it.memberCount ?? 0) + Number(it.overflow ?? 0);
        for (const m of (it.members as string[] | undefined) ?? []) {
          const [docId, tf, len] = m.split(' ');
          if (docId) list.push({ docId, tf: Number(tf), length: Number(len) });
        }
      }
      return { term, qtf, df, postings: list };
    });
    // The pool (RESCORE_POOL, at least `limit`) by partial BM25, then scored exactly from each entry's terms.
    const pool = rankPostings(postings, signature.tokens.length, stats, Math.min(Math.max(limit, RESCORE_POOL), BATCH_GET_LIMIT));
    if (pool.length === 0) return { answer: [], read };
    const docs = await this.batchGet(
      pool.map((r) => signatureKey(r.docId)),
      ['kind', 'claimId', 'signature', 'text', 'date'],
    );
    const byClaim = new Map(docs.map((d) => [String(d.claimId), d]));
    const found = pool.flatMap((r) => (byClaim.has(r.docId) ? [{ docId: r.docId, signature: byClaim.get(r.docId)?.signature as ClaimSignature }] : []));
    const answer = rescore(postings, signature.tokens.length, stats, found)
      .slice(0, limit)
      .map((r) => {
        const d = byClaim.get(r.docId) as Record<string, unknown>;
        return {
          kind: d.kind as DuplicateKind,
          claimId: r.docId,
          signature: d.signature as ClaimSignature,
          ...(typeof d.text === 'string' ? { text: d.text } : {}),
          ...(typeof d.date === 'string' ? { date: d.date } : {}),
          retrieval: r.retrieval,
        };
      });
    return { answer, read };
  }

  /** BatchGetItem in chunks of ≤ 100 keys, re-requesting only the keys DynamoDB returns unprocessed, with backoff. */
  private async batchGet(keyList: Array<{ pk: string; sk: string }>, attributes: string[], consistent = false): Promise<Array<Record<string, unknown>>> {
    const unique = [...new Map(keyList.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
    const chunks: Array<Array<Record<string, unknown>>> = [];
    for (let i = 0; i < unique.length; i += BATCH_GET_LIMIT) chunks.push(unique.slice(i, i + BATCH_GET_LIMIT));
    const results = await Promise.all(chunks.map((c) => this.batchGetChunk(c, attributes, consistent)));
    return results.flat();
  }

  private async batchGetChunk(keys: Array<Record<string, unknown>>, attributes: string[], consistent: boolean): Promise<Array<Record<string, unknown>>> {
    const { doc, tableName } = this.table;
    const projection = ['pk', ...attributes];
    const names = Object.fromEntries(projection.map((a, i) => [`#a${i}`, a]));
    const out: Array<Record<string, unknown>> = [];
    let pending = keys;
    const maxRetries = this.options.maxRetries ?? 6;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > maxRetries) throw new Error('similarity index read kept being throttled');
      if (attempt > 0) await backoff(attempt, { baseMs: 100, jitter: 'full' });
      const res = await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ...(consistent ? { ConsistentRead: true } : {}),
              ProjectionExpression: Object.keys(names).join(', '),
              ExpressionAttributeNames: names,
            },
          },
        }),
      );
      out.push(...(res.Responses?.[tableName] ?? []));
      pending = (res.UnprocessedKeys?.[tableName]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
    }
    return out;
  }
}

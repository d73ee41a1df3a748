/**
 * Rebuilds the similar-claim index (similar-claim-index.ts) from the claims it indexes, after a change to
 * cleaning or tokenizing made its terms and fingerprints stale. An operator action (`npm run reindex`), never on
 * a request path: it Scans the whole table twice.
 *
 * 1. One Scan finds every index item (SIG#, TERM#, TERMSTATS, FP#), each indexed claim's statement and kind, the
 *    headline and description an imported fact-check's `claim.imported` event recorded, the language each claim
 *    was declared in (triage tokenized it in that language), and who owns each fingerprint.
 * 2. The new index is built in memory (bulkIndexItems, the items `add` would leave; domain/matching/reindex.ts
 *    builds each entry as triage, publishing or the import would today) and written over the old one with
 *    BatchWriteItem: the indexed claims first, then the posting shards, the stats and the fingerprints (two
 *    fingerprints that now fold into one go to the earlier claim: claim ids are ULIDs, the smaller is the earlier).
 *    Only then are the old items that the new index does not have deleted.
 * 3. Claims triaged while it ran: their postings may have been overwritten or deleted in step 2, so a second Scan
 *    of the indexed claims adds back every entry the first one did not see (add is replay-safe: a posting is
 *    appended once) and reserves its fingerprint, and the stats are set from the entries that second Scan found.
 *
 * Lookups never see an empty index: until its item is overwritten a term's shard holds the old postings, and a
 * claim is found by its old terms or its new ones throughout (a candidate is re-scored from its own entry, which
 * is rewritten first). A run cut off part-way is completed by running it again (it starts from the claims).
 */
import { type IndexedSource, reindexEntry, statementFingerprint } from '../../domain/matching/reindex.ts';
import type { SimilarClaimIndex } from '../../domain/ports.ts';
import type { ClaimSignature, DuplicateKind } from '../../domain/triage/types.ts';
import { bulkIndexItems, DynamoSimilarClaimIndex } from './similar-claim-index.ts';
import { batchWriteItems, scanPages, type TableContext } from './table.ts';

export interface ReindexResult {
  /** Entries written again. */
  entries: number;
  /** Fingerprints reserved again. */
  fingerprints: number;
  /** Old index items deleted: the keys the new index does not have. */
  removed: number;
  /** Entries of claims triaged while the rebuild ran, added back after it. */
  caughtUp: number;
  /** Indexed claims whose claim item is gone: dropped from the index. */
  orphans: number;
}

const INDEX_PREFIXES = ['SIG#', 'TERM#', 'FP#'];

type Key = { pk: string; sk: string };

const keyOf = (item: { pk: unknown; sk: unknown }) => `${String(item.pk)}\u0000${String(item.sk)}`;

async function inBatches<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += concurrency) await Promise.all(items.slice(i, i + concurrency).map(work));
}

export async function rebuildSimilarClaimIndex(
  table: TableContext,
  index: SimilarClaimIndex = new DynamoSimilarClaimIndex(table),
  concurrency = 8,
): Promise<ReindexResult> {
  const stale: Array<{ pk: string; sk: string }> = [];
  const indexed = new Map<string, DuplicateKind>();
  const owners = new Set<string>();
  const statements = new Map<string, string>();
  const languages = new Map<string, string>();
  const imported = new Map<string, { headline?: string; description?: string }>();
  const dates = new Map<string, string>();
  for await (const page of scanPages(table, {
    ProjectionExpression: 'pk, sk, entity, kind, claimId, statement, #language, #type, detail, #date',
    ExpressionAttributeNames: { '#type': 'type', '#language': 'language', '#date': 'date' },
  })) {
    for (const item of page) {
      const pk = String(item.pk);
      const sk = String(item.sk);
      if (INDEX_PREFIXES.some((p) => pk.startsWith(p)) || pk === 'TERMSTATS') {
        stale.push({ pk, sk });
        if (pk.startsWith('SIG#')) {
          indexed.set(String(item.claimId), item.kind === 'verdict' ? 'verdict' : 'claim');
          // The entry keeps its date (entries indexed before dates existed have none).
          if (typeof item.date === 'string') dates.set(String(item.claimId), item.date);
        }
        if (pk.startsWith('FP#')) owners.add(String(item.claimId));
      } else if (item.entity === 'claim' && typeof item.statement === 'string') {
        statements.set(pk.slice('CLAIM#'.length), item.statement);
        if (typeof item.language === 'string') languages.set(pk.slice('CLAIM#'.length), item.language);
      } else if (item.entity === 'event' && item.type === 'claim.imported') {
        const detail = (item.detail ?? {}) as Record<string, unknown>;
        imported.set(String(item.claimId), {
          ...(typeof detail.headline === 'string' ? { headline: detail.headline } : {}),
          ...(typeof detail.description === 'string' ? { description: detail.description } : {}),
        });
      }
    }
  }

  const sources: IndexedSource[] = [];
  for (const [claimId, kind] of [...indexed].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const statement = statements.get(claimId);
    if (statement === undefined) continue;
    const source = imported.get(claimId);
    const language = languages.get(claimId);
    const date = dates.get(claimId);
    sources.push({
      claimId,
      kind,
      statement,
      ...(language !== undefined ? { language } : {}),
      ...(date !== undefined ? { date } : {}),
      ...(source ? { imported: source } : {}),
    });
  }
  // The earliest owner of each new fingerprint.
  const byFingerprint = new Map<string, string>();
  for (const claimId of [...owners].sort()) {
    const statement = statements.get(claimId);
    if (statement === undefined) continue;
    const fp = statementFingerprint(statement, languages.get(claimId));
    if (!byFingerprint.has(fp)) byFingerprint.set(fp, claimId);
  }

  // 2. The new index over the old one, then the old keys it does not have.
  const entries = sources.map(reindexEntry);
  const items = [...bulkIndexItems(entries), ...[...byFingerprint].map(([fp, claimId]) => ({ pk: `FP#${fp}`, sk: '#FP', entity: 'fingerprint', claimId }))];
  const rank = (pk: string) => (pk.startsWith('SIG#') ? 0 : pk.startsWith('TERM#') ? 1 : pk === 'TERMSTATS' ? 2 : 3);
  items.sort((a, b) => rank(String(a.pk)) - rank(String(b.pk)));
  await batchWriteItems(
    table,
    items.map((Item) => ({ PutRequest: { Item } })),
  );
  const written = new Set(items.map((i) => keyOf(i as Key)));
  const gone = stale.filter((k) => !written.has(keyOf(k)));
  await batchWriteItems(
    table,
    gone.map((Key) => ({ DeleteRequest: { Key } })),
  );

  // 3. Entries written while it ran, and the stats of what the index now holds.
  const seen = new Set(sources.map((s) => s.claimId));
  const late: Array<{ kind: DuplicateKind; claimId: string; signature: ClaimSignature; text?: string; date?: string }> = [];
  let docs = 0;
  let totalLength = 0;
  for await (const page of scanPages(table, {
    FilterExpression: 'begins_with(pk, :sig)',
    ExpressionAttributeValues: { ':sig': 'SIG#' },
    ProjectionExpression: 'claimId, kind, signature, #text, #length, #date',
    ExpressionAttributeNames: { '#text': 'text', '#length': 'length', '#date': 'date' },
  })) {
    for (const item of page) {
      docs++;
      totalLength += Number(item.length ?? 0);
      const claimId = String(item.claimId);
      if (seen.has(claimId)) continue;
      late.push({
        kind: item.kind === 'verdict' ? 'verdict' : 'claim',
        claimId,
        signature: item.signature as ClaimSignature,
        ...(typeof item.text === 'string' ? { text: item.text } : {}),
        ...(typeof item.date === 'string' ? { date: item.date } : {}),
      });
    }
  }
  await inBatches(late, concurrency, async (entry) => {
    await index.add(entry);
    await index.reserveFingerprint(entry.signature.fingerprint, entry.claimId);
  });
  await batchWriteItems(table, [{ PutRequest: { Item: { pk: 'TERMSTATS', sk: '#STATS', entity: 'term-stats', docs, totalLength } } }]);
  return {
    entries: sources.length,
    fingerprints: byFingerprint.size,
    removed: gone.length,
    caughtUp: late.length,
    orphans: indexed.size - sources.length,
  };
}

/**
 * Rebuilds the similar-claim index (similar-claim-index.ts) from the claims it indexes, after a change to
 * cleaning or tokenizing made its terms and fingerprints stale. An operator action (`npm run reindex`), never on
 * a request path: it Scans the whole table once.
 *
 * 1. One Scan finds every index item (SIG#, TERM#, TERMSTATS, FP#), each indexed claim's statement and kind, the
 *    headline and description an imported fact-check's `claim.imported` event recorded, the language each claim
 *    was declared in (triage tokenized it in that language), and who owns each fingerprint.
 * 2. Every index item is deleted (BatchWriteItem), then every entry is added again through the index's own `add`
 *    (domain/matching/reindex.ts builds it as triage, publishing or the import would today), and each owner
 *    reserves its statement's new fingerprint. Two fingerprints that now fold into one go to the earlier claim
 *    (claim ids are ULIDs: the smaller is the earlier).
 *
 * Lookups between the delete and the end of the re-add see a partial index: run it when intake is quiet. A run
 * cut off part-way is completed by running it again (it always starts from the claims, not from the index).
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type IndexedSource, reindexEntry, statementFingerprint } from '../../domain/matching/reindex.ts';
import type { SimilarClaimIndex } from '../../domain/ports.ts';
import type { DuplicateKind } from '../../domain/triage/types.ts';
import { backoff } from '../../domain/backoff.ts';
import { DynamoSimilarClaimIndex } from './similar-claim-index.ts';
import { scanPages, type TableContext } from './table.ts';

export interface ReindexResult {
  /** Entries written again. */
  entries: number;
  /** Fingerprints reserved again. */
  fingerprints: number;
  /** Index items deleted (the stale ones). */
  removed: number;
  /** Indexed claims whose claim item is gone: dropped from the index. */
  orphans: number;
}

const INDEX_PREFIXES = ['SIG#', 'TERM#', 'FP#'];

async function deleteKeys(table: TableContext, keys: ReadonlyArray<{ pk: string; sk: string }>): Promise<void> {
  for (let i = 0; i < keys.length; i += 25) {
    let pending = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > 1) await backoff(attempt, { baseMs: 100, jitter: 'full' });
      const out = await table.doc.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: pending } }));
      pending = (out.UnprocessedItems?.[table.tableName] ?? []) as typeof pending;
    }
  }
}

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
  for await (const page of scanPages(table, {
    ProjectionExpression: 'pk, sk, entity, kind, claimId, statement, #language, #type, detail',
    ExpressionAttributeNames: { '#type': 'type', '#language': 'language' },
  })) {
    for (const item of page) {
      const pk = String(item.pk);
      const sk = String(item.sk);
      if (INDEX_PREFIXES.some((p) => pk.startsWith(p)) || pk === 'TERMSTATS') {
        stale.push({ pk, sk });
        if (pk.startsWith('SIG#')) indexed.set(String(item.claimId), item.kind === 'verdict' ? 'verdict' : 'claim');
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
    sources.push({ claimId, kind, statement, ...(language !== undefined ? { language } : {}), ...(source ? { imported: source } : {}) });
  }
  // The earliest owner of each new fingerprint.
  const byFingerprint = new Map<string, string>();
  for (const claimId of [...owners].sort()) {
    const statement = statements.get(claimId);
    if (statement === undefined) continue;
    const fp = statementFingerprint(statement, languages.get(claimId));
    if (!byFingerprint.has(fp)) byFingerprint.set(fp, claimId);
  }

  await deleteKeys(table, stale);
  await inBatches(sources, concurrency, (s) => index.add(reindexEntry(s)));
  await inBatches([...byFingerprint], concurrency, async ([fp, claimId]) => {
    await index.reserveFingerprint(fp, claimId);
  });
  return { entries: sources.length, fingerprints: byFingerprint.size, removed: stale.length, orphans: indexed.size - sources.length };
}

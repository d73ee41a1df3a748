/**
 * A tag page's claims (claim-listing.ts): its entries name claim ids, and the page shows the claims.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { backoff } from '../../domain/backoff.ts';
import type { Claim } from '../../domain/claim.ts';
import { keys, withoutKeys, type TableContext } from './table.ts';

/**
 * The claims a tag page names, in the page's order, with one BatchGetItem (a page is at most 100
 * entries, BatchGetItem's limit) instead of a read per entry: a tag page is two requests. A listing shows
 * summaries, so the claim items alone are read (not their details). Unprocessed keys are asked again.
 * `set`: the key of the listing's month set, read in the same request (undefined in `set` if absent).
 */
export async function readTagPageClaims(
  table: TableContext,
  ids: string[],
  setKey?: { pk: string; sk: string },
): Promise<{ claims: Claim[]; set?: Record<string, unknown> }> {
  const found = new Map<string, Claim>();
  let set: Record<string, unknown> | undefined;
  let pending: Array<Record<string, unknown>> = [...[...new Set(ids)].map((id) => keys.claim(id)), ...(setKey ? [setKey] : [])];
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
    if (attempt > 0) await backoff(attempt, { baseMs: 40, jitter: 'none' });
    const out = await table.doc.send(new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: pending } } }));
    for (const item of out.Responses?.[table.tableName] ?? []) {
      if (setKey && item.pk === setKey.pk) {
        set = item;
        continue;
      }
      const claim = withoutKeys<Claim>(item);
      found.set(claim.id, claim);
    }
    pending = (out.UnprocessedKeys?.[table.tableName]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
  }
  if (pending.length > 0) throw Object.assign(new Error('DynamoDB left claims of a tag page unprocessed; retry'), { name: 'TransientError' });
  const claims = ids.flatMap((id) => {
    const claim = found.get(id);
    return claim ? [claim] : [];
  });
  return set ? { claims, set } : { claims };
}

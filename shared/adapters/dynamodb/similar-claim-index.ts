import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SimilarClaimIndex } from '../../domain/ports.ts';
import type { ClaimSignature, DuplicateKind } from '../../domain/triage/types.ts';
import { keys, type TableContext } from './table.ts';

type Entry = { kind: DuplicateKind; claimId: string; signature: ClaimSignature };

/**
 * Near-duplicate index kept in DynamoDB: one item per LSH band key (and one for the exact fingerprint).
 * A lookup is one Query per band, each reading only the claims that share that band, so the cost depends
 * on the number of bands and near-duplicates, not on how many claims are stored.
 */
export class DynamoSimilarClaimIndex implements SimilarClaimIndex {
  constructor(private readonly table: TableContext) {}

  async add(entry: Entry): Promise<void> {
    const bandKeys = [`fp:${entry.signature.fingerprint}`, ...entry.signature.bands];
    const items = bandKeys.map((band) => ({
      PutRequest: { Item: { ...keys.band(band, entry.kind, entry.claimId), entity: 'band', kind: entry.kind, claimId: entry.claimId, signature: entry.signature } },
    }));
    for (let i = 0; i < items.length; i += 25) {
      let pending: typeof items | undefined = items.slice(i, i + 25);
      // BatchWrite may hand back unprocessed items under throttling; retry them with a short backoff.
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        const out = await this.table.doc.send(new BatchWriteCommand({ RequestItems: { [this.table.tableName]: pending } }));
        pending = out.UnprocessedItems?.[this.table.tableName] as typeof items | undefined;
        if (pending && pending.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
        if (attempt > 6) throw new Error('similarity index write kept being throttled');
      }
    }
  }

  async candidates(signature: ClaimSignature, limit: number): Promise<Entry[]> {
    const bandKeys = [`fp:${signature.fingerprint}`, ...signature.bands];
    const pages = await Promise.all(
      bandKeys.map((band) =>
        this.table.doc.send(
          new QueryCommand({
            TableName: this.table.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `LSH#${band}` },
            Limit: limit,
          }),
        ),
      ),
    );
    const seen = new Map<string, Entry>();
    for (const page of pages) {
      for (const item of page.Items ?? []) {
        const key = `${item.kind}#${item.claimId}`;
        if (!seen.has(key)) seen.set(key, { kind: item.kind as DuplicateKind, claimId: String(item.claimId), signature: item.signature as ClaimSignature });
      }
    }
    return [...seen.values()];
  }
}

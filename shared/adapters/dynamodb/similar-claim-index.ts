import { BatchGetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SimilarClaimIndex } from '../../domain/ports.ts';
import type { ClaimSignature, DuplicateKind } from '../../domain/triage/types.ts';
import { isConditionalCheckFailure, type TableContext } from './table.ts';

type Entry = { kind: DuplicateKind; claimId: string; signature: ClaimSignature };

/**
 * Most members a band item keeps. A band key shared by more claims than this says little about any one of
 * them (like a stop word in a search index: "the government said" style shingles that many unrelated claims
 * share), so a full band is treated as uninformative and skipped at lookup. Rewordings share several bands
 * (the LSH parameters are tuned for that, see claim-signature.ts), so losing a crowded band costs little
 * recall, while it bounds both the item size (~50 × 40 bytes) and the candidates a lookup must verify.
 */
export const BAND_MEMBER_CAP = 50;

/** BatchGetItem reads at most 100 keys per request. */
const BATCH_GET_LIMIT = 100;

/**
 * Items, in the single table:
 * | item              | pk                  | sk        | attributes                                        |
 * | ----------------- | ------------------- | --------- | ------------------------------------------------- |
 * | similarity band   | LSH#<band key>      | #BAND     | members: ["claim#<id>", "verdict#<id>", …] (≤ cap) |
 * | claim signature   | SIG#<claimId>       | <kind>    | signature                                         |
 * The exact fingerprint is one more band key (`fp:<sha256>`).
 */
const bandKey = (band: string) => ({ pk: `LSH#${band}`, sk: '#BAND' });
const signatureKey = (kind: DuplicateKind, claimId: string) => ({ pk: `SIG#${claimId}`, sk: kind });

/**
 * Near-duplicate index kept in DynamoDB (MinHash LSH). A lookup is a bounded number of requests whatever
 * the number of stored claims: one BatchGetItem for the signature's 33 band items (32 bands + fingerprint),
 * then one BatchGetItem for the signatures of the best candidates (at most `limit` ≤ 100), each repeated
 * only for keys DynamoDB hands back unprocessed under throttling. Signatures are stored once per claim,
 * not once per band, so band items stay small lists of member ids.
 */
export class DynamoSimilarClaimIndex implements SimilarClaimIndex {
  constructor(
    private readonly table: TableContext,
    private readonly options: { memberCap?: number; maxRetries?: number } = {},
  ) {}

  private get cap(): number {
    return this.options.memberCap ?? BAND_MEMBER_CAP;
  }

  async add(entry: Entry): Promise<void> {
    const { doc, tableName } = this.table;
    // The signature first: a reader that finds the member in a band can then always verify it.
    await doc.send(new PutCommand({ TableName: tableName, Item: { ...signatureKey(entry.kind, entry.claimId), entity: 'claim-signature', kind: entry.kind, claimId: entry.claimId, signature: entry.signature } }));
    const member = `${entry.kind}#${entry.claimId}`;
    const bands = [`fp:${entry.signature.fingerprint}`, ...entry.signature.bands];
    await Promise.all(
      bands.map(async (band) => {
        try {
          // Appends once (a retried add changes nothing) and only while the band is under its cap; a band
          // at the cap stays full and is skipped at lookup.
          await doc.send(
            new UpdateCommand({
              TableName: tableName,
              Key: bandKey(band),
              UpdateExpression: 'SET #members = list_append(if_not_exists(#members, :empty), :member), #count = if_not_exists(#count, :zero) + :one, entity = :entity',
              ConditionExpression: 'attribute_not_exists(#count) OR (#count < :cap AND NOT contains(#members, :id))',
              ExpressionAttributeNames: { '#members': 'members', '#count': 'memberCount' },
              ExpressionAttributeValues: { ':empty': [], ':member': [member], ':zero': 0, ':one': 1, ':cap': this.cap, ':id': member, ':entity': 'similarity-band' },
            }),
          );
        } catch (err) {
          if (!isConditionalCheckFailure(err)) throw err;
        }
      }),
    );
  }

  async candidates(signature: ClaimSignature, limit: number): Promise<Entry[]> {
    const bands = [`fp:${signature.fingerprint}`, ...signature.bands];
    const bandItems = await this.batchGet(bands.map(bandKey), ['members', 'memberCount']);

    // Rank members by how many informative bands they share with the signature (a fingerprint match counts
    // as all of them), so the `limit` verified are the likeliest rewordings.
    const shared = new Map<string, number>();
    for (const item of bandItems) {
      const members = Array.isArray(item.members) ? (item.members as string[]) : [];
      if (members.length >= this.cap) continue; // a crowded band: uninformative, see BAND_MEMBER_CAP
      const weight = item.pk === `LSH#fp:${signature.fingerprint}` ? bands.length : 1;
      for (const m of members) shared.set(m, (shared.get(m) ?? 0) + weight);
    }
    const best = [...shared.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, Math.min(limit, BATCH_GET_LIMIT))
      .map(([member]) => {
        const at = member.indexOf('#');
        return { kind: member.slice(0, at) as DuplicateKind, claimId: member.slice(at + 1) };
      });
    if (best.length === 0) return [];

    const signatures = await this.batchGet(best.map((m) => signatureKey(m.kind, m.claimId)), ['kind', 'claimId', 'signature']);
    const byMember = new Map(signatures.map((s) => [`${String(s.kind)}#${String(s.claimId)}`, s.signature as ClaimSignature]));
    // Keep the ranking order; a member whose signature is missing (written by an older version) is skipped.
    return best.flatMap((m) => {
      const sig = byMember.get(`${m.kind}#${m.claimId}`);
      return sig ? [{ kind: m.kind, claimId: m.claimId, signature: sig }] : [];
    });
  }

  /** One BatchGetItem (≤ 100 keys), re-requesting only the keys DynamoDB returns unprocessed, with backoff. */
  private async batchGet(keyList: Array<{ pk: string; sk: string }>, attributes: string[]): Promise<Array<Record<string, unknown>>> {
    const { doc, tableName } = this.table;
    const projection = ['pk', ...attributes];
    const names = Object.fromEntries(projection.map((a, i) => [`#a${i}`, a]));
    const out: Array<Record<string, unknown>> = [];
    let pending: Array<Record<string, unknown>> = [...new Map(keyList.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
    const maxRetries = this.options.maxRetries ?? 6;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > maxRetries) throw new Error('similarity index read kept being throttled');
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * 50 * 2 ** attempt));
      const res = await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: { Keys: pending, ConsistentRead: true, ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names },
          },
        }),
      );
      out.push(...(res.Responses?.[tableName] ?? []));
      pending = (res.UnprocessedKeys?.[tableName]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
    }
    return out;
  }
}

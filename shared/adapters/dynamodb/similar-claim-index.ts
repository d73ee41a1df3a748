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
 * | similarity band   | LSH#<band key>      | #BAND     | members: ["<claimId>", …] (≤ cap)                 |
 * | claim signature   | SIG#<claimId>       | #SIG      | kind ("claim" or "verdict"), signature            |
 * The exact fingerprint is one more band key (`fp:<sha256>`). Bands name claims, not kinds: when a claim's
 * verdict is published, one write to its signature item turns the entry into a verdict, instead of 33
 * more band writes (the statement, hence the bands, are the same).
 */
const bandKey = (band: string) => ({ pk: `LSH#${band}`, sk: '#BAND' });
const signatureKey = (claimId: string) => ({ pk: `SIG#${claimId}`, sk: '#SIG' });
/** Band members written before bands named claims only carried "<kind>#<id>". */
const memberClaimId = (member: string) => member.slice(member.indexOf('#') + 1);

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
    const signatureItem = { ...signatureKey(entry.claimId), entity: 'claim-signature', kind: entry.kind, claimId: entry.claimId, signature: entry.signature };
    if (entry.kind === 'verdict') {
      try {
        // The claim is in the bands already (triage indexed it): promoting its entry is enough.
        await doc.send(new PutCommand({ TableName: tableName, Item: signatureItem, ConditionExpression: 'attribute_exists(pk)' }));
        return;
      } catch (err) {
        if (!isConditionalCheckFailure(err)) throw err;
      }
    }
    try {
      // The signature first: a reader that finds the member in a band can then always verify it. A claim
      // entry never demotes a verdict (a replayed triage after publication).
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: signatureItem,
          ...(entry.kind === 'claim'
            ? { ConditionExpression: 'attribute_not_exists(pk) OR kind = :claim', ExpressionAttributeValues: { ':claim': 'claim' } }
            : {}),
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailure(err)) throw err;
    }
    const member = entry.claimId;
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
              UpdateExpression:
                'SET #members = list_append(if_not_exists(#members, :empty), :member), #count = if_not_exists(#count, :zero) + :one, entity = :entity',
              ConditionExpression: 'attribute_not_exists(#count) OR (#count < :cap AND NOT contains(#members, :id))',
              ExpressionAttributeNames: { '#members': 'members', '#count': 'memberCount' },
              ExpressionAttributeValues: {
                ':empty': [],
                ':member': [member],
                ':zero': 0,
                ':one': 1,
                ':cap': this.cap,
                ':id': member,
                ':entity': 'similarity-band',
              },
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
      for (const m of members.map(memberClaimId)) shared.set(m, (shared.get(m) ?? 0) + weight);
    }
    const best = [...shared.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, Math.min(limit, BATCH_GET_LIMIT))
      .map(([claimId]) => claimId);
    if (best.length === 0) return [];

    const signatures = await this.batchGet(best.map(signatureKey), ['kind', 'claimId', 'signature']);
    const byClaim = new Map(signatures.map((s) => [String(s.claimId), s]));
    // Keep the ranking order; a member whose signature is missing (written by an older version) is skipped.
    return best.flatMap((claimId) => {
      const item = byClaim.get(claimId);
      return item ? [{ kind: item.kind as DuplicateKind, claimId, signature: item.signature as ClaimSignature }] : [];
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

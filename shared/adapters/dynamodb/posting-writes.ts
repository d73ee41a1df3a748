/**
 * How the similar-claim index writes a claim's postings and the collection stats (the key design is in
 * similar-claim-index.ts): one PartiQL statement per item, sent together with BatchExecuteStatement (at most 25
 * statements a request), instead of one UpdateItem each. The statements of a batch are independent writes, each
 * with its own condition, as the UpdateItems were; none of them needs another to succeed.
 *
 * PartiQL has no upsert, no if_not_exists and no ADD (DynamoDB's documentation; DynamoDB Local behaves the same):
 * UPDATE refuses a missing item (ConditionalCheckFailed, no item returned), INSERT refuses an existing one
 * (DuplicateItem), and `x = x + 1` on a missing attribute is a ValidationError. So each item's statement is
 * chosen from what is known of it, best from the lookup triage has just made of the same shards: a missing shard
 * is INSERTed, one with room gets its member appended, a full one counts the claim in `overflow` (set to 1 the
 * first time). A statement refused because the item changed since (another claim created or filled the shard)
 * comes back with the item as it now is (ReturnValuesOnConditionCheckFailure ALL_OLD, an INSERT's refusal
 * without), and the next batch holds only the statements chosen again from that. Unknown items are first tried
 * as an append.
 */
import { BatchExecuteStatementCommand } from '@aws-sdk/lib-dynamodb';
import { backoff } from '../../domain/backoff.ts';
import type { TableContext } from './table.ts';

/** What is known of an item before writing it: absent, or present with its members and counts. */
export type KnownItem = { exists: false } | { exists: true; members: readonly string[]; memberCount: number; hasOverflow: boolean };

/** The known state of an item as a lookup or a refused write returned it (`undefined`: it does not exist). */
export function knownItem(item: Record<string, unknown> | undefined): KnownItem {
  if (item === undefined) return { exists: false };
  return {
    exists: true,
    members: Array.isArray(item.members) ? (item.members as string[]) : [],
    memberCount: Number(item.memberCount ?? 0),
    hasOverflow: item.overflow !== undefined,
  };
}

type Key = { pk: string; sk: string };

export interface PostingsWrite {
  /** The claim's posting per term: its shard's key and its member string ("<claimId> <tf> <len>"). */
  postings: ReadonlyArray<{ key: Key; member: string }>;
  /** The collection stats item; written (and the overflow counted) only for a claim indexed the first time. */
  stats?: { key: Key; length: number };
  /** What the caller already knows of these items, by pk (absent: unknown). */
  known: ReadonlyMap<string, KnownItem>;
  memberCap: number;
}

interface Statement {
  Statement: string;
  Parameters: unknown[];
  ReturnValuesOnConditionCheckFailure?: 'ALL_OLD';
}

/** One item's write: the statement to send given what is known of the item, or null when nothing is left to do. */
type ItemWrite = (known: KnownItem | undefined) => Statement | null;

const BATCH_LIMIT = 25;
/** Per-statement failures worth sending again as they were (the statement did not run). */
const RETRYABLE = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded', 'InternalServerError', 'TransactionConflict']);
/** Each round either finishes an item or learns its state, so a few rounds suffice unless throttled. */
const MAX_ROUNDS = 8;

function postingWrite(table: string, key: Key, member: string, cap: number, counted: boolean): ItemWrite {
  const where = `WHERE "pk" = ? AND "sk" = ?`;
  return (known) => {
    if (known?.exists === false) {
      return {
        Statement: `INSERT INTO "${table}" VALUE {'pk': ?, 'sk': ?, 'entity': 'term-postings', 'members': ?, 'memberCount': 1}`,
        Parameters: [key.pk, key.sk, [member]],
      };
    }
    if (known?.members.includes(member)) return null; // already listed: a retried add
    if (known === undefined || known.memberCount < cap) {
      // Appends once and only while the shard is under its cap.
      return {
        Statement: `UPDATE "${table}" SET "members" = list_append("members", ?) SET "memberCount" = "memberCount" + 1 ${where} AND "memberCount" < ? AND NOT contains("members", ?)`,
        Parameters: [[member], key.pk, key.sk, cap, member],
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      };
    }
    // A full shard: count the claim for IDF without listing it, once (a retried add was counted the first time).
    if (!counted) return null;
    const overflow = known.hasOverflow ? `"overflow" = "overflow" + 1` : `"overflow" = 1`;
    return {
      Statement: `UPDATE "${table}" SET ${overflow} ${where} AND "memberCount" >= ? AND NOT contains("members", ?) AND "overflow" IS ${known.hasOverflow ? 'NOT ' : ''}MISSING`,
      Parameters: [key.pk, key.sk, cap, member],
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    };
  };
}

function statsWrite(table: string, key: Key, length: number): ItemWrite {
  return (known) =>
    known?.exists === false
      ? {
          Statement: `INSERT INTO "${table}" VALUE {'pk': ?, 'sk': ?, 'entity': 'term-stats', 'docs': 1, 'totalLength': ?}`,
          Parameters: [key.pk, key.sk, length],
        }
      : {
          Statement: `UPDATE "${table}" SET "docs" = "docs" + 1 SET "totalLength" = "totalLength" + ? WHERE "pk" = ? AND "sk" = ?`,
          Parameters: [length, key.pk, key.sk],
        };
}

/** Writes every posting (and the stats), in as few BatchExecuteStatement requests as what is known allows. */
export async function writePostings(context: TableContext, write: PostingsWrite, maxRetries = 6): Promise<void> {
  const { doc, tableName } = context;
  const counted = write.stats !== undefined;
  let pending: Array<{ item: ItemWrite; statement: Statement }> = [];
  const start = (item: ItemWrite, pk: string) => {
    const statement = item(write.known.get(pk));
    if (statement) pending.push({ item, statement });
  };
  for (const p of write.postings) start(postingWrite(tableName, p.key, p.member, write.memberCap, counted), p.key.pk);
  if (write.stats) start(statsWrite(tableName, write.stats.key, write.stats.length), write.stats.key.pk);

  let throttled = 0;
  for (let round = 0; pending.length > 0; round++) {
    if (round >= MAX_ROUNDS + maxRetries || throttled > maxRetries) throw new Error('similarity index write kept being refused or throttled');
    if (throttled > 0) await backoff(throttled, { baseMs: 100, jitter: 'full' });
    const chunks: Array<typeof pending> = [];
    for (let i = 0; i < pending.length; i += BATCH_LIMIT) chunks.push(pending.slice(i, i + BATCH_LIMIT));
    const answered = await Promise.all(
      chunks.map(async (chunk) => {
        const res = await doc.send(new BatchExecuteStatementCommand({ Statements: chunk.map((p) => p.statement) }));
        return chunk.map((p, i) => ({ ...p, error: res.Responses?.[i]?.Error }));
      }),
    );
    const next: typeof pending = [];
    let retried = false;
    for (const { item, statement, error } of answered.flat()) {
      if (!error) continue;
      const code = String(error.Code);
      let again: Statement | null;
      if (RETRYABLE.has(code)) {
        again = statement;
        retried = true;
      } else if (code === 'ConditionalCheckFailed') again = item(knownItem(error.Item as Record<string, unknown> | undefined));
      else if (code === 'DuplicateItem') again = item(undefined);
      else throw new Error(`similarity index write failed: ${code}: ${error.Message ?? ''} (${statement.Statement})`);
      if (again) next.push({ item, statement: again });
    }
    throttled = retried ? throttled + 1 : 0;
    pending = next;
  }
}

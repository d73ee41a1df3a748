import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { claimLifecycle, type Claim, type ClaimEvent, type ClaimTransition } from '../../domain/claim.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ClaimListFilter, ClaimRepository, IdempotencyClaim, Page } from '../../domain/ports.ts';
import type { CursorCodec } from '../cursor.ts';
import { cancellationReasons, epochSeconds, isConditionalCheckFailure, keys, withoutKeys, type TableContext } from './table.ts';

/** Idempotency keys are remembered for a day, as most payment-style APIs do. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/**
 * Concurrent transactions on the same idempotency key can be cancelled with `TransactionConflict` (rather
 * than a failed condition) while another is committing; re-attempting resolves them into one winner and
 * replays. Bounded, with jittered backoff.
 */
const CONFLICT_ATTEMPTS = 8;

/** Where a cursor may be used: a short hash of the partition it pages through (not the partition itself). */
function cursorScope(partition: string): string {
  return createHash('sha256').update(partition).digest('base64url').slice(0, 12);
}
const SCOPE_FIELD = '~scope';

function claimItem(claim: Claim): Record<string, unknown> {
  return {
    ...claim,
    ...keys.claim(claim.id),
    entity: 'claim',
    gsi1pk: `STATUS#${claim.status}`,
    gsi1sk: `${claim.createdAt}#${claim.id}`,
    gsi2pk: `SUBMITTER#${claim.submittedBy}`,
    gsi2sk: `${claim.createdAt}#${claim.id}`,
  };
}

interface ConditionalPut {
  Put: { TableName: string; Item: Record<string, unknown>; ConditionExpression: string };
}

/**
 * The bulky, write-once parts of a claim (triage result, gathered evidence, provider outcomes) live in a
 * second item under the same partition, without index keys. The claim item itself stays small, and it is
 * rewritten (and copied to both indexes) on every status change: keeping evidence out of it cuts the write
 * units of a claim's life by about half (see BENCHMARKS.md). `get` reads both items in one Query.
 */
const DETAIL_FIELDS = ['triage', 'evidence', 'providerOutcomes'] as const satisfies ReadonlyArray<keyof Claim>;
const DETAILS_SK = '#DETAILS';

function splitDetails(changes: Partial<Claim>): { core: Partial<Claim>; details: Partial<Claim> } {
  const core: Partial<Claim> = { ...changes };
  const details: Partial<Claim> = {};
  for (const field of DETAIL_FIELDS) {
    if (field in core) {
      (details as Record<string, unknown>)[field] = core[field];
      delete core[field];
    }
  }
  return { core, details };
}

function eventItem(event: ClaimEvent): Record<string, unknown> {
  return { ...event, ...keys.event(event.claimId, event.id), entity: 'event' };
}

/** Builds `SET a = :a, ...` from a partial object, with placeholders safe for reserved words. */
function setExpression(changes: Record<string, unknown>, names: Record<string, string>, values: Record<string, unknown>): string[] {
  const parts: string[] = [];
  Object.entries(changes).forEach(([field, value], i) => {
    if (value === undefined) return;
    names[`#c${i}`] = field;
    values[`:c${i}`] = value;
    parts.push(`#c${i} = :c${i}`);
  });
  return parts;
}

export class DynamoClaimRepository implements ClaimRepository {
  constructor(
    private readonly table: TableContext,
    private readonly cursors: CursorCodec,
  ) {}

  async create(claim: Claim, event: ClaimEvent, idempotency?: IdempotencyClaim): Promise<{ claim: Claim; created: boolean }> {
    const { tableName } = this.table;
    // The idempotency record is a conditional put in the same transaction as the claim: either both exist
    // or neither does. Powertools idempotency would store the key in a separate write after the handler
    // ran, which leaves a window where a crash keeps the claim but loses the key (or locks the key for an
    // hour); a transaction has no such window.
    const idempotencyPut: ConditionalPut | undefined = idempotency && {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.idempotency(idempotency.principalId, idempotency.key),
          entity: 'idempotency',
          claimId: claim.id,
          requestHash: idempotency.requestHash,
          expiresAt: epochSeconds(new Date(Date.parse(claim.createdAt) + IDEMPOTENCY_TTL_SECONDS * 1000)),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.createOnce(claim, event, idempotencyPut, idempotency);
      } catch (err) {
        if (attempt >= CONFLICT_ATTEMPTS || !cancellationReasons(err)?.includes('TransactionConflict')) throw err;
        await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20 * attempt));
      }
    }
  }

  private async createOnce(
    claim: Claim,
    event: ClaimEvent,
    idempotencyPut: ConditionalPut | undefined,
    idempotency: IdempotencyClaim | undefined,
  ): Promise<{ claim: Claim; created: boolean }> {
    const { doc, tableName } = this.table;
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            ...(idempotencyPut ? [idempotencyPut] : []),
            { Put: { TableName: tableName, Item: claimItem(claim), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: tableName, Item: eventItem(event) } },
            ...claim.tags.map((tag) => ({
              Put: { TableName: tableName, Item: { ...keys.tag(tag, claim.createdAt, claim.id), entity: 'tag', claimId: claim.id } },
            })),
          ],
        }),
      );
      return { claim, created: true };
    } catch (err) {
      const reasons = cancellationReasons(err);
      if (idempotency && reasons?.[0] === 'ConditionalCheckFailed') {
        return { claim: await this.replay(idempotency), created: false };
      }
      throw err;
    }
  }

  private async replay(idempotency: IdempotencyClaim): Promise<Claim> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.idempotency(idempotency.principalId, idempotency.key), ConsistentRead: true }),
    );
    if (!Item) throw new DomainError('conflict', 'a request with this Idempotency-Key is in progress; retry shortly');
    if (Item.requestHash !== idempotency.requestHash) {
      throw new DomainError('idempotency_mismatch', 'this Idempotency-Key was used with a different request body', { field: 'Idempotency-Key' });
    }
    const claim = await this.get(String(Item.claimId));
    if (!claim) throw new DomainError('conflict', 'the claim for this Idempotency-Key is not readable yet; retry shortly');
    return claim;
  }

  async get(id: string): Promise<Claim | null> {
    // '#CLAIM' and '#DETAILS' are the partition's only sort keys starting with '#': one request reads both.
    const out = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
        ExpressionAttributeValues: { ':pk': keys.claim(id).pk, ':first': '#', ':last': '#~' },
        ConsistentRead: true,
      }),
    );
    const items = out.Items ?? [];
    const claim = items.find((i) => i.sk === keys.claim(id).sk);
    if (!claim) return null;
    const details = items.find((i) => i.sk === DETAILS_SK);
    return { ...withoutKeys<Claim>(claim), ...(details ? withoutKeys<Partial<Claim>>(details) : {}) };
  }

  /** The Update that stores detail fields, for the same transaction as the claim's own write. */
  private detailsUpdate(id: string, details: Partial<Claim>) {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':entity': 'claim-details' };
    const sets = setExpression(details, names, values);
    if (sets.length === 0) return [];
    names['#entity'] = 'entity';
    return [
      {
        Update: {
          TableName: this.table.tableName,
          Key: { pk: keys.claim(id).pk, sk: DETAILS_SK },
          UpdateExpression: `SET ${['#entity = :entity', ...sets].join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
    ];
  }

  async transition(id: string, transition: ClaimTransition, allChanges: Partial<Claim>, event: ClaimEvent): Promise<Claim> {
    const rule = claimLifecycle[transition];
    const { core: changes, details } = splitDetails(allChanges);
    const names: Record<string, string> = { '#status': 'status', '#revision': 'revision', '#updatedAt': 'updatedAt', '#gsi1pk': 'gsi1pk' };
    const values: Record<string, unknown> = { ':to': rule.to, ':one': 1, ':now': event.at, ':gsi1pk': `STATUS#${rule.to}` };
    const from = rule.from.map((s, i) => {
      values[`:from${i}`] = s;
      return `:from${i}`;
    });
    const sets = setExpression({ ...changes, status: undefined, revision: undefined, updatedAt: undefined }, names, values);
    try {
      await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table.tableName,
                Key: keys.claim(id),
                UpdateExpression: `SET ${['#status = :to', '#gsi1pk = :gsi1pk', '#updatedAt = :now', '#revision = #revision + :one', ...sets].join(', ')}`,
                ConditionExpression: `attribute_exists(pk) AND #status IN (${from.join(', ')})`,
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            { Put: { TableName: this.table.tableName, Item: eventItem(event) } },
            ...this.detailsUpdate(id, details),
          ],
        }),
      );
    } catch (err) {
      if (cancellationReasons(err)?.[0] === 'ConditionalCheckFailed') {
        const current = await this.get(id);
        if (!current) throw new DomainError('not_found', 'claim not found');
        throw new DomainError('conflict', `a ${current.status} claim cannot take "${transition}"`, { status: current.status });
      }
      throw err;
    }
    const updated = await this.get(id);
    if (!updated) throw new DomainError('not_found', 'claim not found');
    return updated;
  }

  async update(id: string, allChanges: Partial<Claim>, event?: ClaimEvent): Promise<Claim> {
    const { core: changes, details } = splitDetails(allChanges);
    const names: Record<string, string> = { '#revision': 'revision', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':one': 1, ':now': event?.at ?? new Date().toISOString() };
    const sets = setExpression({ ...changes, status: undefined, revision: undefined, updatedAt: undefined }, names, values);
    const update = {
      TableName: this.table.tableName,
      Key: keys.claim(id),
      UpdateExpression: `SET ${['#updatedAt = :now', '#revision = #revision + :one', ...sets].join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
    try {
      await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: update },
            ...(event ? [{ Put: { TableName: this.table.tableName, Item: eventItem(event) } }] : []),
            ...this.detailsUpdate(id, details),
          ],
        }),
      );
    } catch (err) {
      if (cancellationReasons(err)?.[0] === 'ConditionalCheckFailed') throw new DomainError('not_found', 'claim not found');
      throw err;
    }
    const updated = await this.get(id);
    if (!updated) throw new DomainError('not_found', 'claim not found');
    return updated;
  }

  async appendEvent(event: ClaimEvent): Promise<void> {
    await this.table.doc.send(new PutCommand({ TableName: this.table.tableName, Item: eventItem(event) }));
  }

  async markWorkflowStarted(id: string, at: string, event: ClaimEvent): Promise<boolean> {
    try {
      await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table.tableName,
                Key: keys.claim(id),
                UpdateExpression: 'SET #started = :at, #updatedAt = :at, #revision = #revision + :one',
                // Only the first confirmation counts: concurrent retries and the reconciler record one event.
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#started)',
                ExpressionAttributeNames: { '#started': 'workflowStartedAt', '#updatedAt': 'updatedAt', '#revision': 'revision' },
                ExpressionAttributeValues: { ':at': at, ':one': 1 },
              },
            },
            { Put: { TableName: this.table.tableName, Item: eventItem(event) } },
          ],
        }),
      );
      return true;
    } catch (err) {
      if (cancellationReasons(err)?.[0] === 'ConditionalCheckFailed' || isConditionalCheckFailure(err)) return false;
      throw err;
    }
  }

  async listEvents(claimId: string, page: { limit: number; after?: string }): Promise<Page<ClaimEvent>> {
    const partition = `CLAIM#${claimId}`;
    const { items, next } = await this.query(
      partition,
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': 'EVENT#' },
      },
      page,
    );
    return { items: items.map((i) => withoutKeys<ClaimEvent>(i)), next };
  }

  /**
   * One designed Query per listing, chosen by the most selective filter present: tag (the TAG#<tag>
   * partition), else submitter (gsi2), else status (gsi1). A time range is a condition on the sort key,
   * which starts with createdAt. Further filters narrow that query (a FilterExpression, or after reading
   * the tag entries); a narrowed page may hold fewer than `limit` items while `next` is still set.
   */
  async list(filter: ClaimListFilter, page: { limit: number; after?: string }): Promise<Page<Claim>> {
    const range = rangeCondition(filter);
    let partition: string;
    let input: Omit<QueryCommandInput, 'TableName'>;
    if (filter.tag !== undefined) {
      partition = `TAG#${filter.tag}`;
      input = { KeyConditionExpression: `pk = :pk${range.expr('sk')}`, ExpressionAttributeValues: { ':pk': partition, ...range.values } };
    } else if (filter.submittedBy !== undefined) {
      partition = `SUBMITTER#${filter.submittedBy}`;
      input = {
        IndexName: 'gsi2',
        KeyConditionExpression: `gsi2pk = :pk${range.expr('gsi2sk')}`,
        ...(filter.status !== undefined ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ExpressionAttributeValues: { ':pk': partition, ...range.values, ...(filter.status !== undefined ? { ':status': filter.status } : {}) },
      };
    } else if (filter.status !== undefined) {
      partition = `STATUS#${filter.status}`;
      input = {
        IndexName: 'gsi1',
        KeyConditionExpression: `gsi1pk = :pk${range.expr('gsi1sk')}`,
        ExpressionAttributeValues: { ':pk': partition, ...range.values },
      };
    } else {
      // Listing every claim would be a scan; the API turns "no filter" into "the caller's own claims".
      throw new DomainError('invalid', 'a listing needs a status, submitter or tag', { field: 'query', rule: 'one of status, submitter, tag' });
    }
    // Newest first, the order a newsroom reads a queue in.
    const { items, next } = await this.query(partition, { ...input, ScanIndexForward: false }, page);
    const claims = filter.tag !== undefined ? await this.resolve(items.map((i) => String(i.claimId))) : items.map((i) => withoutKeys<Claim>(i));
    const narrowed = claims.filter(
      (c) => (filter.status === undefined || c.status === filter.status) && (filter.submittedBy === undefined || c.submittedBy === filter.submittedBy),
    );
    return { items: narrowed, next };
  }

  /**
   * Claims in `received` (a small partition: claims leave it as soon as triage starts) without
   * workflowStartedAt, oldest first. Reads further pages until `limit` are found or the partition ends.
   */
  async listUnstarted(olderThan: string, limit: number): Promise<Claim[]> {
    const found: Claim[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 20 && found.length < limit; pages++) {
      const { items, next } = await this.query(
        'unstarted',
        {
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
          FilterExpression: 'attribute_not_exists(workflowStartedAt)',
          ExpressionAttributeValues: { ':pk': 'STATUS#received', ':before': olderThan },
        },
        after === undefined ? { limit: 100 } : { limit: 100, after },
      );
      found.push(...items.map((i) => withoutKeys<Claim>(i)));
      if (!next) break;
      after = next;
    }
    return found.slice(0, limit);
  }

  private async resolve(ids: string[]): Promise<Claim[]> {
    const claims = await Promise.all(ids.map((id) => this.get(id)));
    return claims.filter((c): c is Claim => c !== null);
  }

  /**
   * A Query page. Cursors are bound to the partition they page through: a cursor from one listing used on
   * another is refused like a forged one, rather than reaching DynamoDB as a foreign start key.
   */
  private async query(
    partition: string,
    input: Omit<QueryCommandInput, 'TableName'>,
    page: { limit: number; after?: string },
  ): Promise<Page<Record<string, unknown>>> {
    const scope = cursorScope(partition);
    const position = this.cursors.decode(page.after);
    if (position !== undefined && position[SCOPE_FIELD] !== scope) {
      throw new DomainError('invalid', 'cursor is not one this API issued for this listing', { field: 'cursor', rule: 'opaque cursor from a previous page' });
    }
    const startKey = position && Object.fromEntries(Object.entries(position).filter(([k]) => k !== SCOPE_FIELD));
    const out = await this.table.doc.send(new QueryCommand({ ...input, TableName: this.table.tableName, Limit: page.limit, ExclusiveStartKey: startKey }));
    return { items: out.Items ?? [], next: this.cursors.encode(out.LastEvaluatedKey && { ...out.LastEvaluatedKey, [SCOPE_FIELD]: scope }) };
  }
}

function rangeCondition(filter: ClaimListFilter): { expr: (attr: string) => string; values: Record<string, string> } {
  // Sort keys start with createdAt, so a time range is a key condition. '~' sorts after any id character.
  const from = filter.from ?? '0000';
  const to = filter.to !== undefined ? `${filter.to}~` : '9999';
  if (filter.from === undefined && filter.to === undefined) return { expr: () => '', values: {} };
  return { expr: (attr) => ` AND ${attr} BETWEEN :from AND :to`, values: { ':from': from, ':to': to } };
}

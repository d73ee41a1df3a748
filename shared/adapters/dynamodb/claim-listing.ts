/**
 * Claim listings: one designed Query per listing (tag, submitter or status partition), pages bound to the
 * partition they page through, and the workflow reconciler's scan of unstarted claims.
 */
import { createHash } from 'node:crypto';
import { BatchGetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Claim } from '../../domain/claim.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ClaimListFilter, Page } from '../../domain/ports.ts';
import type { CursorCodec } from '../cursor.ts';
import { keys, withoutKeys, type TableContext } from './table.ts';

/** Where a cursor may be used: a short hash of the partition it pages through (not the partition itself). */
function cursorScope(partition: string): string {
  return createHash('sha256').update(partition).digest('base64url').slice(0, 12);
}
const SCOPE_FIELD = '~scope';

export class DynamoClaimListing {
  constructor(
    private readonly table: TableContext,
    private readonly cursors: CursorCodec,
  ) {}

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

  /**
   * The claims a tag page names, in the page's order, with one BatchGetItem (a page is at most 100
   * entries, BatchGetItem's limit) instead of a read per entry: a tag page is two requests. A listing shows
   * summaries, so the claim items alone are read (not their details). Unprocessed keys are asked again.
   */
  private async resolve(ids: string[]): Promise<Claim[]> {
    const found = new Map<string, Claim>();
    let pending: Array<Record<string, unknown>> = [...new Set(ids)].map((id) => keys.claim(id));
    for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      const out = await this.table.doc.send(new BatchGetCommand({ RequestItems: { [this.table.tableName]: { Keys: pending } } }));
      for (const item of out.Responses?.[this.table.tableName] ?? []) {
        const claim = withoutKeys<Claim>(item);
        found.set(claim.id, claim);
      }
      pending = (out.UnprocessedKeys?.[this.table.tableName]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
    }
    if (pending.length > 0) throw Object.assign(new Error('DynamoDB left claims of a tag page unprocessed; retry'), { name: 'TransientError' });
    return ids.flatMap((id) => {
      const claim = found.get(id);
      return claim ? [claim] : [];
    });
  }

  /**
   * A Query page. Cursors are bound to the partition they page through: a cursor from one listing used on
   * another is refused like a forged one, rather than reaching DynamoDB as a foreign start key.
   */
  async query(partition: string, input: Omit<QueryCommandInput, 'TableName'>, page: { limit: number; after?: string }): Promise<Page<Record<string, unknown>>> {
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

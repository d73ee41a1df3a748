/**
 * How a claim is laid out in the table: the claim item (with its index keys), its details item, its trail
 * events, and the update expressions built from partial changes. No requests are sent from here.
 */
import { claimLifecycle, type Claim, type ClaimEvent, type ClaimTransition } from '../../domain/claim.ts';
import type { RemovableClaimField } from '../../domain/ports.ts';
import { bucketOf, statusPartition, submitterListing } from './partitions.ts';
import { keys } from './table.ts';

export function claimItem(claim: Claim): Record<string, unknown> {
  return {
    ...claim,
    ...keys.claim(claim.id),
    entity: 'claim',
    // Month buckets for the partitions that would grow forever (partitions.ts).
    gsi1pk: statusPartition(claim.status, claim.createdAt),
    gsi1sk: `${claim.createdAt}#${claim.id}`,
    gsi2pk: bucketOf(submitterListing(claim.submittedBy), claim.createdAt),
    gsi2sk: `${claim.createdAt}#${claim.id}`,
  };
}

export interface ConditionalPut {
  Put: { TableName: string; Item: Record<string, unknown>; ConditionExpression: string };
}

/**
 * The bulky, write-once parts of a claim (triage result, gathered evidence, provider outcomes) live in items
 * of their own under the same partition, without index keys: `#DETAILS#triage` (triage's result) and
 * `#DETAILS#evidence` (a round's evidence and provider outcomes, always written together). The claim item
 * itself stays small, and it is rewritten (and copied to both indexes) on every status change: keeping
 * evidence out of it cuts the write units of a claim's life by about half (see BENCHMARKS.md). Each detail
 * item is written whole by the one step that produces it, a Put with no merge, so a step can write it in one
 * BatchWriteItem with its trail events. `get` reads them all with the claim in one Query. Claims written
 * before the split keep every field in one `#DETAILS` item, read first so the newer items override it.
 */
export const DETAIL_FIELDS = ['triage', 'evidence', 'providerOutcomes'] as const satisfies ReadonlyArray<keyof Claim>;
export const DETAILS_SK = '#DETAILS';
type DetailField = (typeof DETAIL_FIELDS)[number];
const DETAIL_ITEMS: Record<string, readonly DetailField[]> = { triage: ['triage'], evidence: ['evidence', 'providerOutcomes'] };

/** Whether an item of a claim's partition holds detail fields (the legacy `#DETAILS` or a newer detail item). */
export function isDetailsItem(sk: unknown): boolean {
  return typeof sk === 'string' && (sk === DETAILS_SK || sk.startsWith(`${DETAILS_SK}#`));
}

export function splitDetails(changes: Partial<Claim>): { core: Partial<Claim>; details: Partial<Claim> } {
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

export function eventItem(event: ClaimEvent): Record<string, unknown> {
  return { ...event, ...keys.event(event.claimId, event.id), entity: 'event' };
}

/** Builds `SET a = :a, ...` from a partial object, with placeholders safe for reserved words. */
export function setExpression(changes: Record<string, unknown>, names: Record<string, string>, values: Record<string, unknown>): string[] {
  const parts: string[] = [];
  Object.entries(changes).forEach(([field, value], i) => {
    if (value === undefined) return;
    names[`#c${i}`] = field;
    values[`:c${i}`] = value;
    parts.push(`#c${i} = :c${i}`);
  });
  return parts;
}

export interface TransactUpdate {
  Update: {
    TableName: string;
    Key: Record<string, unknown>;
    UpdateExpression: string;
    ConditionExpression?: string;
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues: Record<string, unknown>;
  };
}
type ClaimWrite = TransactUpdate | { Put: { TableName: string; Item: Record<string, unknown> } };

/** The detail items a change writes, each whole (a change names all of an item's fields or none of them). */
function detailItems(id: string, details: Partial<Claim>): Array<Record<string, unknown>> {
  return Object.entries(DETAIL_ITEMS).flatMap(([name, fields]) => {
    const present = fields.filter((f) => details[f] !== undefined);
    if (present.length === 0) return [];
    if (present.length < fields.length) throw new Error(`the claim's ${fields.join(' and ')} are written together`);
    return [{ pk: keys.claim(id).pk, sk: `${DETAILS_SK}#${name}`, entity: 'claim-details', ...Object.fromEntries(present.map((f) => [f, details[f]])) }];
  });
}

/**
 * A lifecycle move in two parts: the conditional Update of the claim item (on a status the move allows) and
 * the items it adds (trail events in order, detail fields). `transitionWrites` puts both in one transaction;
 * the repository may write them as two requests instead (claim-repository.ts, `transition`).
 */
export function transitionParts(
  tableName: string,
  claim: Pick<Claim, 'id' | 'createdAt'>,
  transition: ClaimTransition,
  allChanges: Partial<Claim>,
  event: ClaimEvent | readonly ClaimEvent[],
  remove: readonly RemovableClaimField[] = [],
): { move: TransactUpdate; items: Array<Record<string, unknown>> } {
  const { id } = claim;
  const events: readonly ClaimEvent[] = isEventList(event) ? event : [event];
  const last = events.at(-1);
  if (!last) throw new Error('a claim transition records at least one event');
  const rule = claimLifecycle[transition];
  const { core: changes, details } = splitDetails(allChanges);
  const names: Record<string, string> = { '#status': 'status', '#revision': 'revision', '#updatedAt': 'updatedAt', '#gsi1pk': 'gsi1pk' };
  const values: Record<string, unknown> = { ':to': rule.to, ':one': 1, ':now': last.at, ':gsi1pk': statusPartition(rule.to, claim.createdAt) };
  const from = rule.from.map((s, i) => {
    values[`:from${i}`] = s;
    return `:from${i}`;
  });
  const sets = setExpression({ ...changes, status: undefined, revision: undefined, updatedAt: undefined }, names, values);
  const removals = remove.map((field, i) => {
    names[`#r${i}`] = field;
    return `#r${i}`;
  });
  const removeClause = removals.length > 0 ? ` REMOVE ${removals.join(', ')}` : '';
  return {
    move: {
      Update: {
        TableName: tableName,
        Key: keys.claim(id),
        UpdateExpression: `SET ${['#status = :to', '#gsi1pk = :gsi1pk', '#updatedAt = :now', '#revision = #revision + :one', ...sets].join(', ')}${removeClause}`,
        ConditionExpression: `attribute_exists(pk) AND #status IN (${from.join(', ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    items: [...events.map(eventItem), ...detailItems(id, details)],
  };
}

/**
 * The writes of a lifecycle move, for one transaction: the claim item (conditional on a status the move
 * allows; first, so a cancellation's first reason is that condition), the trail events, the detail items.
 * Other repositories add these to their own transactions when their item must change with the claim.
 */
export function transitionWrites(
  tableName: string,
  claim: Pick<Claim, 'id' | 'createdAt'>,
  transition: ClaimTransition,
  allChanges: Partial<Claim>,
  event: ClaimEvent | readonly ClaimEvent[],
  remove: readonly RemovableClaimField[] = [],
): ClaimWrite[] {
  const { move, items } = transitionParts(tableName, claim, transition, allChanges, event, remove);
  return [move, ...items.map((Item) => ({ Put: { TableName: tableName, Item } }))];
}

function isEventList(event: ClaimEvent | readonly ClaimEvent[]): event is readonly ClaimEvent[] {
  return Array.isArray(event);
}

/** The writes of a change without a status move: the claim item (which must exist), the event and details if any. */
export function updateWrites(tableName: string, id: string, allChanges: Partial<Claim>, event?: ClaimEvent): [TransactUpdate, ...ClaimWrite[]] {
  const { core: changes, details } = splitDetails(allChanges);
  const names: Record<string, string> = { '#revision': 'revision', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':one': 1, ':now': event?.at ?? new Date().toISOString() };
  const sets = setExpression({ ...changes, status: undefined, revision: undefined, updatedAt: undefined }, names, values);
  return [
    {
      Update: {
        TableName: tableName,
        Key: keys.claim(id),
        UpdateExpression: `SET ${['#updatedAt = :now', '#revision = #revision + :one', ...sets].join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    ...(event ? [{ Put: { TableName: tableName, Item: eventItem(event) } }] : []),
    ...detailItems(id, details).map((Item) => ({ Put: { TableName: tableName, Item } })),
  ];
}

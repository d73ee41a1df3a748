/**
 * How a claim is laid out in the table: the claim item (with its index keys), its details item, its trail
 * events, and the update expressions built from partial changes. No requests are sent from here.
 */
import type { Claim, ClaimEvent } from '../../domain/claim.ts';
import { keys } from './table.ts';

export function claimItem(claim: Claim): Record<string, unknown> {
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

export interface ConditionalPut {
  Put: { TableName: string; Item: Record<string, unknown>; ConditionExpression: string };
}

/**
 * The bulky, write-once parts of a claim (triage result, gathered evidence, provider outcomes) live in a
 * second item under the same partition, without index keys. The claim item itself stays small, and it is
 * rewritten (and copied to both indexes) on every status change: keeping evidence out of it cuts the write
 * units of a claim's life by about half (see BENCHMARKS.md). `get` reads both items in one Query.
 */
export const DETAIL_FIELDS = ['triage', 'evidence', 'providerOutcomes'] as const satisfies ReadonlyArray<keyof Claim>;
export const DETAILS_SK = '#DETAILS';

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

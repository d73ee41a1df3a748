/** Principal contracts: the roles a caller can have, the actor names reserved for the system, principals, their keys and reviewer integrations. */
import * as z from 'zod';
import type { RecordOf } from './exact-optional.ts';

export const role = z.enum(['fact-checker', 'reviewer', 'partner', 'admin']);
export type Role = z.infer<typeof role>;
export const roles = role.options;

/**
 * The rules for ids: the ones an admin chooses (a principal's optional id, a reviewer integration's), kept
 * readable in URLs and logs; and any principal id as the API accepts it in a path or query (ids generated
 * earlier, `p-<ulid>`, and the local stack's seeded ones included). The API, `npm run keys` and the review
 * routes all check with these.
 */
export const chosenId = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, '3 to 64 lower-case letters, digits and hyphens');
export const principalId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a principal id');

/**
 * Actor names the system itself writes on claims' trails ("workflow" for the steps the workflow performs,
 * "system" kept for the same use): no principal may take one, or its actions would read as system events.
 */
export const systemActor = z.enum(['workflow', 'system']);
export const SYSTEM_ACTORS = systemActor.options;

/** A principal (a person or system that calls the API), as stored and as the admin API answers it with its keys. */
export const principalRecord = z.object({
  id: z.string(),
  name: z.string(),
  role,
  createdAt: z.string(),
  revoked: z.boolean(),
});
export type Principal = RecordOf<typeof principalRecord>;

/** An API key as stored: the key itself never is (the admin API answers only prefix, creation and revocation). */
export const apiKeyRecord = z.object({
  /** Peppered hash of the key; the key itself is never stored. */
  hash: z.string(),
  /** First characters of the key, to tell keys apart in listings. */
  prefix: z.string(),
  principalId: z.string(),
  createdAt: z.string(),
  revoked: z.boolean(),
});
export type ApiKeyRecord = RecordOf<typeof apiKeyRecord>;

/**
 * A reviewer integration (a newsroom tool that signs reviewers' decisions), as stored; the admin API answers it
 * without its secret, which is shown once, at registration.
 */
export const reviewerIntegrationRecord = z.object({
  id: z.string(),
  name: z.string(),
  /** Principal ids of the reviewers this integration may speak for. */
  reviewers: z.array(z.string()),
  /** The Standard Webhooks signing secret (`whsec_...`): needed in clear to verify signatures. */
  secret: z.string(),
  createdAt: z.string(),
  revoked: z.boolean(),
});
export type ReviewerIntegration = RecordOf<typeof reviewerIntegrationRecord>;

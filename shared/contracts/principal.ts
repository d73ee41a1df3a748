/** Principal contracts: the roles a caller can have, and the actor names reserved for the system. */
import * as z from 'zod';

export const role = z.enum(['fact-checker', 'reviewer', 'partner', 'admin']);
export type Role = z.infer<typeof role>;
export const roles = role.options;

/**
 * Actor names the system itself writes on claims' trails ("workflow" for the steps the workflow performs,
 * "system" kept for the same use): no principal may take one, or its actions would read as system events.
 */
export const systemActor = z.enum(['workflow', 'system']);
export const SYSTEM_ACTORS = systemActor.options;

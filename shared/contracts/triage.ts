/** Triage contracts. */
import { z } from 'zod';

/** What an earlier match is: another claim, or a claim with a published verdict. */
export const duplicateKind = z.enum(['claim', 'verdict']);
export type DuplicateKind = z.infer<typeof duplicateKind>;

export const triageOutcome = z.enum(['continue', 'not_check_worthy', 'duplicate']);
export type TriageOutcome = z.infer<typeof triageOutcome>;

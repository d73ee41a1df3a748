/** Claims: the submission, the claim as served, its path parameter, its trail, withdrawal. */
// Schemas from shared/contracts are built before zod-openapi may have extended zod (zod 4 puts methods on each
// instance), so they take OpenAPI details through zod's own `.meta()`, which zod-openapi reads; `.openapi()`
// is for schemas made here.
import { z } from '@hono/zod-openapi';
import { claimantType, claimEvent, claimRecord, claimStage, evidenceRecord, priority, tag, triageResult } from '../../../shared/contracts/index.ts';
import { isKnownLanguageCode } from '../../../shared/domain/triage/language.ts';
import { httpUrl, pastDate, text, ulidIdParam } from './input-rules.ts';

export const claimantSchema = z
  .strictObject({
    name: text(1, 200).openapi({ example: "Ukraine's military intelligence (HUR)" }),
    type: claimantType.optional().meta({
      example: 'organization',
      description: "A person (default) or an organization speaking as one; ClaimReview names the claim's author accordingly.",
    }),
    role: text(1, 200).optional(),
    affiliation: text(1, 200).optional(),
  })
  .openapi('Claimant');

export const appearanceSchema = z.strictObject({ url: httpUrl, date: pastDate }).openapi('Appearance');

export const claimSubmissionSchema = z
  .strictObject({
    statement: text(10, 2000).openapi({ example: 'Some 3,000 North Korean troops are joining the Russian army in Ukraine.' }),
    claimant: claimantSchema,
    appearances: z.array(appearanceSchema).min(1).max(20),
    context: text(1, 5000, { multiline: true }).optional().openapi({ example: 'A Kremlin spokesman dismissed the report.' }),
    language: z.string().refine(isKnownLanguageCode, { message: 'must be a known ISO 639-1 language code' }).optional().openapi({ example: 'en' }),
    tags: z
      .array(tag)
      .max(20)
      .optional()
      .openapi({ example: ['ukraine', 'north-korea'] }),
    priority: priority.optional().meta({ example: 'high' }),
  })
  .openapi('ClaimSubmission');

// Response records are the contract's, named as OpenAPI components (`.meta({ id })`: contract schemas were
// made before zod-openapi extended zod, so they have no `.openapi()`).
export const evidenceSchema = evidenceRecord.meta({ id: 'Evidence' });

/** The triage result as clients see it: `related` matches are for the reviewer's request, not the claim view. */
const triageSchema = triageResult.omit({ related: true }).meta({ id: 'Triage' });

/** A claim as clients see it: the stored record less its internals, with its stage and links. */
export const claimSchema = claimRecord
  .omit({ revision: true, workflowStartedAt: true, workflowRun: true, reopenedAt: true, verdictVersion: true })
  .extend({
    id: claimRecord.shape.id.meta({ example: '01JD3Y5R6Q4M8X2V7N9B1C0KZT' }),
    stage: claimStage,
    // The submission's schemas (the contract's fields with the input rules), so one `Claimant` component serves both.
    claimant: claimantSchema,
    appearances: z.array(appearanceSchema),
    firstAppearance: appearanceSchema,
    triage: triageSchema.optional(),
    evidence: z.array(evidenceSchema).optional(),
    verdict: z.object({ version: z.number(), url: z.string() }).optional(),
    links: z.object({ self: z.string(), history: z.string(), verdict: z.string().optional().openapi({ description: 'Once a verdict is published' }) }),
  })
  .meta({ id: 'Claim' });

export const claimIdParam = ulidIdParam('a claim id (26-character ULID)');

export const claimEventSchema = claimEvent
  .extend({
    id: claimEvent.shape.id.meta({ example: '01JD3Y5S0000000000000000AB' }),
    type: claimEvent.shape.type.meta({ example: 'claim.withdrawn' }),
    actor: claimEvent.shape.actor.meta({ description: 'A principal id, "workflow", or "reviewer:<id>".', example: 'local-fact-checker' }),
    at: claimEvent.shape.at.meta({ example: '2024-10-04T09:30:00.000Z' }),
  })
  .meta({ id: 'ClaimEvent' });

export const withdrawalSchema = z
  .strictObject({
    reason: text(1, 1000, { multiline: true }).optional().openapi({ example: 'Submitted twice by mistake.' }),
  })
  .openapi('Withdrawal');

/**
 * The API's schemas: one zod definition each gives the TypeScript type, the validation and the OpenAPI
 * document.
 */
// Schemas from shared/contracts are built before zod-openapi may have extended zod (zod 4 puts methods on each
// instance), so they take OpenAPI details through zod's own `.meta()`, which zod-openapi reads; `.openapi()`
// is for schemas made here.
import { z } from '@hono/zod-openapi';
import { isKnownLanguageCode } from '../../shared/domain/triage/language.ts';
import {
  claimantType,
  claimEvent,
  claimRecord,
  claimStage,
  claimStatus,
  decisionKind,
  decisionResultKind,
  evidenceRecord,
  priority,
  role,
  triageResult,
} from '../../shared/contracts/index.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 and C1 controls except tab and newline (allowed in multi-line text), and DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these patterns exist to find control characters and refuse them
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above
const CONTROL_OR_NEWLINE = /[\u0000-\u001F\u007F-\u009F]/;

/** Text a person wrote: no control characters, no broken Unicode. */
export const text = (min: number, max: number, opts: { multiline?: boolean } = {}) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !LONE_SURROGATE.test(s), { message: 'must be well-formed Unicode (no lone surrogates)' })
    .refine((s) => !(opts.multiline ? CONTROL : CONTROL_OR_NEWLINE).test(s), { message: 'must not contain control characters' });

export const httpUrl = z
  .url({ protocol: /^https?$/, hostname: z.regexes.domain })
  .max(2048)
  .openapi({ example: 'https://example-tabloid.co.uk/news/troops-ukraine' });

/** Clock skew we tolerate on "not in the future" checks. */
const SKEW_MS = 5 * 60 * 1000;
export const pastDate = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .refine((d) => Date.parse(d) <= Date.now() + SKEW_MS, { message: 'must not be in the future' })
  .openapi({ example: '2024-10-03' });

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

export { claimStatuses, priorities } from '../../shared/contracts/index.ts';

export const claimSubmissionSchema = z
  .strictObject({
    statement: text(10, 2000).openapi({ example: 'Some 3,000 North Korean troops are joining the Russian army in Ukraine.' }),
    claimant: claimantSchema,
    appearances: z.array(appearanceSchema).min(1).max(20),
    context: text(1, 5000, { multiline: true }).optional().openapi({ example: 'A Kremlin spokesman dismissed the report.' }),
    language: z.string().refine(isKnownLanguageCode, { message: 'must be a known ISO 639-1 language code' }).optional().openapi({ example: 'en' }),
    tags: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and hyphens, at most 40'))
      .max(20)
      .optional()
      .openapi({ example: ['ukraine', 'north-korea'] }),
    priority: priority.optional().meta({ example: 'high' }),
  })
  .openapi('ClaimSubmission');

// Response records are the contract's, named as OpenAPI components (`.meta({ id })`: contract schemas were
// made before zod-openapi extended zod, so they have no `.openapi()`).
const evidenceSchema = evidenceRecord.meta({ id: 'Evidence' });

/** The triage result as clients see it: `related` matches are for the reviewer's request, not the claim view. */
const triageSchema = triageResult.omit({ related: true }).meta({ id: 'Triage' });

/** A claim as clients see it: the stored record less its internals, with its stage and links. */
export const claimSchema = claimRecord
  .omit({ revision: true, workflowStartedAt: true, verdictVersion: true })
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

export const ratingSchema = z.object({ id: z.string(), label: z.string(), category: z.string(), value: z.number().optional() }).openapi('Rating');

export const verdictSchema = z
  .object({
    claimId: z.string(),
    version: z.number().int(),
    rating: ratingSchema,
    summary: z.string(),
    evidence: z.array(evidenceSchema),
    reviewers: z.array(z.string()).openapi({ description: "The reviewers' public display names (never their principal ids)", example: ['Maria Keller'] }),
    publishedAt: z.string(),
    correctionNote: z.string().optional(),
    claim: z.object({
      statement: z.string(),
      claimant: claimantSchema,
      appearances: z.array(appearanceSchema),
      firstAppearance: appearanceSchema,
      language: z.string(),
    }),
    links: z.object({
      self: z.string(),
      claim: z.string(),
      page: z.string().openapi({ description: 'The public fact-check page (no key needed); ClaimReview `url` points here.' }),
    }),
  })
  .openapi('Verdict');

export const problemSchema = z
  .object({
    type: z.string().openapi({ example: '/problems/validation-failed' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), rule: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

export const decisionWebhookSchema = z
  .strictObject({
    type: z.literal('review.decision'),
    timestamp: z.string().optional(),
    data: z.strictObject({
      reviewId: z.string().min(1).max(64),
      reviewerId: z.string().min(1).max(64),
      decision: decisionKind,
      rating: z.string().max(64).optional(),
      summary: text(1, 5000, { multiline: true }).optional(),
      reason: text(1, 5000, { multiline: true }).optional(),
      notes: text(1, 5000, { multiline: true }).optional(),
    }),
  })
  .openapi('ReviewDecisionWebhook');

export const decisionResultSchema = z
  .object({
    reviewId: z.string(),
    claimId: z.string(),
    result: decisionResultKind,
    approvals: z.number(),
    approvalsRequired: z.number(),
  })
  .openapi('ReviewDecisionResult');

export const roleSchema = role;

export const claimIdParam = z.object({
  id: z
    .string()
    .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a claim id (26-character ULID)')
    .openapi({ param: { name: 'id', in: 'path' }, example: '01JD3Y5R6Q4M8X2V7N9B1C0KZT' }),
});

// ---- Listing, history, withdrawal -------------------------------------------------------------------

/** An ISO 8601 date or date-time with offset, as a bound on `createdAt`. */
const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ param: { name: 'limit', in: 'query' }, description: 'Items per page, 1 to 100 (default 20).', example: 20 }),
  cursor: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .openapi({
      param: { name: 'cursor', in: 'query' },
      description: 'The opaque `next` value of the previous page, unchanged.',
      example: 'eyJwayI6Ii4uLiJ9.Zm9vYmFy',
    }),
};

export const claimListQuery = z
  .strictObject({
    status: z
      .enum(claimStatus.options)
      .optional()
      .openapi({ param: { name: 'status', in: 'query' }, example: 'awaiting_review' }),
    submitter: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a principal id')
      .optional()
      .openapi({ param: { name: 'submitter', in: 'query' }, description: 'Principal id of the submitter.', example: 'local-fact-checker' }),
    tag: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a tag: lower-case letters, digits and hyphens')
      .optional()
      .openapi({ param: { name: 'tag', in: 'query' }, example: 'ukraine' }),
    from: instant.optional().openapi({ param: { name: 'from', in: 'query' }, description: 'Created at or after (ISO 8601).', example: '2024-10-01' }),
    to: instant.optional().openapi({
      param: { name: 'to', in: 'query' },
      description: 'Created at or before (ISO 8601; a date includes that whole day).',
      example: '2024-10-31T23:59:59Z',
    }),
    ...pageQuery,
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

export const historyQuery = z.strictObject(pageQuery);

export const claimEventSchema = claimEvent
  .extend({
    id: claimEvent.shape.id.meta({ example: '01JD3Y5S0000000000000000AB' }),
    type: claimEvent.shape.type.meta({ example: 'claim.withdrawn' }),
    actor: claimEvent.shape.actor.meta({ description: 'A principal id, "workflow", or "reviewer:<id>".', example: 'local-fact-checker' }),
    at: claimEvent.shape.at.meta({ example: '2024-10-04T09:30:00.000Z' }),
  })
  .meta({ id: 'ClaimEvent' });

export const claimPageSchema = z
  .object({
    items: z.array(claimSchema),
    next: z.string().nullable().openapi({ description: 'Cursor of the next page; null on the last page.' }),
    links: z.object({ next: z.string().nullable() }),
  })
  .openapi('ClaimPage');

export const historyPageSchema = z
  .object({
    items: z.array(claimEventSchema),
    next: z.string().nullable(),
    links: z.object({ next: z.string().nullable() }),
  })
  .openapi('ClaimHistoryPage');

export const withdrawalSchema = z
  .strictObject({
    reason: text(1, 1000, { multiline: true }).optional().openapi({ example: 'Submitted twice by mistake.' }),
  })
  .openapi('Withdrawal');

// ---- Principals and keys (admin) ---------------------------------------------------------------------

export const principalIdParam = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a principal id')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'jane-doe' }),
});

export const keyPrefixParam = principalIdParam.extend({
  prefix: z
    .string()
    .regex(/^ff_[A-Za-z0-9_-]{7}$/, 'a key prefix (the first 10 characters of a key)')
    .openapi({ param: { name: 'prefix', in: 'path' }, example: 'ff_Q2x8vZ1' }),
});

export const principalCreationSchema = z
  .strictObject({
    name: text(1, 200).openapi({ example: 'Jane Doe (Desk A)' }),
    role: roleSchema.meta({ example: 'fact-checker' }),
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{2,63}$/, '3 to 64 lower-case letters, digits and hyphens')
      .optional()
      .openapi({ description: 'Optional stable id; generated when absent.', example: 'jane-doe' }),
  })
  .openapi('PrincipalCreation');

export const apiKeyInfoSchema = z
  .object({
    prefix: z.string().openapi({ example: 'ff_Q2x8vZ1' }),
    createdAt: z.string(),
    revoked: z.boolean(),
  })
  .openapi('ApiKeyInfo');

export const principalSchema = z
  .object({
    id: z.string().openapi({ example: 'jane-doe' }),
    name: z.string().openapi({ example: 'Jane Doe (Desk A)' }),
    role: roleSchema,
    createdAt: z.string(),
    revoked: z.boolean(),
    keys: z.array(apiKeyInfoSchema),
  })
  .openapi('Principal');

export const issuedKeySchema = z
  .object({
    key: z.string().openapi({ description: 'The API key. Shown once; only its peppered hash is stored.', example: 'ff_Q2x8vZ1m3kR9...' }),
    prefix: z.string(),
    createdAt: z.string(),
  })
  .openapi('IssuedApiKey');

export const principalCreatedSchema = z.object({ principal: principalSchema, key: issuedKeySchema }).openapi('PrincipalCreated');

export const principalListSchema = z.object({ items: z.array(principalSchema) }).openapi('PrincipalList');

export const keyIssueSchema = z.strictObject({}).openapi('ApiKeyRequest');
export const revocationSchema = z.strictObject({ reason: text(1, 1000).optional() }).openapi('Revocation');

/** The 500 every route may give: a generic problem, with nothing internal in it. */
export const internalErrorResponse = {
  500: {
    description: 'Unexpected failure on our side (logged; the body holds nothing internal)',
    content: { 'application/problem+json': { schema: problemSchema } },
  },
} as const;

/**
 * Shapes of the document routes (issue 14). Beside schemas.ts, in its style; they move into the contracts module
 * with the rest once it lands.
 */
import { z } from '@hono/zod-openapi';
import {
  attributionVia,
  checkWorthinessReason,
  claimantType,
  documentSource,
  documentStatus,
  duplicateKind,
  matchedRelation,
  segmentKind,
} from '../../shared/contracts/index.ts';
import { isKnownLanguageCode } from '../../shared/domain/triage/language.ts';
import { claimantSchema, pastDate, priorities, text, ulidIdParam } from './schemas.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to find control characters and refuse them
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Document text is kept exactly as sent (segment offsets refer to it): not trimmed, newlines and tabs allowed. */
const documentText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !LONE_SURROGATE.test(s), { message: 'must be well-formed Unicode (no lone surrogates)' })
    .refine((s) => !CONTROL.test(s), { message: 'must not contain control characters' });

/** Any http(s) URL: whether it may be read is the outbound guard's decision (public addresses only), not a pattern's. */
const documentUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .openapi({ example: 'https://example-tabloid.co.uk/news/troops-ukraine' });

export const speakerTurnSchema = z.strictObject({ speaker: text(1, 200), text: documentText(20_000) }).openapi('SpeakerTurn');

export const documentSubmissionSchema = z
  .strictObject({
    text: documentText(600_000)
      .optional()
      .openapi({ description: 'Plain text or simple HTML (scripts, styles and markup are stripped). At most 200,000 characters of text once stripped.' }),
    url: documentUrl.optional().openapi({
      description: 'Where the document appeared. Without `text` or `turns`, the page is read from it (public https pages only; HTML or plain text).',
    }),
    turns: z
      .array(speakerTurnSchema)
      .min(1)
      .max(20_000)
      .optional()
      .openapi({ description: 'A transcript: one entry per speaker turn. At most 5,000 turns (configurable).' }),
    title: text(1, 500).optional(),
    publisher: text(1, 200).optional(),
    publishedAt: pastDate.optional(),
    language: z.string().refine(isKnownLanguageCode, { message: 'must be a known ISO 639-1 language code' }).optional(),
  })
  .refine((d) => d.text !== undefined || d.turns !== undefined || d.url !== undefined, { message: 'send text, turns or url', path: ['text'] })
  .refine((d) => !(d.text !== undefined && d.turns !== undefined), { message: 'send text or turns, not both', path: ['turns'] })
  .openapi('DocumentSubmission');

/** Why a candidate scored as it did: triage's check-worthiness reason (the contract's record). */
const reasonSchema = checkWorthinessReason;

export const claimMatchSchema = z
  .object({
    kind: duplicateKind,
    relation: matchedRelation.meta({
      description: '`duplicate`: the same claim (as triage decides); `related`: the same subject with another or contradicting assertion.',
    }),
    claimId: z.string(),
    similarity: z.number(),
    verdict: z.object({ rating: z.string(), label: z.string(), publishedAt: z.string() }).optional(),
    description: z.string().openapi({ example: 'already checked: rated Mostly false on 2024-10-12' }),
    link: z.string(),
  })
  .openapi('ClaimMatch');

export const candidateSchema = z
  .object({
    segmentId: z.string(),
    rank: z.number().int(),
    sentence: z.string(),
    statement: z.string().openapi({ description: 'The asserted content, without the reporting frame ("X said that ...").' }),
    claimant: z.object({ name: z.string(), type: claimantType.optional(), role: z.string().optional() }).nullable(),
    attribution: attributionVia,
    score: z.number(),
    reasons: z.array(reasonSchema),
    matches: z.array(claimMatchSchema),
    group: z.string().optional().openapi({ description: 'Rewordings of one claim inside the document share a group.' }),
    submittedAs: z.string().optional().openapi({ description: 'The claim this candidate was submitted as.' }),
  })
  .openapi('DocumentCandidate');

export const segmentSchema = z
  .object({
    id: z.string(),
    kind: segmentKind,
    text: z.string(),
    start: z.number().int().openapi({ description: "Where the segment starts in the document's `text` (UTF-16 code units, as JavaScript counts)." }),
    end: z.number().int().openapi({ description: "Where it ends in the document's `text` (exclusive): `text.slice(start, end)` is the segment's text." }),
    paragraph: z.number().int().openapi({ description: 'The line (paragraph) the segment is in.' }),
    label: z.string().optional().openapi({ description: 'For a part that is not a claim: why it was recognised as what it is.' }),
    speaker: z.string().optional(),
    turn: z.number().int().optional(),
  })
  .openapi('DocumentSegment');

export const documentSchema = z
  .object({
    id: z.string(),
    status: documentStatus,
    source: documentSource,
    title: z.string().optional(),
    publisher: z.string().optional(),
    publishedAt: z.string().optional(),
    url: z.string().optional(),
    language: z.string().optional(),
    submittedBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    expiresAt: z.string(),
    characters: z.number().int(),
    text: z.string().openapi({
      description:
        "The text the segments' offsets refer to: as sent for plain text; for HTML and pages read from a URL, the text left once the markup is stripped; for a transcript, its turns joined by blank lines (each segment also names its `turn`).",
    }),
    failure: z.string().optional(),
    candidates: z.array(candidateSchema),
    groups: z.array(z.object({ id: z.string(), segmentIds: z.array(z.string()) })),
    segments: z.array(segmentSchema),
    links: z.object({ self: z.string(), claims: z.string() }),
  })
  .openapi('Document');

export const documentIdParam = ulidIdParam('must be a document id (26 characters)');

export const candidatePickSchema = z
  .strictObject({
    segmentId: z.string().regex(/^s\d{1,6}$/, 'a segment id such as "s12"'),
    statement: text(10, 2000).optional().openapi({ description: "The statement as you edited it; the candidate's statement otherwise." }),
    claimant: claimantSchema.optional(),
    tags: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and hyphens, at most 40'))
      .max(20)
      .optional(),
    priority: z.enum(priorities).optional(),
  })
  .openapi('CandidatePick');

export const documentClaimsSchema = z.strictObject({ claims: z.array(candidatePickSchema).min(1).max(20) }).openapi('DocumentClaims');

export const documentClaimsResultSchema = z
  .object({
    claims: z.array(z.object({ segmentId: z.string(), claimId: z.string(), created: z.boolean(), link: z.string() })),
  })
  .openapi('DocumentClaimsResult');

/**
 * Documents (issue 14): the submission and the picks are the API's input schemas (the input rules on their
 * fields); the responses are the contract's records (shared/contracts/document.ts) with OpenAPI metadata.
 */
// Contract schemas take OpenAPI details through zod's own `.meta()` (see claims.ts); `.openapi()` is for schemas made here.
import { z } from '@hono/zod-openapi';
import { claimMatchView, documentCandidateView, documentClaimsResult, documentSegment, documentView, priority, tag } from '../../../shared/contracts/index.ts';
import { isKnownLanguageCode } from '../../../shared/domain/triage/language.ts';
import { claimantSchema } from './claims.ts';
import { pastDate, text, ulidIdParam } from './input-rules.ts';

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

export const claimMatchSchema = claimMatchView
  .extend({
    relation: claimMatchView.shape.relation.meta({
      description: '`duplicate`: the same claim (as triage decides); `related`: the same subject with another or contradicting assertion.',
    }),
    description: claimMatchView.shape.description.meta({ example: 'already checked: rated Mostly false on 2024-10-12' }),
  })
  .meta({ id: 'ClaimMatch' });

export const candidateSchema = documentCandidateView
  .extend({
    statement: documentCandidateView.shape.statement.meta({ description: 'The asserted content, without the reporting frame ("X said that ...").' }),
    matches: z.array(claimMatchSchema),
    group: documentCandidateView.shape.group.meta({ description: 'Rewordings of one claim inside the document share a group.' }),
    submittedAs: documentCandidateView.shape.submittedAs.meta({ description: 'The claim this candidate was submitted as.' }),
  })
  .meta({ id: 'DocumentCandidate' });

const { start, end, paragraph, label } = documentSegment.shape;
export const segmentSchema = documentSegment
  .extend({
    start: start.meta({ description: "Where the segment starts in the document's `text` (UTF-16 code units, as JavaScript counts)." }),
    end: end.meta({ description: "Where it ends in the document's `text` (exclusive): `text.slice(start, end)` is the segment's text." }),
    paragraph: paragraph.meta({ description: 'The line (paragraph) the segment is in.' }),
    label: label.meta({ description: 'For a part that is not a claim: why it was recognised as what it is.' }),
  })
  .meta({ id: 'DocumentSegment' });

export const documentSchema = documentView
  .extend({
    text: documentView.shape.text.meta({
      description:
        "The text the segments' offsets refer to: as sent for plain text; for HTML and pages read from a URL, the text left once the markup is stripped; for a transcript, its turns joined by blank lines (each segment also names its `turn`).",
    }),
    candidates: z.array(candidateSchema),
    segments: z.array(segmentSchema),
  })
  .meta({ id: 'Document' });

export const documentIdParam = ulidIdParam('must be a document id (26 characters)');

export const candidatePickSchema = z
  .strictObject({
    segmentId: z.string().regex(/^s\d{1,6}$/, 'a segment id such as "s12"'),
    statement: text(10, 2000).optional().openapi({ description: "The statement as you edited it; the candidate's statement otherwise." }),
    claimant: claimantSchema.optional(),
    tags: z.array(tag).max(20).optional(),
    priority: priority.optional(),
  })
  .openapi('CandidatePick');

export const documentClaimsSchema = z.strictObject({ claims: z.array(candidatePickSchema).min(1).max(20) }).openapi('DocumentClaims');

export const documentClaimsResultSchema = documentClaimsResult.meta({ id: 'DocumentClaimsResult' });

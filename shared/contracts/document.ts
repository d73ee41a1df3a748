/** Document contracts (issue 14): what a submitted article or transcript is cut into, and its lifecycle. */
import * as z from 'zod';
import { claimantType } from './claim.ts';
import { checkWorthinessReason, duplicateKind, matchedRelation } from './triage.ts';

/** What a segment of a document is: a sentence (a claim candidate) or a part that is not a claim. */
export const segmentKind = z.enum(['sentence', 'headline', 'subheading', 'standfirst', 'byline', 'caption', 'pull_quote', 'read_more', 'boilerplate']);
export type SegmentKind = z.infer<typeof segmentKind>;

export const documentStatus = z.enum(['processing', 'processed', 'failed']);
export type DocumentStatus = z.infer<typeof documentStatus>;

export const documentSource = z.enum(['text', 'html', 'url', 'transcript']);
export type DocumentSourceKind = z.infer<typeof documentSource>;

/** How a candidate's claimant was found. */
export const attributionVia = z.enum(['speaker_turn', 'quote', 'said', 'according_to', 'sources', 'denial', 'none']);
export type AttributionVia = z.infer<typeof attributionVia>;

/**
 * The asynchronous processor's event (functions/documents/process-document.ts): which stored document to process.
 * The API sends it with a Lambda asynchronous invocation (Lambda retries a failed one twice).
 */
export const documentProcessingEvent = z.object({ documentId: z.string().min(1).max(64) });
export type DocumentProcessingEvent = z.infer<typeof documentProcessingEvent>;

/** A claim already in the archive that a candidate matches: the same claim (`duplicate`) or the same subject (`related`). */
export const claimMatch = z.object({
  kind: duplicateKind,
  relation: matchedRelation,
  claimId: z.string(),
  similarity: z.number(),
  verdict: z.object({ rating: z.string(), label: z.string(), publishedAt: z.string() }).optional(),
  description: z.string(),
  link: z.string(),
});

/** A sentence of a document ranked as a claim candidate, as the documents API answers it. */
export const documentCandidate = z.object({
  segmentId: z.string(),
  rank: z.number().int(),
  sentence: z.string(),
  /** The asserted content, without the reporting frame ("X said that ..."). */
  statement: z.string(),
  claimant: z.object({ name: z.string(), type: claimantType.optional(), role: z.string().optional() }).nullable(),
  attribution: attributionVia,
  score: z.number(),
  reasons: z.array(checkWorthinessReason),
  matches: z.array(claimMatch),
  /** Rewordings of one claim inside the document share a group. */
  group: z.string().optional(),
  /** The claim this candidate was submitted as. */
  submittedAs: z.string().optional(),
});

/** A part of a document's text: offsets in UTF-16 code units, `text.slice(start, end)` is the segment's text. */
export const documentSegment = z.object({
  id: z.string(),
  kind: segmentKind,
  text: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  paragraph: z.number().int(),
  label: z.string().optional(),
  speaker: z.string().optional(),
  turn: z.number().int().optional(),
});

/** A document as the documents API answers it: its metadata, text, ranked candidates and segments. */
export const documentView = z.object({
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
  text: z.string(),
  failure: z.string().optional(),
  candidates: z.array(documentCandidate),
  groups: z.array(z.object({ id: z.string(), segmentIds: z.array(z.string()) })),
  segments: z.array(documentSegment),
  links: z.object({ self: z.string(), claims: z.string() }),
});

/** What submitting a document's candidates as claims answered, one entry per pick. */
export const documentClaimsResult = z.object({
  claims: z.array(z.object({ segmentId: z.string(), claimId: z.string(), created: z.boolean(), link: z.string() })),
});

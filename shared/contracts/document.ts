/**
 * Document contracts (issue 14): what a submitted article or transcript is cut into, and its lifecycle. The
 * document as stored (`documentRecord`, with its parts, segments and analysed candidates) is the domain's
 * record (shared/domain/documents/); the documents API answers views of it (`documentView`, whose fields
 * are the record's, plus the links and the submissions a fact-checker made).
 */
import * as z from 'zod';
import { priority } from './claim.ts';
import { claimant } from './claim-record.ts';
import type { RecordOf } from './exact-optional.ts';
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

/** Who makes a candidate's claim: a claim's claimant as a document names it (a document never gives an affiliation). */
export const documentClaimant = claimant.pick({ name: true, type: true, role: true });
export type DocumentClaimant = RecordOf<typeof documentClaimant>;

/** A claim already in the archive that a candidate matches: the same claim (`duplicate`) or the same subject (`related`). */
export const claimMatch = z.object({
  kind: duplicateKind,
  /** The re-ranker's decision, the one triage makes: the same claim, or the same subject with another assertion. */
  relation: matchedRelation,
  claimId: z.string(),
  similarity: z.number(),
  /** For a published verdict: its rating and date, e.g. "already checked: rated Mostly false on 2024-10-12". */
  verdict: z.object({ rating: z.string(), label: z.string(), publishedAt: z.string() }).optional(),
  /** A sentence for the fact-checker. */
  description: z.string(),
});
export type ClaimMatch = RecordOf<typeof claimMatch>;
/** A match as the documents API answers it: with a link to the matched claim or verdict. */
export const claimMatchView = claimMatch.extend({ link: z.string() });

/** A sentence of a document ranked as a claim candidate, as the analysis stores it. */
export const documentCandidate = z.object({
  segmentId: z.string(),
  /** 1 = most worth checking. */
  rank: z.number().int(),
  sentence: z.string(),
  /** The asserted content, without the reporting frame ("X said that ..."). */
  statement: z.string(),
  claimant: documentClaimant.nullable(),
  attribution: attributionVia,
  score: z.number(),
  reasons: z.array(checkWorthinessReason),
  matches: z.array(claimMatch),
  /** Rewordings of one claim inside the document share a group. */
  group: z.string().optional(),
});
export type Candidate = RecordOf<typeof documentCandidate>;
/** A candidate as the documents API answers it: its matches linked, and the claim it was submitted as. */
export const documentCandidateView = documentCandidate.extend({
  matches: z.array(claimMatchView),
  /** The claim this candidate was submitted as. */
  submittedAs: z.string().optional(),
});

/** A part of a document's text: offsets in UTF-16 code units, `text.slice(start, end)` is the segment's text. */
export const documentSegment = z.object({
  /** Stable within the document: "s1", "s2", ... in reading order. */
  id: z.string(),
  kind: segmentKind,
  text: z.string(),
  /** Offsets in the document's text, end exclusive. */
  start: z.number().int(),
  end: z.number().int(),
  /** Index of the line (paragraph) the segment is in. */
  paragraph: z.number().int(),
  /** For a part that is not a claim: why it was recognised as what it is. */
  label: z.string().optional(),
  /** Transcripts: the speaker and the turn the segment belongs to. */
  speaker: z.string().optional(),
  turn: z.number().int().optional(),
});
export type Segment = RecordOf<typeof documentSegment>;

/** Candidates of one document that reword the same claim. */
export const rewordingGroup = z.object({ id: z.string(), segmentIds: z.array(z.string()) });
export type RewordingGroup = RecordOf<typeof rewordingGroup>;

/** What the analysis found in a document: its ranked candidates and their rewording groups. */
export const documentAnalysis = z.object({ candidates: z.array(documentCandidate), groups: z.array(rewordingGroup) });
export type DocumentAnalysis = RecordOf<typeof documentAnalysis>;

/** The parts HTML markup can name (shared/domain/documents/html.ts); segmentation keeps the hint for the block. */
export const blockHintKind = segmentKind.extract(['headline', 'standfirst', 'byline', 'caption', 'pull_quote', 'read_more']);
/** What the markup says a block of the text is (offsets in the document's text). */
export const blockHint = z.object({ start: z.number().int(), end: z.number().int(), kind: blockHintKind });
export type BlockHint = RecordOf<typeof blockHint>;

/** One turn of a transcript, as submitted. */
export const speakerTurn = z.object({ speaker: z.string(), text: z.string() });
export type SpeakerTurn = RecordOf<typeof speakerTurn>;

/** What a submitter may say about a document (the appearance of claims submitted from it). */
export const documentMetadata = z.object({
  title: z.string().optional(),
  publisher: z.string().optional(),
  /** ISO date of publication (the appearance date of claims submitted from it). */
  publishedAt: z.string().optional(),
  /** Where the document appeared (the appearance URL of claims submitted from it). */
  url: z.string().optional(),
  language: z.string().optional(),
});
export type DocumentMetadata = RecordOf<typeof documentMetadata>;

/** What a submitter sends: text (plain or HTML), a transcript's turns, or only a URL to read (the API's DocumentSubmission adds the input rules). */
export const documentSubmission = documentMetadata.extend({ text: z.string().optional(), turns: z.array(speakerTurn).optional() });
export type DocumentSubmission = RecordOf<typeof documentSubmission>;

/**
 * A submitted document (article, press release, transcript) and what was found in it, as stored. Kept for a
 * configurable time (TTL), with its candidates, so a fact-checker can come back, pick claims and submit them.
 */
export const documentRecord = documentMetadata.extend({
  id: z.string(),
  status: documentStatus,
  source: documentSource,
  /** The document's plain text; segment offsets refer to it. */
  text: z.string(),
  /** HTML: what the markup said about blocks of the text. */
  hints: z.array(blockHint).optional(),
  /** Transcripts: the turns as submitted. */
  turns: z.array(speakerTurn).optional(),
  submittedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Epoch seconds after which the document and its candidates are deleted (DynamoDB's TTL). */
  expiresAt: z.number().int(),
  segments: z.array(documentSegment).optional(),
  analysis: documentAnalysis.optional(),
  /** Segment id → claim id, for candidates already submitted as claims. */
  submissions: z.record(z.string(), z.string()).optional(),
  /** Why processing failed, when it did. */
  failure: z.string().optional(),
});
export type FactDocument = RecordOf<typeof documentRecord>;

/** A document as the documents API answers it: the record's metadata, text and segments, its ranked candidates, links. */
const stored = documentRecord.shape;
export const documentView = z.object({
  id: stored.id,
  status: stored.status,
  source: stored.source,
  title: stored.title,
  publisher: stored.publisher,
  publishedAt: stored.publishedAt,
  url: stored.url,
  language: stored.language,
  submittedBy: stored.submittedBy,
  createdAt: stored.createdAt,
  updatedAt: stored.updatedAt,
  /** ISO 8601: when the document and its candidates are deleted. */
  expiresAt: z.string(),
  /** Length of `text`. */
  characters: z.number().int(),
  text: stored.text,
  failure: stored.failure,
  candidates: z.array(documentCandidateView),
  groups: documentAnalysis.shape.groups,
  segments: stored.segments.unwrap(),
  links: z.object({ self: z.string(), claims: z.string() }),
});

/** A candidate a fact-checker picks to submit as a claim, optionally edited (the API's CandidatePick adds the input rules). */
export const candidatePick = z.object({
  segmentId: z.string(),
  /** The statement as edited by the fact-checker; the candidate's statement otherwise. */
  statement: z.string().optional(),
  claimant: claimant.optional(),
  tags: z.array(z.string()).optional(),
  priority: priority.optional(),
});
export type CandidatePick = RecordOf<typeof candidatePick>;

/** What became of one pick: the claim it was submitted as. */
export const pickOutcome = z.object({ segmentId: z.string(), claimId: z.string(), created: z.boolean() });
export type PickOutcome = RecordOf<typeof pickOutcome>;

/** What submitting a document's candidates as claims answered, one entry per pick. */
export const documentClaimsResult = z.object({ claims: z.array(pickOutcome.extend({ link: z.string() })) });

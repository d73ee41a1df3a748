/** Document contracts (issue 14): what a submitted article or transcript is cut into, and its lifecycle. */
import * as z from 'zod';

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

/**
 * A submitted document (article, press release, transcript) and what was found in it. Kept for a configurable time
 * (TTL), with its candidates, so a fact-checker can come back, pick claims and submit them.
 */
import type { DocumentSourceKind, DocumentStatus } from '../../contracts/index.ts';
import type { IdempotencyClaim } from '../ports.ts';
import type { DocumentAnalysis } from './analysis.ts';
import type { BlockHint } from './html.ts';
import type { Segment, SpeakerTurn } from './segmentation.ts';

export type { DocumentSourceKind, DocumentStatus };

export interface DocumentMetadata {
  title?: string;
  publisher?: string;
  /** ISO date of publication (the appearance date of claims submitted from it). */
  publishedAt?: string;
  /** Where the document appeared (the appearance URL of claims submitted from it). */
  url?: string;
  language?: string;
}

export interface FactDocument extends DocumentMetadata {
  id: string;
  status: DocumentStatus;
  source: DocumentSourceKind;
  /** The document's plain text; segment offsets refer to it. */
  text: string;
  /** HTML: what the markup said about blocks of the text. */
  hints?: BlockHint[];
  /** Transcripts: the turns as submitted. */
  turns?: SpeakerTurn[];
  submittedBy: string;
  createdAt: string;
  updatedAt: string;
  /** Epoch seconds after which the document and its candidates are deleted. */
  expiresAt: number;
  segments?: Segment[];
  analysis?: DocumentAnalysis;
  /** Segment id → claim id, for candidates already submitted as claims. */
  submissions?: Record<string, string>;
  /** Why processing failed, when it did. */
  failure?: string;
}

/** Where documents live. Implemented over DynamoDB (adapters/dynamodb/document-repository.ts). */
export interface DocumentRepository {
  /**
   * Stores a new document. With an idempotency key, the document and the key are written atomically: a repeat
   * returns the document first created (`created: false`); the same key with another body throws
   * DomainError('idempotency_mismatch').
   */
  create(document: FactDocument, idempotency?: IdempotencyClaim): Promise<{ document: FactDocument; created: boolean }>;
  get(id: string): Promise<FactDocument | null>;
  /** Replaces the document's processing result (status, segments, analysis) in one write. */
  saveResult(document: FactDocument): Promise<void>;
  /** Records that a segment was submitted as a claim. */
  recordSubmission(id: string, segmentId: string, claimId: string, at: string): Promise<void>;
}

/** Starts asynchronous processing of a stored document (Step Functions on AWS, in-process locally). */
export interface DocumentProcessingQueue {
  enqueue(documentId: string): Promise<void>;
}

/**
 * Documents: where they are kept and how their processing is started (the ports). The document itself, its
 * segments and its analysis are records defined once, in shared/contracts/document.ts; these are their types.
 */
import type { FactDocument } from '../../contracts/index.ts';
import type { IdempotencyClaim } from '../ports.ts';

export type { DocumentMetadata, DocumentSourceKind, DocumentStatus, FactDocument } from '../../contracts/index.ts';

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

/**
 * The document processor: a Lambda invoked asynchronously by the API for documents too long to process inside the
 * request (infra/constructs/document-processing.ts; locally the same handler, invoked through the local Lambda
 * service). Segments, scores and matches the stored document, saves the result and sends `document.processed`.
 * A transient failure (DynamoDB unavailable) is thrown, so Lambda retries the event; any other failure is recorded
 * on the document by processDocument. An event for a document that is gone (expired) is dropped.
 */
import { documentProcessingEvent } from '../../shared/contracts/index.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { processDocument } from '../../shared/domain/services/documents.ts';
import { instrumented } from '../commons/lambda-handler.ts';
import { annotateTrace } from '../commons/observability.ts';
import { ensureRuntime, logger } from '../commons/runtime.ts';

// Logging context, metrics and tracing: the Powertools middleware (functions/commons/lambda-handler.ts).
export const handler = instrumented(async (event: unknown): Promise<{ documentId: string; status: string }> => {
  const parsed = documentProcessingEvent.safeParse(event);
  if (!parsed.success) {
    // Retrying a malformed event cannot help: log it (without its content) and drop it.
    logger.error('invalid document processing event', { issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    return { documentId: '', status: 'invalid_event' };
  }
  const { documentId } = parsed.data;
  const started = Date.now();
  try {
    const rt = await ensureRuntime();
    annotateTrace({ documentId });
    const done = await processDocument(rt.services, rt.documents, documentId);
    logger.info('document processed', { documentId, status: done.status, durationMs: Date.now() - started });
    return { documentId, status: done.status };
  } catch (err) {
    if (err instanceof DomainError && err.kind === 'not_found') {
      logger.warn('document to process is gone', { documentId });
      return { documentId, status: 'gone' };
    }
    logger.error('document processing failed; Lambda retries the event', { documentId, error: err instanceof Error ? err.name : 'unknown' });
    throw err;
  }
});

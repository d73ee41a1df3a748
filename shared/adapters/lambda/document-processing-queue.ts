/**
 * Long documents are processed outside the API request: the API stores the document and invokes the processor
 * function asynchronously (InvocationType `Event`: Lambda queues the event, answers 202 at once, and retries a failed
 * run twice). Locally the same call reaches the local Lambda service (AWS_ENDPOINT_URL_LAMBDA, infra/local/lambda-service.ts),
 * which runs the very handler deployed to AWS.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { DocumentProcessingEvent } from '../../contracts/index.ts';
import type { DocumentProcessingQueue } from '../../domain/documents/document.ts';
import { DomainError } from '../../domain/errors.ts';
import { awsClientConfig } from '../aws-clients.ts';

export class LambdaDocumentProcessingQueue implements DocumentProcessingQueue {
  private client: Promise<LambdaClient> | undefined;

  /** @param functionName the processor's name or ARN (DOCUMENT_PROCESSOR_FUNCTION, set by infra/constructs/document-processing.ts) */
  constructor(private readonly functionName: string | undefined) {}

  /** The Lambda client is loaded on first use: most API cold starts never enqueue a document. */
  private lambda(): Promise<LambdaClient> {
    this.client ??= import('@aws-sdk/client-lambda').then(({ LambdaClient }) => new LambdaClient(awsClientConfig()));
    return this.client;
  }

  async enqueue(documentId: string): Promise<void> {
    if (!this.functionName) throw new DomainError('unavailable', 'no document processor is configured (DOCUMENT_PROCESSOR_FUNCTION)');
    const { InvokeCommand } = await import('@aws-sdk/client-lambda');
    const event: DocumentProcessingEvent = { documentId };
    try {
      const out = await (await this.lambda()).send(
        new InvokeCommand({ FunctionName: this.functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(event)) }),
      );
      if (out.StatusCode !== 202) throw new Error(`asynchronous invocation answered ${out.StatusCode}`);
    } catch (err) {
      // The document is stored and still "processing": a retry with the same Idempotency-Key enqueues it again.
      throw new DomainError('unavailable', `the document could not be queued for processing (${err instanceof Error ? err.name : 'unknown'}); retry`);
    }
  }
}

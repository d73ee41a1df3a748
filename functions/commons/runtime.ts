/**
 * The composition root of the API and the document processor: the core (./core-runtime.ts: configuration, the
 * table, the domain's services) plus what only they use, principals, reviewer integrations, documents and the
 * archive store, built from the core's one DynamoDB client. Built once per process (per Lambda cold start, or
 * once for the local stack). Every other function builds the core alone (ensureCoreRuntime), so its bundle does
 * not hold these adapters.
 */
import { cachedRuntime, type CoreRuntime, createCoreRuntime, ensureProcessRuntime, type RuntimeOptions, setRuntime } from './core-runtime.ts';
import { DynamoArchiveStore } from '../../shared/adapters/dynamodb/archive-store.ts';
import type { ArchiveStore } from '../../shared/domain/archive/import-archive.ts';
import { DynamoPrincipalRepository } from '../../shared/adapters/dynamodb/principal-repository.ts';
import type { PrincipalRepository } from '../../shared/domain/principals.ts';
import type { ReviewerIntegrationRepository } from '../../shared/domain/reviewer-integrations.ts';
import { DynamoReviewerIntegrationRepository } from '../../shared/adapters/dynamodb/reviewer-integration-repository.ts';
import { logger } from './observability.ts';
import { DynamoDocumentRepository } from '../../shared/adapters/dynamodb/document-repository.ts';
import { GuardedPageFetcher } from '../../shared/adapters/documents/page-fetcher.ts';
import { IndexClaimMatcher, TriageCheckWorthinessScorer } from '../../shared/adapters/documents/triage-ports.ts';
// Installs the lazy check-worthiness model loader: retriage and document analysis score in this runtime (read on first use).
import '../../shared/adapters/check-worthiness-model.ts';
import { WebhookTargetValidator } from '../../shared/adapters/webhooks/target-validation.ts';
import type { DocumentServices } from '../../shared/domain/services/documents.ts';
import { LambdaDocumentProcessingQueue } from '../../shared/adapters/lambda/document-processing-queue.ts';

export { logger, setRuntime };
export type { CoreRuntime, RuntimeOptions };

export interface Runtime extends CoreRuntime {
  principals: PrincipalRepository;
  /** Reviewer integrations: their signing secrets and the reviewers each may speak for. */
  integrations: ReviewerIntegrationRepository;
  /** Documents (articles, transcripts) and their candidates. */
  documents: DocumentServices;
  /** Imported (archived) verdicts. */
  archive: ArchiveStore;
}

export function createRuntime(envVars: Record<string, string | undefined> = process.env, options: RuntimeOptions = {}): Runtime {
  const core = createCoreRuntime(envVars, options);
  const { env, table, services } = core;
  const documents: DocumentServices = {
    documents: new DynamoDocumentRepository(table),
    scorer: new TriageCheckWorthinessScorer(),
    // Triage's duplicate threshold: a candidate is "already checked" exactly when triage would call it a duplicate.
    matcher: new IndexClaimMatcher(services.similarClaims, services.verdicts, services.settings.triageThresholds.duplicate),
    fetcher: new GuardedPageFetcher(new WebhookTargetValidator({ allowPrivate: env.ALLOW_PRIVATE_WEBHOOK_TARGETS === 'true' }), {
      timeoutMs: env.DOCUMENT_FETCH_TIMEOUT_MS,
      maxBytes: env.DOCUMENT_FETCH_MAX_BYTES,
    }),
    // Long documents go to the processor function, invoked asynchronously, on AWS and locally alike.
    queue: new LambdaDocumentProcessingQueue(env.DOCUMENT_PROCESSOR_FUNCTION),
    settings: {
      maxChars: env.DOCUMENT_MAX_CHARS,
      maxTurns: env.DOCUMENT_MAX_TURNS,
      syncMaxChars: env.DOCUMENT_SYNC_MAX_CHARS,
      ttlSeconds: env.DOCUMENT_TTL_SECONDS,
      processedWebhook: env.DOCUMENT_WEBHOOK_URL && env.DOCUMENT_WEBHOOK_SECRET ? { url: env.DOCUMENT_WEBHOOK_URL, secret: env.DOCUMENT_WEBHOOK_SECRET } : null,
    },
  };
  return {
    ...core,
    principals: new DynamoPrincipalRepository(table),
    integrations: new DynamoReviewerIntegrationRepository(table),
    documents,
    archive: new DynamoArchiveStore(table),
  };
}

function isFull(rt: CoreRuntime): rt is Runtime {
  return 'principals' in rt;
}

/**
 * The process-wide runtime, built on first use. On AWS (SECRETS_ARN set) it is built by ensureRuntime(),
 * which every handler awaits first; reaching here before that would mean running without the secrets.
 */
export function runtime(): Runtime {
  const cached = cachedRuntime();
  if (cached && isFull(cached)) return cached;
  if (process.env.SECRETS_ARN) throw new Error('runtime() called before ensureRuntime() loaded the secrets');
  const built = createRuntime();
  setRuntime(built);
  return built;
}

/**
 * The API and the document processor await this first. Locally (no SECRETS_ARN) the secrets are in the environment;
 * on AWS the secret is read once per cold start (./core-runtime.ts).
 */
export function ensureRuntime(): Promise<Runtime> {
  return ensureProcessRuntime(createRuntime, isFull);
}

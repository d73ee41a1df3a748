/**
 * The composition root: builds the domain's services from configuration, once per process (per Lambda
 * cold start, or once for the local stack). Handlers get everything from here.
 */
import { monotonicFactory } from 'ulid';
import { ArchiveEvidenceProvider } from '../../shared/adapters/evidence/archive.ts';
import { externalProvidersFromConfig } from '../../shared/adapters/evidence/configured-providers.ts';
import { awsCallBudget, awsClientConfig } from '../../shared/adapters/aws-clients.ts';
import { CursorCodec } from '../../shared/adapters/cursor.ts';
import { DynamoClaimRepository } from '../../shared/adapters/dynamodb/claim-repository.ts';
import { DynamoPrincipalRepository } from '../../shared/adapters/dynamodb/principal-repository.ts';
import { DynamoReviewRepository } from '../../shared/adapters/dynamodb/review-repository.ts';
import { DynamoSimilarClaimIndex } from '../../shared/adapters/dynamodb/similar-claim-index.ts';
import { DynamoArchiveStore } from '../../shared/adapters/dynamodb/archive-store.ts';
import type { ArchiveStore } from '../../shared/domain/archive/import-archive.ts';
import { createDocumentClient, type TableContext } from '../../shared/adapters/dynamodb/table.ts';
import { DynamoVerdictRepository } from '../../shared/adapters/dynamodb/verdict-repository.ts';
import { StepFunctionsWorkflowEngine } from '../../shared/adapters/step-functions/workflow-engine.ts';
import { StandardWebhookSender } from '../../shared/adapters/webhooks/webhook-sender.ts';
import { enabledProviderNames, readEnvironment, settingsFrom, type Environment } from '../../shared/config.ts';
import type { PrincipalRepository } from '../../shared/domain/principals.ts';
import type { ReviewerIntegrationRepository } from '../../shared/domain/reviewer-integrations.ts';
import { DynamoReviewerIntegrationRepository } from '../../shared/adapters/dynamodb/reviewer-integration-repository.ts';
import type { Services } from '../../shared/domain/services/context.ts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHmac } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { activeTracer, loadTracer, logger } from './observability.ts';
import { DynamoDocumentRepository } from '../../shared/adapters/dynamodb/document-repository.ts';
import { GuardedPageFetcher } from '../../shared/adapters/documents/page-fetcher.ts';
import { IndexClaimMatcher, TriageCheckWorthinessScorer } from '../../shared/adapters/documents/triage-ports.ts';
// Installs the lazy check-worthiness model loader: retriage and document analysis score in this runtime (read on first use).
import '../../shared/adapters/check-worthiness-model.ts';
import { WebhookTargetValidator } from '../../shared/adapters/webhooks/target-validation.ts';
import type { DocumentServices } from '../../shared/domain/services/documents.ts';
import { LambdaDocumentProcessingQueue } from '../../shared/adapters/lambda/document-processing-queue.ts';

export { logger };

export interface Runtime {
  env: Environment;
  services: Services;
  principals: PrincipalRepository;
  /** Reviewer integrations: their signing secrets and the reviewers each may speak for. */
  integrations: ReviewerIntegrationRepository;
  /** Server-side pepper for API-key hashes. */
  pepper: string;
  /** Documents (articles, transcripts) and their candidates. */
  documents: DocumentServices;
  /** Imported (archived) verdicts. */
  archive: ArchiveStore;
}

/** A fixed development pepper keeps local keys stable across restarts; AWS always supplies a real one. */
const LOCAL_DEVELOPMENT_PEPPER = 'factflow-local-development-pepper-not-for-production';

export interface RuntimeOptions {
  /** Added to the DynamoDB client's middleware stack (the benchmark counts consumed capacity with it). */
  dynamoMiddleware?: Parameters<DynamoDBDocumentClient['middlewareStack']['use']>[0];
}

export function createRuntime(envVars: Record<string, string | undefined> = process.env, options: RuntimeOptions = {}): Runtime {
  const env = readEnvironment(envVars);
  // DynamoDB calls appear as X-Ray subsegments when tracing is active (ensureRuntime loaded the tracer first).
  const dynamo = new DynamoDBClient(awsClientConfig(awsCallBudget(envVars)));
  const table: TableContext = {
    doc: createDocumentClient(activeTracer()?.captureAWSv3Client(dynamo) ?? dynamo),
    tableName: env.TABLE_NAME,
  };
  if (options.dynamoMiddleware) table.doc.middlewareStack.use(options.dynamoMiddleware);
  const pepper = env.API_KEY_PEPPER ?? LOCAL_DEVELOPMENT_PEPPER;
  const cursors = new CursorCodec(createHmac('sha256', pepper).update('cursor-signing').digest('hex'));
  const claims = new DynamoClaimRepository(table, cursors);
  const reviews = new DynamoReviewRepository(table);
  const verdicts = new DynamoVerdictRepository(table);
  const similarClaims = new DynamoSimilarClaimIndex(table);
  const external = externalProvidersFromConfig(envVars);
  const settings = settingsFrom(
    env,
    enabledProviderNames(
      env,
      external.map((p) => p.name),
    ),
  );
  const archive = new ArchiveEvidenceProvider(similarClaims, verdicts, settings.publicBaseUrl);
  const ulid = monotonicFactory();
  const services: Services = {
    claims,
    reviews,
    verdicts,
    similarClaims,
    // The Step Functions client is loaded on its first call (most invocations never make one).
    workflow: new StepFunctionsWorkflowEngine(env.STATE_MACHINE_ARN, awsClientConfig(awsCallBudget(envVars))),
    webhooks: new StandardWebhookSender(),
    providers: [archive, ...external],
    clock: { now: () => new Date() },
    ids: { next: () => ulid() },
    settings,
  };
  const documents: DocumentServices = {
    documents: new DynamoDocumentRepository(table),
    scorer: new TriageCheckWorthinessScorer(),
    // Triage's duplicate threshold: a candidate is "already checked" exactly when triage would call it a duplicate.
    matcher: new IndexClaimMatcher(similarClaims, verdicts, settings.triageThresholds.duplicate),
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
    env,
    pepper,
    principals: new DynamoPrincipalRepository(table),
    integrations: new DynamoReviewerIntegrationRepository(table),
    services,
    documents,
    archive: new DynamoArchiveStore(table),
  };
}

let cached: Runtime | undefined;

/**
 * The process-wide runtime, built on first use. On AWS (SECRETS_ARN set) it is built by ensureRuntime(),
 * which every handler awaits first; reaching here before that would mean running without the secrets.
 */
export function runtime(): Runtime {
  if (!cached && process.env.SECRETS_ARN) throw new Error('runtime() called before ensureRuntime() loaded the secrets');
  cached ??= createRuntime();
  return cached;
}

let loading: Promise<Runtime> | undefined;

/**
 * Every handler awaits this first. Locally (no SECRETS_ARN) the secrets are in the environment and this
 * is runtime(). On AWS it reads the Secrets Manager secret once per cold start (concurrent callers share
 * the one read; a failed read is retried by the next invocation) and builds the runtime from it.
 */
export async function ensureRuntime(): Promise<Runtime> {
  if (cached) return cached;
  const secretArn = process.env.SECRETS_ARN;
  if (!secretArn) {
    await loadTracer();
    return runtime();
  }
  // The tracer (when tracing is active) loads while the secret is read.
  loading ??= Promise.all([import('./secrets.ts').then(({ loadSecrets }) => loadSecrets(secretArn)), loadTracer()])
    .then(([secrets]) => (cached = createRuntime({ ...process.env, ...secrets })))
    .finally(() => {
      loading = undefined;
    });
  return loading;
}

/** For the local stack and tests, which build runtimes with their own settings. */
export function setRuntime(r: Runtime | undefined): void {
  cached = r;
}

/**
 * The composition root's core: configuration, the one (traced) DynamoDB client and the domain's services. It is
 * the whole root of every function except the API and the document processor, which build the rest of it on top
 * (./runtime.ts: principals, reviewer integrations, documents, the archive store). A function's bundle holds only
 * what its root imports, and what a bundle holds is read and compiled at every cold start, so this module imports
 * nothing most workflow steps do not use: adapters only some functions call are loaded on their first call, each
 * from a chunk of its own (infra/constructs/bundling.ts): the similar-claim index (with the matching code and the
 * triage lexicons under it: triage and publishing use it), the webhook signer (review requests), the archive
 * evidence provider (source gathering) and the Step Functions client (the API, the reconciler).
 *
 * One runtime per process (per Lambda cold start, or one for the local stack), built on first use; the cache is
 * shared with ./runtime.ts, so the local stack's full runtime serves the workflow functions too.
 */
import { createHmac } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { awsCallBudget, awsClientConfig } from '../../shared/adapters/aws-clients.ts';
import { CursorCodec } from '../../shared/adapters/cursor.ts';
import { DynamoClaimRepository } from '../../shared/adapters/dynamodb/claim-repository.ts';
import { DynamoReviewRepository } from '../../shared/adapters/dynamodb/review-repository.ts';
import { createDocumentClient, type TableContext } from '../../shared/adapters/dynamodb/table.ts';
import { DynamoVerdictRepository } from '../../shared/adapters/dynamodb/verdict-repository.ts';
import { externalProvidersFromConfig } from '../../shared/adapters/evidence/configured-providers.ts';
import { StepFunctionsWorkflowEngine } from '../../shared/adapters/step-functions/workflow-engine.ts';
import { type Environment, enabledProviderNames, readEnvironment, settingsFrom } from '../../shared/config.ts';
import type { EvidenceProvider } from '../../shared/domain/evidence.ts';
import type { IndexedClaim, SimilarClaimIndex, SimilarClaims, VerdictRepository, WebhookSender } from '../../shared/domain/ports.ts';
import type { ClaimSignature } from '../../shared/domain/triage/types.ts';
import type { Services } from '../../shared/domain/services/context.ts';
import { activeTracer, loadTracer } from './observability.ts';

export interface CoreRuntime {
  env: Environment;
  services: Services;
  /** Server-side pepper for API-key hashes (and the seed of the cursor signing keys). */
  pepper: string;
  /** The single table through the process's one DynamoDB client (traced when tracing is active). */
  table: TableContext;
}

/** A fixed development pepper keeps local keys stable across restarts; AWS always supplies a real one. */
const LOCAL_DEVELOPMENT_PEPPER = 'factflow-local-development-pepper-not-for-production';

export interface RuntimeOptions {
  /** Added to the DynamoDB client's middleware stack (the benchmark counts consumed capacity with it). */
  dynamoMiddleware?: Parameters<DynamoDBDocumentClient['middlewareStack']['use']>[0];
}

/** The similar-claim index, its code loaded on the first call. */
class LazySimilarClaimIndex implements SimilarClaimIndex {
  private loaded: Promise<SimilarClaimIndex> | undefined;
  constructor(private readonly table: TableContext) {}
  private index(): Promise<SimilarClaimIndex> {
    this.loaded ??= import('../../shared/adapters/dynamodb/similar-claim-index.ts').then(
      ({ DynamoSimilarClaimIndex }) => new DynamoSimilarClaimIndex(this.table),
    );
    return this.loaded;
  }
  async add(entry: IndexedClaim, lookup?: SimilarClaims): Promise<void> {
    return (await this.index()).add(entry, lookup);
  }
  async candidates(signature: ClaimSignature, limit: number): Promise<SimilarClaims> {
    return (await this.index()).candidates(signature, limit);
  }
  async reserveFingerprint(fingerprint: string, claimId: string, replacing?: string): Promise<string> {
    return (await this.index()).reserveFingerprint(fingerprint, claimId, replacing);
  }
}

/** Standard Webhooks signing and sending, its code (the signer, its SHA-256) loaded on the first message. */
function lazyWebhookSender(): WebhookSender {
  let loaded: Promise<WebhookSender> | undefined;
  return {
    async send(target, message) {
      loaded ??= import('../../shared/adapters/webhooks/webhook-sender.ts').then(({ StandardWebhookSender }) => new StandardWebhookSender());
      return (await loaded).send(target, message);
    },
  };
}

/** Our archive of verdicts as an evidence provider, its code (the re-ranker, triage's signature) loaded on its first search. */
function archiveProvider(index: SimilarClaimIndex, verdicts: VerdictRepository, publicBaseUrl: string): EvidenceProvider {
  let loaded: Promise<EvidenceProvider> | undefined;
  return {
    name: 'archive',
    async search(query, signal) {
      loaded ??= import('../../shared/adapters/evidence/archive.ts').then(
        ({ ArchiveEvidenceProvider }) => new ArchiveEvidenceProvider(index, verdicts, publicBaseUrl),
      );
      return (await loaded).search(query, signal);
    },
  };
}

export function createCoreRuntime(envVars: Record<string, string | undefined> = process.env, options: RuntimeOptions = {}): CoreRuntime {
  const env = readEnvironment(envVars);
  // DynamoDB calls appear as X-Ray subsegments when tracing is active (the ensure functions load the tracer first).
  const dynamo = new DynamoDBClient(awsClientConfig(awsCallBudget(envVars)));
  const table: TableContext = {
    doc: createDocumentClient(activeTracer()?.captureAWSv3Client(dynamo) ?? dynamo),
    tableName: env.TABLE_NAME,
  };
  if (options.dynamoMiddleware) table.doc.middlewareStack.use(options.dynamoMiddleware);
  const pepper = env.API_KEY_PEPPER ?? LOCAL_DEVELOPMENT_PEPPER;
  const cursors = new CursorCodec(createHmac('sha256', pepper).update('cursor-signing').digest('hex'));
  const verdicts = new DynamoVerdictRepository(table);
  const similarClaims = new LazySimilarClaimIndex(table);
  const external = externalProvidersFromConfig(envVars);
  const settings = settingsFrom(
    env,
    enabledProviderNames(
      env,
      external.map((p) => p.name),
    ),
  );
  const ulid = monotonicFactory();
  const services: Services = {
    claims: new DynamoClaimRepository(table, cursors),
    reviews: new DynamoReviewRepository(table),
    verdicts,
    similarClaims,
    // The Step Functions client is loaded on its first call (most invocations never make one).
    workflow: new StepFunctionsWorkflowEngine(env.STATE_MACHINE_ARN, awsClientConfig(awsCallBudget(envVars))),
    webhooks: lazyWebhookSender(),
    providers: [archiveProvider(similarClaims, verdicts, settings.publicBaseUrl), ...external],
    clock: { now: () => new Date() },
    ids: { next: () => ulid() },
    settings,
  };
  return { env, pepper, table, services };
}

let cached: CoreRuntime | undefined;
let loading: Promise<CoreRuntime> | undefined;

/**
 * The process-wide runtime, built by `build` unless one that `fits` is already there. On AWS (SECRETS_ARN set) the
 * Secrets Manager secret is read once per cold start (concurrent callers share the one read; a failed read is
 * retried by the next invocation) and the runtime is built from it; locally the secrets are in the environment.
 */
export async function ensureProcessRuntime<R extends CoreRuntime>(
  build: (envVars: Record<string, string | undefined>) => R,
  fits: (rt: CoreRuntime) => rt is R,
): Promise<R> {
  if (cached && fits(cached)) return cached;
  const secretArn = process.env.SECRETS_ARN;
  if (!secretArn) {
    await loadTracer();
    const built = build(process.env);
    cached = built;
    return built;
  }
  // The tracer (when tracing is active) loads while the secret is read.
  loading ??= Promise.all([import('./secrets.ts').then(({ loadSecrets }) => loadSecrets(secretArn)), loadTracer()])
    .then(([secrets]) => (cached = build({ ...process.env, ...secrets })))
    .finally(() => {
      loading = undefined;
    });
  const built = await loading;
  if (!fits(built)) throw new Error('a runtime of another kind was built concurrently in this process');
  return built;
}

/** The runtime cached in this process, if any (./runtime.ts's synchronous runtime()). */
export function cachedRuntime(): CoreRuntime | undefined {
  return cached;
}

/** For the local stack and tests, which build runtimes with their own settings. */
export function setRuntime(r: CoreRuntime | undefined): void {
  cached = r;
}

/** Every function but the API and the document processor awaits this first (the workflow steps, maintenance, partner deliveries). */
export function ensureCoreRuntime(): Promise<CoreRuntime> {
  return ensureProcessRuntime(createCoreRuntime, (rt): rt is CoreRuntime => true);
}

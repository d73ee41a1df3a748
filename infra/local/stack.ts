/**
 * The local stack, shaped like AWS: DynamoDB Local, a local Step Functions service running the ASL
 * synthesized from infra/ (its Tasks invoking the very Lambda handlers deployed to AWS), and the Hono API
 * on @hono/node-server. The application reaches DynamoDB and Step Functions through the standard SDK
 * endpoint variables (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SFN); nothing else differs from AWS.
 */
import { retryReviewRequests } from '../../shared/domain/services/review-delivery.ts';
import { serve, type ServerType } from '@hono/node-server';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from '../../functions/api/app.ts';
import { createRuntime, setRuntime, type Runtime } from '../../functions/commons/runtime.ts';
import { startPendingWorkflows } from '../../shared/domain/services/submission.ts';
import { runPartnerDeliveries } from '../../shared/domain/services/partners/delivery-worker.ts';
import { partnerRuntime } from '../../functions/partners/context.ts';
import {
  eventRules,
  expressStateMachines,
  functionEntries,
  functionReferences,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  stateMachineDefinition,
  synthesizeTemplate,
  type CloudTemplate,
} from './cloud-template.ts';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts';
import { LocalLambdaRuntime } from './lambda-runtime.ts';
import { serveLambda, type LocalLambdaService } from './lambda-service.ts';
import { seedLocalPrincipals, type LocalKeys } from './principals.ts';
import { startReviewerInbox, type ReceivedRequest, type ReviewerInbox } from './reviewer-inbox.ts';
import { LocalStepFunctionsEngine } from './step-functions/engine.ts';
import { ensurePrivateDataDir, removeRunningStack, writeRunningStack } from './running-stack.ts';
import { serveStepFunctions, type LocalStepFunctionsService } from './step-functions/service.ts';
import { matchesPattern } from './step-functions/status-events.ts';
import { ensureTable } from './tables.ts';

export const LOCAL_STATE_MACHINE_ARN = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:factflow-claims`;

export interface LocalStackOptions {
  /** API port; 0 picks a free one. */
  port?: number;
  stepFunctionsPort?: number;
  /** Use an already running DynamoDB Local instead of starting one (tests share one per run). */
  dynamoEndpoint?: string;
  /** Port for the DynamoDB Local this stack starts; 0 or absent picks a free one. */
  dynamoPort?: number;
  /** Persist DynamoDB data and local secrets here (npm start); omit for in-memory. */
  dataDir?: string;
  tableName?: string;
  /** Extra environment for the functions (thresholds, deadlines, provider settings). */
  env?: Record<string, string>;
  /** Where review requests go; by default a local reviewer inbox is started. */
  reviewerWebhookUrl?: string;
  /** Pre-synthesized template (tests synthesize once per run). */
  template?: CloudTemplate;
  onReviewRequest?: (r: ReceivedRequest) => void;
  /** Port of the local reviewer inbox; 0 picks a free one. */
  reviewerInboxPort?: number;
  reconcileEveryMs?: number;
  /** How often the partner delivery worker runs locally (default 2 s). */
  partnerDeliveryEveryMs?: number;
  /** Wait before the local Lambda service retries a failed asynchronous invocation (default 500 ms, doubled each time). */
  lambdaRetryDelayMs?: number;
}

export interface LocalStack {
  apiUrl: string;
  stepFunctionsEndpoint: string;
  dynamoEndpoint: string;
  tableName: string;
  stateMachineArn: string;
  keys: LocalKeys;
  secrets: LocalSecrets;
  reviewerInbox: ReviewerInbox | null;
  engine: LocalStepFunctionsEngine;
  /** The local Lambda Invoke API (asynchronous invocations such as the document processor's). */
  lambda: LocalLambdaService;
  runtime: Runtime;
  /** Names of executions resumed from the data folder on this start. */
  resumedExecutions: string[];
  stop(): Promise<void>;
}

export interface LocalSecrets {
  reviewRequestSecret: string;
  reviewDecisionSecret: string;
  apiKeyPepper: string;
}

function whsec(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

function loadSecrets(dataDir: string | undefined): LocalSecrets {
  const file = dataDir && path.join(dataDir, 'local-secrets.json');
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const secrets = { reviewRequestSecret: whsec(), reviewDecisionSecret: whsec(), apiKeyPepper: randomBytes(32).toString('base64url') };
  if (file) {
    ensurePrivateDataDir(dataDir);
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    // Owner-only before DynamoDB Local writes its files into it (it cannot be bound to loopback).
    if (opts.dataDir) ensurePrivateDataDir(opts.dataDir);
    const [dynamo, template] = await Promise.all([
      opts.dynamoEndpoint
        ? Promise.resolve<DynamoDbLocal | null>(null)
        : startDynamoDbLocal({
            ...(opts.dataDir ? { dataDir: path.join(opts.dataDir, 'dynamodb') } : {}),
            ...(opts.dynamoPort ? { port: opts.dynamoPort } : {}),
          }),
      opts.template ? Promise.resolve(opts.template) : synthesizeTemplate(),
    ]);
    if (dynamo) stops.push(() => dynamo.stop());
    const dynamoEndpoint = opts.dynamoEndpoint ?? dynamo!.endpoint;
    const secrets = loadSecrets(opts.dataDir);
    const tableName = opts.tableName ?? 'factflow-local';

    // Dummy credentials: DynamoDB Local (shared database) and the local Step Functions ignore them.
    process.env.AWS_REGION = LOCAL_REGION;
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamoEndpoint;
    await ensureTable(new DynamoDBClient({}), template, tableName);

    const lambdas = new LocalLambdaRuntime(functionEntries(template));
    const engine = new LocalStepFunctionsEngine(
      LOCAL_STATE_MACHINE_ARN,
      stateMachineDefinition(template),
      lambdas,
      opts.dataDir ? path.join(opts.dataDir, 'step-functions', `${tableName}.json`) : undefined,
      expressStateMachines(template),
    );
    // EventBridge: the template's rules on execution status changes invoke their functions, as on AWS
    // (a few retries stand in for EventBridge's).
    const rules = eventRules(template, LOCAL_STATE_MACHINE_ARN);
    engine.onStatusChange(async (event) => {
      for (const rule of rules.filter((r) => matchesPattern(r.pattern, event))) {
        for (const fn of rule.functions) {
          for (let attempt = 1; attempt <= 3; attempt++) {
            try {
              await lambdas.invoke(fn, event);
              break;
            } catch {
              await new Promise((r) => setTimeout(r, 200 * attempt));
            }
          }
        }
      }
    });
    const sfn: LocalStepFunctionsService = await serveStepFunctions(engine, opts.stepFunctionsPort ?? 0);
    stops.push(() => sfn.close());
    stops.push(() => engine.close());
    process.env.AWS_ENDPOINT_URL_SFN = sfn.endpoint;

    // Lambda's Invoke API: the API invokes the document processor asynchronously through it, as on AWS.
    const lambdaService = await serveLambda(lambdas, template, opts.lambdaRetryDelayMs !== undefined ? { retryDelayMs: opts.lambdaRetryDelayMs } : {});
    stops.push(() => lambdaService.close());
    process.env.AWS_ENDPOINT_URL_LAMBDA = lambdaService.endpoint;

    const inbox = opts.reviewerWebhookUrl
      ? null
      : await startReviewerInbox(secrets.reviewRequestSecret, {
          port: opts.reviewerInboxPort ?? 0,
          ...(opts.onReviewRequest ? { onRequest: opts.onReviewRequest } : {}),
        });
    if (inbox) stops.push(() => inbox.close());

    const apiPort = opts.port ?? 0;
    const env: Record<string, string> = {
      TABLE_NAME: tableName,
      STATE_MACHINE_ARN: LOCAL_STATE_MACHINE_ARN,
      REVIEWER_WEBHOOK_URL: opts.reviewerWebhookUrl ?? inbox!.url,
      REVIEW_REQUEST_SECRET: secrets.reviewRequestSecret,
      REVIEW_DECISION_SECRET: secrets.reviewDecisionSecret,
      API_KEY_PEPPER: secrets.apiKeyPepper,
      // Names of the functions the API invokes (the document processor), as the template gives them to it on AWS.
      ...functionReferences(template, 'functions/api/handler.ts'),
      ...opts.env,
    };
    // Set before the server starts, so PUBLIC_BASE_URL can be completed once the port is known.
    Object.assign(process.env, env);

    let server: ServerType | undefined;
    const boundPort = await new Promise<number>((resolve) => {
      // The node server's env ({ incoming }) reaches the app, which reads the client's address from it.
      server = serve({ fetch: (req, env) => app.fetch(req, env), port: apiPort, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
    });
    const apiUrl = `http://localhost:${boundPort}`;
    if (!opts.env?.PUBLIC_BASE_URL) process.env.PUBLIC_BASE_URL = apiUrl;
    const runtime = createRuntime(process.env);
    setRuntime(runtime);
    const app = createApp(() => runtime);
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          const s = server as unknown as { closeAllConnections?: () => void; close: (cb: () => void) => void };
          s.closeAllConnections?.();
          s.close(() => resolve());
        }),
    );

    const keys = await seedLocalPrincipals(runtime.principals, runtime.pepper, opts.dataDir && path.join(opts.dataDir, 'local-keys.json'));

    // Executions that were running when the stack last stopped pick up where they were.
    const resumed = engine.restore();

    // The reconciler AWS runs on a schedule: claims stored but never started get their workflow.
    const reconcile = setInterval(() => {
      startPendingWorkflows(runtime.services, runtime.env.RECONCILE_GRACE_SECONDS)
        .then(() => retryReviewRequests(runtime.services))
        .catch(() => undefined);
    }, opts.reconcileEveryMs ?? 30_000);
    reconcile.unref();
    stops.push(async () => clearInterval(reconcile));

    // The partner delivery worker AWS runs on a schedule (infra/constructs/partner-delivery.ts); one run at a time.
    let delivering = false;
    const deliver = setInterval(() => {
      if (delivering) return;
      delivering = true;
      runPartnerDeliveries(partnerRuntime(runtime).deps)
        .catch(() => undefined)
        .finally(() => (delivering = false));
    }, opts.partnerDeliveryEveryMs ?? 2_000);
    deliver.unref();
    stops.push(async () => clearInterval(deliver));

    // The local CLIs find this stack from its data folder (running-stack.ts).
    if (opts.dataDir) {
      const dataDir = opts.dataDir;
      writeRunningStack(dataDir, { apiUrl, dynamoEndpoint, stepFunctionsEndpoint: sfn.endpoint, tableName });
      stops.push(async () => removeRunningStack(dataDir));
    }

    return {
      apiUrl,
      stepFunctionsEndpoint: sfn.endpoint,
      dynamoEndpoint,
      tableName,
      stateMachineArn: LOCAL_STATE_MACHINE_ARN,
      keys,
      secrets,
      reviewerInbox: inbox,
      engine,
      lambda: lambdaService,
      runtime,
      resumedExecutions: resumed,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

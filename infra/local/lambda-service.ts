/**
 * Lambda's Invoke API over HTTP (`POST /2015-03-31/functions/{FunctionName}/invocations`), so @aws-sdk/client-lambda
 * reaches the local stack unchanged through AWS_ENDPOINT_URL_LAMBDA. It runs the handler module the template names
 * for that function (LocalLambdaRuntime), as Lambda does:
 * - `RequestResponse`: runs it and answers its result (an error as `X-Amz-Function-Error: Unhandled`);
 * - `Event` (asynchronous): answers 202 at once, then runs it; a failed run is retried as many times as the function's
 *   EventInvokeConfig in the template says (Lambda's default, 2, without one), and an event older than its maximum age
 *   is dropped. Lambda waits about one and then two minutes between attempts; locally the waits are shorter
 *   (`retryDelayMs`, doubled each attempt), the count and the age limit are the template's.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { backoffDelayMs } from '../../shared/domain/backoff.ts';
import type { CloudTemplate } from './cloud-template.ts';
import { functionNameOf, type LocalLambdaRuntime } from './lambda-runtime.ts';

export interface AsyncInvokeConfig {
  retryAttempts: number;
  maxEventAgeSeconds: number;
}

/** Lambda's defaults for asynchronous invocation. */
const LAMBDA_ASYNC_DEFAULTS: AsyncInvokeConfig = { retryAttempts: 2, maxEventAgeSeconds: 6 * 3600 };

/** Function logical id → its asynchronous invocation settings (AWS::Lambda::EventInvokeConfig), and each function's timeout. */
export function lambdaSettings(template: CloudTemplate): { asyncConfig: Map<string, AsyncInvokeConfig>; timeoutSeconds: Map<string, number> } {
  const asyncConfig = new Map<string, AsyncInvokeConfig>();
  const timeoutSeconds = new Map<string, number>();
  for (const [logicalId, r] of Object.entries(template.Resources)) {
    if (r.Type === 'AWS::Lambda::Function' && typeof r.Properties?.Timeout === 'number') timeoutSeconds.set(logicalId, r.Properties.Timeout);
    if (r.Type !== 'AWS::Lambda::EventInvokeConfig') continue;
    const fn = (r.Properties?.FunctionName as { Ref?: string } | undefined)?.Ref;
    if (!fn) continue;
    asyncConfig.set(fn, {
      retryAttempts: typeof r.Properties?.MaximumRetryAttempts === 'number' ? r.Properties.MaximumRetryAttempts : LAMBDA_ASYNC_DEFAULTS.retryAttempts,
      maxEventAgeSeconds:
        typeof r.Properties?.MaximumEventAgeInSeconds === 'number' ? r.Properties.MaximumEventAgeInSeconds : LAMBDA_ASYNC_DEFAULTS.maxEventAgeSeconds,
    });
  }
  return { asyncConfig, timeoutSeconds };
}

/** One asynchronous invocation as the local service saw it (tests read these). */
export interface AsyncInvocation {
  functionName: string;
  payload: unknown;
  attempts: number;
  outcome: 'pending' | 'succeeded' | 'failed' | 'expired';
  error?: string;
}

export interface LocalLambdaService {
  endpoint: string;
  /** Asynchronous invocations, oldest first. */
  readonly invocations: readonly AsyncInvocation[];
  /** Resolves when no asynchronous invocation is running or waiting for a retry. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface LocalLambdaServiceOptions {
  port?: number;
  /** Wait before the first retry of a failed asynchronous run; doubled for each next one (default 500 ms). */
  retryDelayMs?: number;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function serviceError(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type }).end(JSON.stringify({ Type: 'User', message }));
}

export async function serveLambda(
  lambdas: Pick<LocalLambdaRuntime, 'has' | 'invoke'>,
  template: CloudTemplate,
  opts: LocalLambdaServiceOptions = {},
): Promise<LocalLambdaService> {
  const { asyncConfig, timeoutSeconds } = lambdaSettings(template);
  const retryDelayMs = opts.retryDelayMs ?? 500;
  const invocations: AsyncInvocation[] = [];
  const running = new Set<Promise<void>>();
  /** Retry waits in progress: closing the service ends them at once (the run then sees `closed` and stops). */
  const waits = new Map<NodeJS.Timeout, () => void>();
  let closed = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        waits.delete(t);
        resolve();
      }, ms);
      waits.set(t, resolve);
    });

  const runAsync = async (record: AsyncInvocation): Promise<void> => {
    const config = asyncConfig.get(record.functionName) ?? LAMBDA_ASYNC_DEFAULTS;
    const enqueued = Date.now();
    for (let attempt = 0; attempt <= config.retryAttempts; attempt++) {
      if (closed) return;
      if (Date.now() - enqueued > config.maxEventAgeSeconds * 1000) {
        record.outcome = 'expired';
        return;
      }
      record.attempts = attempt + 1;
      try {
        await lambdas.invoke(record.functionName, record.payload, (timeoutSeconds.get(record.functionName) ?? 3) * 1000);
        record.outcome = 'succeeded';
        return;
      } catch (err) {
        record.error = err instanceof Error ? err.name : 'Error';
        if (attempt < config.retryAttempts) await sleep(backoffDelayMs(attempt + 1, { baseMs: retryDelayMs, jitter: 'none' }));
      }
    }
    record.outcome = 'failed';
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(new URL(req.url ?? '/', 'http://local').pathname);
      if (req.method !== 'POST' || !match) return serviceError(res, 404, 'ResourceNotFoundException', 'unknown operation');
      const functionName = functionNameOf(decodeURIComponent(match[1]!));
      if (!lambdas.has(functionName)) return serviceError(res, 404, 'ResourceNotFoundException', `Function not found: ${functionName}`);
      const raw = await readBody(req);
      let payload: unknown = null;
      try {
        payload = raw.length ? JSON.parse(raw.toString('utf8')) : null;
      } catch {
        return serviceError(res, 400, 'InvalidRequestContentException', 'Could not parse request body into json');
      }
      const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
      if (type === 'Event') {
        const record: AsyncInvocation = { functionName, payload, attempts: 0, outcome: 'pending' };
        invocations.push(record);
        const run = runAsync(record).finally(() => running.delete(run));
        running.add(run);
        res.writeHead(202).end();
        return;
      }
      if (type !== 'RequestResponse') return serviceError(res, 400, 'InvalidParameterValueException', `unsupported invocation type ${type}`);
      try {
        const result = await lambdas.invoke(functionName, payload, (timeoutSeconds.get(functionName) ?? 3) * 1000);
        res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' }).end(JSON.stringify(result));
      } catch (err) {
        res
          .writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' })
          .end(JSON.stringify({ errorType: err instanceof Error ? err.name : 'Error', errorMessage: err instanceof Error ? err.message : String(err) }));
      }
    })().catch(() => {
      if (!res.headersSent) serviceError(res, 500, 'ServiceException', 'local Lambda service error');
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    invocations,
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
    async close() {
      closed = true;
      for (const [t, resolve] of waits) {
        clearTimeout(t);
        resolve();
      }
      waits.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // A run in progress finishes (its handler cannot be interrupted); no new attempt starts.
      await Promise.race([Promise.all([...running]), new Promise((r) => setTimeout(r, 5000))]);
    },
  };
}

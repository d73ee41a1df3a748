/**
 * Deadlines for every AWS SDK client: a connection timeout, a per-attempt request timeout and a bounded
 * number of attempts, so a frozen DynamoDB (or Step Functions, or Secrets Manager) fails a call in bounded
 * time instead of holding it for the SDK's defaults (no request timeout at all).
 *
 * Two budgets, chosen per process by AWS_CALL_BUDGET (the CDK stack sets it on each function):
 * - `api`: a caller is waiting. 2 attempts of at most 1.4 s each: a hung dependency becomes a 503 with
 *   Retry-After in about 3 s (the API maps the SDK's TimeoutError to 503).
 * - `background` (workflow steps, partner delivery, reconciler): 3 attempts of at most 3 s each, about
 *   10 s worst case per call, inside every such Lambda's own timeout (test/infra/stack.test.ts checks that);
 *   the state machine's Retry then takes over.
 */
export const AWS_CALL_BUDGETS = {
  api: { connectionTimeoutMs: 500, requestTimeoutMs: 1400, maxAttempts: 2 },
  background: { connectionTimeoutMs: 1000, requestTimeoutMs: 3000, maxAttempts: 3 },
} as const;

export type AwsCallBudget = keyof typeof AWS_CALL_BUDGETS;

export function awsCallBudget(env: Record<string, string | undefined> = process.env): AwsCallBudget {
  return env.AWS_CALL_BUDGET === 'background' ? 'background' : 'api';
}

/**
 * The longest one SDK call can take under a budget: each attempt's request timeout (its clock starts with
 * the connection, so the connection timeout falls inside it), plus up to 1 s of backoff between attempts
 * (the SDK's delays for these few attempts stay well under that).
 */
export function worstCaseCallMs(budget: AwsCallBudget): number {
  const b = AWS_CALL_BUDGETS[budget];
  return b.maxAttempts * Math.max(b.connectionTimeoutMs, b.requestTimeoutMs) + (b.maxAttempts - 1) * 1000;
}

/** Client configuration for any AWS SDK v3 client under the given budget. */
export function awsClientConfig(budget: AwsCallBudget = awsCallBudget()) {
  const b = AWS_CALL_BUDGETS[budget];
  return {
    maxAttempts: b.maxAttempts,
    // throwOnRequestTimeout: without it the SDK only logs a warning when requestTimeout passes.
    requestHandler: { connectionTimeout: b.connectionTimeoutMs, requestTimeout: b.requestTimeoutMs, throwOnRequestTimeout: true },
  };
}

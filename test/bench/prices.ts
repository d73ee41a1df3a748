/**
 * AWS list prices used to turn counted units into dollars: us-east-1, as published on the AWS pricing
 * pages (checked 2026-11-26; DynamoDB on-demand as reduced on 2024-11-01).
 */
export const PRICES = {
  checkedOn: '2026-11-26',
  region: 'us-east-1',
  /** Step Functions Standard: $0.025 per 1,000 state transitions (retries count as transitions). */
  stateTransition: 0.025 / 1000,
  /** Step Functions Express: $1.00 per 1M requests (each execution started). */
  expressRequest: 1 / 1_000_000,
  /** Step Functions Express: $0.06 per GB-hour for the first 1,000 GB-hours a month ($0.00001667 per GB-s). */
  expressGbSecond: 0.06 / 3600,
  /** Lambda arm64: $0.20 per 1M requests. */
  lambdaRequest: 0.2 / 1_000_000,
  /** Lambda arm64: $0.0000133334 per GB-second. */
  lambdaGbSecond: 0.0000133334,
  /** DynamoDB on-demand: $0.625 per million write request units. */
  writeRequestUnit: 0.625 / 1_000_000,
  /** DynamoDB on-demand: $0.125 per million read request units. */
  readRequestUnit: 0.125 / 1_000_000,
  /** API Gateway HTTP API: $1.00 per million requests (first 300M); reported apart from the target. */
  httpApiRequest: 1 / 1_000_000,
} as const;

/** Monthly prices of what a deployment costs whether or not it checks a claim (us-east-1, same date). */
export const FIXED_PRICES = {
  /** CloudWatch standard-resolution alarm: $0.10 per alarm metric per month (the free tier's 10 ignored). */
  alarmMonth: 0.1,
  /** CloudWatch dashboard: $3.00 per month (the free tier's 3 ignored). */
  dashboardMonth: 3,
  /** Secrets Manager: $0.40 per secret per month (+ $0.05 per 10,000 API calls, one per cold start). */
  secretMonth: 0.4,
  /** KMS customer managed key: $1.00 per month. */
  kmsKeyMonth: 1,
  /** CloudWatch Logs: $0.50 per GB ingested (standard class); storage $0.03 per GB-month. */
  logIngestionGb: 0.5,
} as const;

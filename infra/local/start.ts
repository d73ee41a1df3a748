/**
 * `npm start`: the whole local stack in one process tree. Ctrl-C or SIGTERM stops everything, Java
 * included.
 */
import path from 'node:path';

// The AWS SDK warns on every start that its 2027 releases will need Node 22; say it once, briefly.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name === 'NodeVersionSupportWarning') return;
  console.warn(`${w.name}: ${w.message}`);
});

const { repositoryRoot } = await import('../constructs/factflow-function.ts');
const { JAVA_MISSING_MESSAGE, javaAvailable } = await import('./dynamodb-local.ts');
const { startLocalStack } = await import('./stack.ts');

const started = Date.now();
if (!javaAvailable()) {
  console.error(JAVA_MISSING_MESSAGE);
  process.exit(1);
}

const dataDir = process.env.FACTFLOW_DATA_DIR ?? path.join(repositoryRoot, '.factflow');
// No rating is suggested: the reviewer picks one from the configured scale (known once the stack is up;
// a resumed review can be asked again before that).
let ratings = 'rating id';
const stack = await startLocalStack({
  port: Number(process.env.PORT ?? 3000),
  stepFunctionsPort: Number(process.env.STEP_FUNCTIONS_PORT ?? 8083),
  dynamoPort: Number(process.env.DYNAMODB_PORT ?? 8000),
  dataDir,
  reviewerInboxPort: Number(process.env.REVIEWER_INBOX_PORT ?? 3001),
  ...(process.env.REVIEWER_WEBHOOK_URL ? { reviewerWebhookUrl: process.env.REVIEWER_WEBHOOK_URL } : {}),
  onReviewRequest: (r) => {
    const claim = (r.data.claim ?? {}) as { id?: string; statement?: string };
    console.log(`\n[reviewer inbox] ${r.type}: review ${String(r.data.reviewId)} for claim ${claim.id}\n  "${claim.statement}"`);
    console.log(`  decide: npm run review -- approve ${String(r.data.reviewId)} --rating <${ratings}> --summary "..."`);
    console.log(`      or: npm run review -- request-changes ${String(r.data.reviewId)} --notes "..."  |  reject ${String(r.data.reviewId)} --reason "..."`);
  },
});

ratings = stack.runtime.services.settings.ratingScale.labels.map((l) => l.id).join('|');
const pad = (s: string) => s.padEnd(13);
console.log(`
factflow is running locally (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)

  API            ${stack.apiUrl}
  Docs           ${stack.apiUrl}/docs          OpenAPI: ${stack.apiUrl}/openapi.json
  Step Functions ${stack.stepFunctionsEndpoint}   (AWS CLI: aws stepfunctions list-executions --endpoint-url ${stack.stepFunctionsEndpoint} --state-machine-arn ${stack.stateMachineArn}, any credentials)
  DynamoDB       ${stack.dynamoEndpoint}   table ${stack.tableName}, data in ${path.relative(process.cwd(), dataDir) || dataDir}
  Review requests go to ${stack.reviewerInbox ? `the local reviewer inbox ${stack.reviewerInbox.url} (GET it to list them)` : process.env.REVIEWER_WEBHOOK_URL}

API keys (local only; kept in ${path.join(path.relative(process.cwd(), dataDir) || dataDir, 'local-keys.json')}):
${Object.entries(stack.keys)
  .map(([role, k]) => `  ${pad(role)} ${k.key}   (principal ${k.principalId})`)
  .join('\n')}

Try:  curl -s ${stack.apiUrl}/claims -H "authorization: Bearer ${stack.keys['fact-checker'].key}" -H 'content-type: application/json' \\
        -d '{"statement":"Unemployment fell to 3.9% in March, the statistics office said.","claimant":{"name":"Statistics office","type":"organization"},"appearances":[{"url":"https://example.org/jobs","date":"2024-04-05"}]}'
Press Ctrl-C to stop.`);
if (stack.resumedExecutions.length > 0) {
  console.log(`\nResumed ${stack.resumedExecutions.length} workflow(s) that were running when the stack last stopped (waiting reviews are asked again).`);
}

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the API, Step Functions and DynamoDB Local...`);
  const force = setTimeout(() => process.exit(1), 10_000);
  await stack.stop();
  clearTimeout(force);
  process.exit(0);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));

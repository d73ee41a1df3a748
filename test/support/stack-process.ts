/**
 * The local stack in a process of its own, for tests that kill it for real (kill -9): started with
 * `tsx test/support/stack-process.ts`, options as JSON in FACTFLOW_STACK_OPTIONS, it prints one JSON line
 * (API url, state machine, keys, secrets) once ready and runs until killed.
 */
import { readFileSync } from 'node:fs';
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import { startLocalStack } from '../../infra/local/stack.ts';

export interface StackProcessOptions {
  dataDir: string;
  dynamoEndpoint: string;
  templatePath: string;
  tableName: string;
  reviewerWebhookUrl: string;
}

export interface StackProcessReady {
  apiUrl: string;
  stateMachineArn: string;
  stepFunctionsEndpoint: string;
  reviewerId: string;
  factCheckerKey: string;
  partnerKey: string;
  reviewRequestSecret: string;
  reviewDecisionSecret: string;
  resumedExecutions: string[];
}

const opts = JSON.parse(process.env.FACTFLOW_STACK_OPTIONS ?? '{}') as StackProcessOptions;
const stack = await startLocalStack({
  port: 0,
  dataDir: opts.dataDir,
  dynamoEndpoint: opts.dynamoEndpoint,
  template: JSON.parse(readFileSync(opts.templatePath, 'utf8')) as CloudTemplate,
  tableName: opts.tableName,
  reviewerWebhookUrl: opts.reviewerWebhookUrl,
  env: { MEDIAWIKI_BASE_URL: 'off', POWERTOOLS_LOG_LEVEL: 'WARN', AUTH_FAILURES_PER_MINUTE: '1000000' },
});
const ready: StackProcessReady = {
  apiUrl: stack.apiUrl,
  stateMachineArn: stack.stateMachineArn,
  stepFunctionsEndpoint: stack.stepFunctionsEndpoint,
  reviewerId: stack.keys.reviewer.principalId,
  factCheckerKey: stack.keys['fact-checker'].key,
  partnerKey: stack.keys.partner.key,
  reviewRequestSecret: stack.secrets.reviewRequestSecret,
  reviewDecisionSecret: stack.secrets.reviewDecisionSecret,
  resumedExecutions: stack.resumedExecutions,
};
process.stdout.write(`${JSON.stringify(ready)}\n`);
// Runs until killed; a polite SIGTERM still stops it cleanly.
process.on('SIGTERM', () => void stack.stop().then(() => process.exit(0)));

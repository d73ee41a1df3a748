/**
 * The CDK app. `npm run synth` synthesizes offline (no credentials, no network); cdk-nag's AwsSolutions
 * rules run inside every synth and fail it on any unacknowledged finding.
 *
 * Context: `stage` (dev | prod) and `settings`, the non-secret settings every function receives as
 * environment variables (README, "Configuration"), as an object in cdk.json or a JSON string on the
 * command line: `-c settings='{"REVIEWER_WEBHOOK_URL":"https://newsroom.example/reviews"}'`.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FactflowStack } from './factflow-stack.ts';

/** Secrets live in Secrets Manager, never in a template: refused as settings. */
const SECRET_SETTINGS = ['REVIEW_REQUEST_SECRET', 'REVIEW_DECISION_SECRET', 'API_KEY_PEPPER', 'GOOGLE_FACTCHECK_API_KEY', 'DOCUMENT_WEBHOOK_SECRET'];

export function settingsFromContext(value: unknown): Record<string, string> {
  if (value === undefined || value === null || value === '') return {};
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('context "settings" must be a JSON object of strings');
  const settings: Record<string, string> = {};
  for (const [key, v] of Object.entries(parsed)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(key)) throw new Error(`context "settings": "${key}" is not an environment variable name`);
    if (SECRET_SETTINGS.includes(key)) throw new Error(`context "settings": ${key} is a secret; put it in the factflow secret (README, "Deploy to AWS")`);
    if (typeof v !== 'string') throw new Error(`context "settings": ${key} must be a string`);
    settings[key] = v;
  }
  return settings;
}

export function buildApp(context: Record<string, unknown> = {}): { app: App; stack: FactflowStack } {
  const app = new App({ context });
  const stageName = String(app.node.tryGetContext('stage') ?? 'dev');
  if (stageName !== 'dev' && stageName !== 'prod') throw new Error(`unknown stage "${stageName}" (use -c stage=dev or -c stage=prod)`);
  const stack = new FactflowStack(app, `factflow-${stageName}`, {
    stage: stageName,
    settings: settingsFromContext(app.node.tryGetContext('settings')),
    env: { account: process.env.CDK_DEFAULT_ACCOUNT ?? '000000000000', region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1' },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}

/**
 * The CDK app. `npm run synth` synthesizes offline (no credentials, no network); cdk-nag's AwsSolutions
 * rules run inside every synth and fail it on any unacknowledged finding.
 *
 * Context: `stage` (dev | prod) and `settings`, the non-secret settings every function receives as
 * environment variables (README, "Configuration"), as an object in cdk.json or a JSON string on the
 * command line: `-c settings='{"REVIEWER_WEBHOOK_URL":"https://newsroom.example/reviews"}'`. Both are
 * defined in shared/contracts/configuration.ts and validated here, at synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type SecretKey, secretKeys, settingsSchema, stage } from '../shared/contracts/index.ts';
import { FactflowStack } from './factflow-stack.ts';

const isSecret = (key: string): key is SecretKey => (secretKeys as readonly string[]).includes(key);

/** What every function needs but the stack sets itself (a placeholder, so the settings validate alone). */
const SET_BY_THE_STACK = { TABLE_NAME: 'set-by-the-stack' };

export function settingsFromContext(value: unknown): Record<string, string> {
  if (value === undefined || value === null || value === '') return {};
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('context "settings" must be a JSON object of strings');
  const settings: Record<string, string> = {};
  for (const [key, v] of Object.entries(parsed)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(key)) throw new Error(`context "settings": "${key}" is not an environment variable name`);
    // Secrets live in Secrets Manager, never in a template.
    if (isSecret(key)) throw new Error(`context "settings": ${key} is a secret; put it in the factflow secret (README, "Deploy to AWS")`);
    if (typeof v !== 'string') throw new Error(`context "settings": ${key} must be a string`);
    settings[key] = v;
  }
  // The functions parse the same schema at cold start: a bad value fails the synth instead.
  const checked = settingsSchema.safeParse({ ...SET_BY_THE_STACK, ...settings });
  if (!checked.success) throw new Error(`context "settings": ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return settings;
}

export function buildApp(context: Record<string, unknown> = {}): { app: App; stack: FactflowStack } {
  const app = new App({ context });
  const requested = String(app.node.tryGetContext('stage') ?? 'dev');
  const parsedStage = stage.safeParse(requested);
  if (!parsedStage.success) throw new Error(`unknown stage "${requested}" (use -c stage=dev or -c stage=prod)`);
  const stageName = parsedStage.data;
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

/**
 * The CDK app. `npm run synth` synthesizes offline (no credentials, no network); cdk-nag's AwsSolutions
 * rules run inside every synth and fail it on any unacknowledged finding.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FactflowStack } from './factflow-stack.ts';

export function buildApp(context: Record<string, unknown> = {}): { app: App; stack: FactflowStack } {
  const app = new App({ context });
  const stageName = String(app.node.tryGetContext('stage') ?? 'dev');
  if (stageName !== 'dev' && stageName !== 'prod') throw new Error(`unknown stage "${stageName}" (use -c stage=dev or -c stage=prod)`);
  const stack = new FactflowStack(app, `factflow-${stageName}`, {
    stage: stageName,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT ?? '000000000000', region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1' },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}

import { CfnOutput, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { FactflowFunction } from './factflow-function.ts';
import type { Stage } from '../../shared/contracts/index.ts';

/**
 * The application's secrets: one Secrets Manager secret holding a JSON object keyed by the environment
 * variables the local stack uses (functions/commons/secrets.ts reads it once per cold start):
 *   REVIEW_REQUEST_SECRET   signs review requests to reviewers (Standard Webhooks, whsec_...)
 *   REVIEW_DECISION_SECRET  verifies the reviewers' decision webhooks (whsec_...)
 *   API_KEY_PEPPER          keys the HMAC under which API keys are stored (and cursors are signed)
 *   GOOGLE_FACTCHECK_API_KEY (optional) enables the Google Fact Check Tools evidence provider
 *   DOCUMENT_WEBHOOK_SECRET (optional) signs the document.processed webhook (to DOCUMENT_WEBHOOK_URL)
 * One secret, not three: every function composes all three at once, so one read per cold start serves
 * them, and they share an owner and a rotation procedure. The pepper is generated at deploy time; the two
 * webhook secrets are agreed with the reviewers' tool, so the operator sets them (README, "Deploy to AWS").
 */
export class AppSecrets extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string, props: { stage: Stage }) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'factflow: webhook secrets and the API-key pepper (JSON; keys REVIEW_REQUEST_SECRET, REVIEW_DECISION_SECRET, API_KEY_PEPPER)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ REVIEW_REQUEST_SECRET: '', REVIEW_DECISION_SECRET: '' }),
        generateStringKey: 'API_KEY_PEPPER',
        passwordLength: 48,
        excludePunctuation: true,
      },
      // Losing the pepper invalidates every issued API key: production keeps the secret.
      removalPolicy: props.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'No automatic rotation: the webhook secrets are shared with the reviewers\' tool and can only change in step with it, and rotating the API-key pepper invalidates every issued API key. README "Deploy to AWS" gives the manual rotation procedure.',
    });
    // A stable output name, so the README's commands can find the secret.
    new CfnOutput(this, 'SecretArn', { value: this.secret.secretArn, description: 'factflow secret (set the webhook secrets here)' }).overrideLogicalId(
      'SecretArn',
    );
  }

  /** Lets the function read this secret (GetSecretValue on it, nothing else) and tells it where it is. */
  grantTo(fn: FactflowFunction): void {
    fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.secret.secretArn] }));
    fn.addEnvironment('SECRETS_ARN', this.secret.secretArn);
  }
}

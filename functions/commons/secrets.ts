/**
 * The application's secrets on AWS: one Secrets Manager secret (its ARN in SECRETS_ARN) holding a JSON
 * object whose keys are the very environment variables the local stack sets:
 *
 *   { "REVIEW_REQUEST_SECRET": "whsec_...", "REVIEW_DECISION_SECRET": "whsec_...", "API_KEY_PEPPER": "..." }
 *
 * One secret rather than three: every function's runtime composes all of them at once (webhook signing,
 * decision verification, key hashes and cursor signing), so one GetSecretValue per cold start reads them
 * all, and they share one owner and one rotation procedure (README, "Deploy to AWS").
 *
 * Read once per cold start: runtime.ts keeps the runtime built from these values for the life of the
 * process. Values are never logged; a malformed secret fails naming the bad keys, never echoing a value.
 */
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { awsClientConfig } from '../../shared/adapters/aws-clients.ts';
import { type SecretKey, secretSettings } from '../../shared/contracts/index.ts';

// The keys and their rules: shared/contracts/configuration.ts (the CDK app refuses the same keys as settings).
export { type SecretKey, secretKeys as SECRET_KEYS } from '../../shared/contracts/index.ts';

/**
 * The secret's values as environment overrides. Empty strings (a webhook secret not set yet) are left
 * out, so the setting counts as unconfigured rather than as an empty key.
 */
export async function loadSecrets(secretArn: string): Promise<Partial<Record<SecretKey, string>>> {
  // No transform: parse here, so a JSON error never echoes the secret's text.
  // A client with deadlines (shared/adapters/aws-clients.ts): a hung Secrets Manager fails the cold start
  // in bounded time instead of holding the invocation until the Lambda timeout.
  const raw = await new SecretsProvider({ clientConfig: awsClientConfig() }).get(secretArn, { maxAge: Number.MAX_SAFE_INTEGER });
  if (typeof raw !== 'string') throw new Error('the factflow secret must be a JSON string, not binary');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('the factflow secret is not valid JSON');
  }
  const parsed = secretSettings.safeParse(json);
  if (!parsed.success) {
    throw new Error(`the factflow secret is malformed at: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => typeof v === 'string' && v.length > 0));
}

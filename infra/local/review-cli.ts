/**
 * `npm run review -- <approve|reject|request-changes> <reviewId> [options]`: answers a review request the
 * way a newsroom tool would, with a Standard Webhooks-signed decision webhook, using the local secrets
 * `npm start` generated.
 *
 *   npm run review -- approve <reviewId> --rating false --summary "..."
 *   npm run review -- reject <reviewId> --reason "..."
 *   npm run review -- request-changes <reviewId> --notes "..."
 *   options: --reviewer <principalId> (default: the local reviewer)  --api http://localhost:3000
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { repositoryRoot } from '../constructs/factflow-function.ts';
import type { LocalKeys } from './principals.ts';
import type { LocalSecrets } from './stack.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    rating: { type: 'string' },
    summary: { type: 'string' },
    reason: { type: 'string' },
    notes: { type: 'string' },
    reviewer: { type: 'string' },
    api: { type: 'string', default: `http://localhost:${process.env.PORT ?? 3000}` },
  },
});
const [action, reviewId] = positionals;
const decisions: Record<string, string> = { approve: 'approve', reject: 'reject', 'request-changes': 'request_changes' };
if (!action || !decisions[action] || !reviewId) {
  console.error('usage: npm run review -- <approve|reject|request-changes> <reviewId> [--rating id --summary text | --reason text | --notes text]');
  process.exit(2);
}

const dataDir = process.env.FACTFLOW_DATA_DIR ?? path.join(repositoryRoot, '.factflow');
const secrets = JSON.parse(readFileSync(path.join(dataDir, 'local-secrets.json'), 'utf8')) as LocalSecrets;
const keys = JSON.parse(readFileSync(path.join(dataDir, 'local-keys.json'), 'utf8')) as LocalKeys;

const data = {
  reviewId,
  reviewerId: values.reviewer ?? keys.reviewer.principalId,
  decision: decisions[action],
  ...(values.rating ? { rating: values.rating } : {}),
  ...(values.summary ? { summary: values.summary } : {}),
  ...(values.reason ? { reason: values.reason } : {}),
  ...(values.notes ? { notes: values.notes } : {}),
};
const id = `msg_${randomUUID()}`;
const now = new Date();
const body = JSON.stringify({ type: 'review.decision', timestamp: now.toISOString(), data });
const res = await fetch(`${values.api}/webhooks/review-decisions`, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': new Webhook(secrets.reviewDecisionSecret).sign(id, now, body),
  },
  body,
});
console.log(res.status, await res.text());
process.exit(res.ok ? 0 : 1);

/**
 * `npm run review -- <approve|reject|request-changes> <reviewId> [options]`: answers a review request the
 * way a newsroom tool would, with a Standard Webhooks-signed decision webhook, using the local secrets
 * `npm start` generated. It finds the running stack (its API URL) from the data folder
 * (.factflow/local-stack.json, or FACTFLOW_DATA_DIR), so it needs none of `npm start`'s environment.
 *
 *   npm run review -- approve <reviewId> --rating false --summary "..."
 *   npm run review -- reject <reviewId> --reason "..."
 *   npm run review -- request-changes <reviewId> --notes "..."
 *   options: --reviewer <principalId> (default: the local reviewer)  --api <URL> (default: the running stack's)
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';
import type { LocalKeys } from './principals.ts';
import { findRunningStack, localDataDir, noRunningStackMessage } from './running-stack.ts';
import type { LocalSecrets } from './stack.ts';

const USAGE =
  'usage: npm run review -- <approve|reject|request-changes> <reviewId> [--rating id --summary text | --reason text | --notes text] [--reviewer id] [--api URL]';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs one decision; returns the process exit code. Every failure is one line, never a stack trace. */
export async function runReviewCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const parse = () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        rating: { type: 'string' },
        summary: { type: 'string' },
        reason: { type: 'string' },
        notes: { type: 'string' },
        reviewer: { type: 'string' },
        api: { type: 'string' },
      },
    });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [action, reviewId] = positionals;
  const decisions: Record<string, string> = { approve: 'approve', reject: 'reject', 'request-changes': 'request_changes' };
  const decision = action ? decisions[action] : undefined;
  if (!decision || !reviewId) {
    io.err(USAGE);
    return 2;
  }

  const dataDir = localDataDir(env);
  const secretsFile = path.join(dataDir, 'local-secrets.json');
  const keysFile = path.join(dataDir, 'local-keys.json');
  const running = findRunningStack(env);
  const api = values.api ?? running?.apiUrl;
  if (!api || !existsSync(secretsFile) || !existsSync(keysFile)) {
    io.err(noRunningStackMessage(env, '--api <URL> and FACTFLOW_DATA_DIR to the folder `npm start` used'));
    return 1;
  }
  const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as LocalSecrets;
  const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as LocalKeys;

  const data = {
    reviewId,
    reviewerId: values.reviewer ?? keys.reviewer.principalId,
    decision,
    ...(values.rating ? { rating: values.rating } : {}),
    ...(values.summary ? { summary: values.summary } : {}),
    ...(values.reason ? { reason: values.reason } : {}),
    ...(values.notes ? { notes: values.notes } : {}),
  };
  const id = `msg_${randomUUID()}`;
  const now = new Date();
  const body = JSON.stringify({ type: 'review.decision', timestamp: now.toISOString(), data });
  let res: Response;
  try {
    res = await fetch(`${api}/webhooks/review-decisions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': new Webhook(secrets.reviewDecisionSecret).sign(id, now, body),
      },
      body,
    });
  } catch {
    io.err(`cannot reach the API at ${api}: is \`npm start\` running? (or pass --api <URL>)`);
    return 1;
  }
  io.out(`${res.status} ${await res.text()}`);
  return res.ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runReviewCli(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) });
}

/**
 * `npm run review -- <approve|reject|request-changes> <reviewId> [options]`: answers a review request the
 * way a newsroom tool would, with a Standard Webhooks-signed decision webhook sent by the typed client
 * (client/), using the local secrets `npm start` generated. It finds the running stack (its API URL) from the data folder
 * (.factflow/local-stack.json, or FACTFLOW_DATA_DIR), so it needs none of `npm start`'s environment.
 *
 *   npm run review -- approve <reviewId> --rating false --summary "..."
 *   npm run review -- reject <reviewId> --reason "..."
 *   npm run review -- request-changes <reviewId> --notes "..."
 *   options: --reviewer <principalId> (default: the local reviewer)  --api <URL> (default: the running stack's)
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { createFactflowClient, type Schema } from '../../client/index.ts';
import { discoverLocalStack, noRunningStackMessage } from './running-stack.ts';

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
  const decisions = new Map<string, Schema<'ReviewDecisionWebhook'>['data']['decision']>([
    ['approve', 'approve'],
    ['reject', 'reject'],
    ['request-changes', 'request_changes'],
  ]);
  const decision = action ? decisions.get(action) : undefined;
  if (!decision || !reviewId) {
    io.err(USAGE);
    return 2;
  }

  const local = discoverLocalStack(env);
  const api = values.api ?? local.running?.apiUrl;
  if (!api || !local.secrets || !local.keys) {
    io.err(noRunningStackMessage(env, '--api <URL> and FACTFLOW_DATA_DIR to the folder `npm start` used'));
    return 1;
  }

  const data = {
    reviewId,
    reviewerId: values.reviewer ?? local.keys.reviewer.principalId,
    decision,
    ...(values.rating ? { rating: values.rating } : {}),
    ...(values.summary ? { summary: values.summary } : {}),
    ...(values.reason ? { reason: values.reason } : {}),
    ...(values.notes ? { notes: values.notes } : {}),
  };
  const id = `msg_${randomUUID()}`;
  const now = new Date();
  const message = { type: 'review.decision' as const, timestamp: now.toISOString(), data };
  // The signature covers these exact bytes, so the client sends them as they were signed.
  const body = JSON.stringify(message);
  try {
    const {
      data: answer,
      error,
      response,
    } = await createFactflowClient({ baseUrl: api }).POST('/webhooks/review-decisions', {
      params: {
        header: {
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': new Webhook(local.secrets.reviewDecisionSecret).sign(id, now, body),
        },
      },
      body: message,
      bodySerializer: () => body,
    });
    io.out(`${response.status} ${JSON.stringify(answer ?? error)}`);
    return response.ok ? 0 : 1;
  } catch {
    io.err(`cannot reach the API at ${api}: is \`npm start\` running? (or pass --api <URL>)`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runReviewCli(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) });
}

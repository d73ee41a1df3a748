/**
 * One round of the throughput comparison (throughput-compare.ts), in a process of its own:
 *   node --import tsx test/bench/throughput-round.ts <source tree> <claims> <template cache file>
 * starts the local stack of the source tree it is given (this checkout, or a temporary worktree of the
 * baseline commit), with the same evidence fixture and reviewer endpoint as `npm run bench`, runs
 * measureWorkflowThroughput against it and prints the result as one JSON line. Only the stack comes from
 * that tree; the measuring code is this tree's, so both sides are measured the same way. The synthesized
 * template is cached per tree between rounds (synthesis is not what is measured).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { measureWorkflowThroughput } from './throughput.ts';

/** The parts of a stack this round uses, as every version since the baseline has them. */
interface RoundStack {
  apiUrl: string;
  keys: { admin: { key: string } };
  secrets: { reviewRequestSecret: string };
  engine: { executions: Map<string, { name: string; status: string; error?: string }> };
  stop(): Promise<void>;
}
interface RoundReviewer {
  url: string;
  requestSecret: string;
  start(): Promise<RoundReviewer>;
  stop(): Promise<void>;
  forClaim(id: string): unknown[];
}

async function main(): Promise<void> {
  const [root, claims, templateCache] = process.argv.slice(2);
  if (!root || !claims || !templateCache) throw new Error('usage: throughput-round.ts <source tree> <claims> <template cache file>');
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  const load = (file: string) => import(pathToFileURL(path.join(root, file)).href);
  const { synthesizeTemplate } = await load('infra/local/cloud-template.ts');
  const { startLocalStack } = await load('infra/local/stack.ts');
  const { startEvidenceServer } = await load('test/fixtures/evidence-server.ts');
  const { TestReviewer } = await load('test/support/reviewer.ts');

  if (!existsSync(templateCache)) writeFileSync(templateCache, JSON.stringify(await synthesizeTemplate()));
  const template: unknown = JSON.parse(readFileSync(templateCache, 'utf8'));
  const evidence = await startEvidenceServer();
  evidence.on('/w/api.php', { kind: 'json', body: { batchcomplete: '', query: { search: [] } } });
  const reviewer = (await new TestReviewer().start()) as RoundReviewer;
  const stack = (await startLocalStack({
    port: 0,
    template,
    reviewerWebhookUrl: reviewer.url,
    env: { MEDIAWIKI_BASE_URL: evidence.baseUrl, POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true', RATE_LIMIT_PER_MINUTE: '100000000' },
  })) as RoundStack;
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  try {
    const result = await measureWorkflowThroughput(
      {
        apiUrl: stack.apiUrl,
        key: stack.keys.admin.key,
        reviewRequests: (id) => reviewer.forClaim(id).length,
        executions: () => stack.engine.executions.values(),
      },
      Number(claims),
    );
    console.log(JSON.stringify(result));
  } finally {
    await stack.stop();
    await reviewer.stop();
    await evidence.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

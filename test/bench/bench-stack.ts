/**
 * The local stack a measurement runs against, set up one way for the bench (test/bench/run.ts) and the request
 * tracer (tools/trace-requests.ts): the synthesized workflow, a MediaWiki evidence fixture that finds nothing,
 * and a reviewer endpoint that accepts signed review requests.
 */
import { synthesizeTemplate } from '../../infra/local/cloud-template.ts';
import { startLocalStack } from '../../infra/local/stack.ts';
import { startEvidenceServer } from '../fixtures/evidence-server.ts';
import { TestReviewer } from '../support/reviewer.ts';

export async function startBenchStack(env: Record<string, string> = {}) {
  const template = await synthesizeTemplate();
  const evidence = await startEvidenceServer();
  evidence.on('/w/api.php', { kind: 'json', body: { batchcomplete: '', query: { search: [] } } });
  const reviewer = await new TestReviewer().start();
  const stack = await startLocalStack({
    port: 0,
    template,
    reviewerWebhookUrl: reviewer.url,
    env: { MEDIAWIKI_BASE_URL: evidence.baseUrl, POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true', ...env },
  });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  return { template, evidence, reviewer, stack };
}

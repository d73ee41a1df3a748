/**
 * Workflow throughput: N claims submitted at once through the local stack's API; each must reach awaiting
 * review (its review request delivered to a reviewer endpoint that accepts), none lost, none duplicated.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../infra/local/stack.ts';
import type { TestReviewer } from '../support/reviewer.ts';
import { bucketOf, submitterListing } from '../../shared/adapters/dynamodb/partitions.ts';

export interface ThroughputResult {
  submitted: number;
  accepted: number;
  reachedAwaitingReview: number;
  lost: number;
  duplicatedClaims: number;
  duplicatedReviewRequests: number;
  executions: number;
  seconds: number;
  claimsPerSecond: number;
}

const REGIONS = ['northern', 'southern', 'eastern', 'western', 'central', 'coastal', 'alpine', 'island', 'river', 'border'];
const TOPICS = ['Unemployment', 'Inflation', 'Rent', 'Electricity prices', 'Bus fares', 'Rainfall', 'Crime', 'Tourism', 'Housing starts', 'Wheat yields'];

/** Distinct check-worthy statements: different subjects, places and figures, so triage finds no duplicates. */
export function throughputStatement(i: number): string {
  const topic = TOPICS[i % TOPICS.length]!;
  const region = REGIONS[Math.floor(i / TOPICS.length) % REGIONS.length]!;
  const figure = (1.1 + i * 0.37).toFixed(2);
  const year = 2000 + (i % 25);
  return `${topic} in the ${region} district rose by ${figure}% in ${year}, according to report number ${1000 + i * 7}.`;
}

export async function measureWorkflowThroughput(stack: LocalStack, reviewer: TestReviewer, count: number): Promise<ThroughputResult> {
  const key = stack.keys.admin;
  const started = performance.now();
  const responses = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const res = await fetch(`${stack.apiUrl}/claims`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json', 'idempotency-key': `throughput-${i}-${Date.now()}` },
        body: JSON.stringify({
          statement: throughputStatement(i),
          claimant: { name: `Source ${i}` },
          appearances: [{ url: `https://example.org/t/${i}`, date: '2025-01-15' }],
        }),
      });
      return { status: res.status, id: res.status === 202 ? ((await res.json()) as { id: string }).id : '' };
    }),
  );
  const ids = responses.filter((r) => r.status === 202).map((r) => r.id);
  const pending = new Set(ids);
  const deadline = Date.now() + 180_000;
  while (pending.size > 0 && Date.now() < deadline) {
    for (const id of [...pending]) if (reviewer.forClaim(id).length > 0) pending.delete(id);
    await new Promise((r) => setTimeout(r, 25));
  }
  const seconds = (performance.now() - started) / 1000;

  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const stored: Array<Record<string, unknown>> = [];
  let after: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new QueryCommand({
        TableName: stack.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': bucketOf(submitterListing(key.principalId), new Date().toISOString()) },
        ExclusiveStartKey: after,
      }),
    );
    stored.push(...(out.Items ?? []));
    after = out.LastEvaluatedKey;
  } while (after);
  const awaiting = stored.filter((c) => ids.includes(String(c.id)) && c.status === 'awaiting_review');
  const executions = [...stack.engine.executions.values()].filter((e) => pending.has(e.name) || ids.includes(e.name));
  return {
    submitted: count,
    accepted: ids.length,
    reachedAwaitingReview: awaiting.length,
    lost: count - awaiting.length,
    // Every stored claim of this submitter beyond the accepted submissions would be a duplicate.
    duplicatedClaims: Math.max(0, stored.length - ids.length),
    duplicatedReviewRequests: ids.filter((id) => reviewer.forClaim(id).length > 1).length,
    executions: executions.length,
    seconds,
    claimsPerSecond: count / seconds,
  };
}

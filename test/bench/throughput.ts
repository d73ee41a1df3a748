/**
 * Workflow throughput: N claims submitted at once through a local stack's API; each must reach awaiting
 * review (its review request delivered to a reviewer endpoint that accepts), none lost, none duplicated.
 *
 * It talks to the stack only through its HTTP API, the reviewer endpoint and the engine's executions, so the
 * same code measures this tree and an older commit's (throughput-round.ts runs it in either).
 *
 * The submitter behaves as a well-behaved client does (the typed client's retry, client/retry.ts): a 503 or
 * 429 with Retry-After is sent again after that wait, with the same Idempotency-Key, up to SUBMIT_ATTEMPTS
 * times. So both sides of the comparison are timed over the same 200 claims, and a stack that sheds load
 * pays for it in time instead of in a smaller count.
 */
import { parseRetryAfter } from '../../shared/adapters/retry-after.ts';

const SUBMIT_ATTEMPTS = 6;
/** A Retry-After past this (or none) ends the retries: the claim is counted as refused. */
const MAX_RETRY_AFTER_MS = 20_000;

export interface ThroughputResult {
  submitted: number;
  accepted: number;
  reachedAwaitingReview: number;
  lost: number;
  /** Submissions not answered 202 after their retries, by status and problem (`503 unavailable: ...`). */
  refused: Record<string, number>;
  /** Answers that were retried (503/429 with Retry-After), by status and problem: load the stack shed. */
  retried: Record<string, number>;
  duplicatedClaims: number;
  duplicatedReviewRequests: number;
  executions: number;
  /** Why executions ended without a review request, by error name (a lost claim's cause). */
  failures: Record<string, number>;
  seconds: number;
  claimsPerSecond: number;
}

/** What the measurement needs of a running stack (any version of it). */
export interface ThroughputTarget {
  apiUrl: string;
  /** An admin API key. */
  key: string;
  /** Review requests the reviewer endpoint accepted for a claim. */
  reviewRequests(claimId: string): number;
  /** The workflow executions the engine knows (named by claim id), with their status. */
  executions(): Iterable<{ name: string; status: string; error?: string }>;
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

/** A refused submission's status and problem (RFC 9457 type and detail), as one line. */
async function refusal(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { type?: string; detail?: string };
    // The problem type's last segment (`unavailable`, `rate-limited`) and its detail.
    const type = String(body.type ?? '')
      .split('/')
      .at(-1);
    return `${res.status} ${type}: ${body.detail ?? ''}`;
  } catch {
    return `${res.status} ${text.slice(0, 80)}`;
  }
}

async function submitAll(
  target: ThroughputTarget,
  indexes: number[],
  tag: string,
  refused: Record<string, number> = {},
  retried: Record<string, number> = {},
): Promise<string[]> {
  const responses = await Promise.all(
    indexes.map(async (i) => {
      const idempotencyKey = `${tag}-${i}-${Date.now()}`;
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(`${target.apiUrl}/claims`, {
          method: 'POST',
          headers: { authorization: `Bearer ${target.key}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
          body: JSON.stringify({
            statement: throughputStatement(i),
            claimant: { name: `Source ${i}` },
            appearances: [{ url: `https://example.org/t/${i}`, date: '2025-01-15' }],
          }),
        });
        if (res.status === 202) return ((await res.json()) as { id: string }).id;
        const why = await refusal(res);
        const wait = res.status === 503 || res.status === 429 ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
        if (wait === undefined || wait > MAX_RETRY_AFTER_MS || attempt >= SUBMIT_ATTEMPTS) {
          refused[why] = (refused[why] ?? 0) + 1;
          return '';
        }
        retried[why] = (retried[why] ?? 0) + 1;
        await new Promise((r) => setTimeout(r, wait));
      }
    }),
  );
  return responses.filter((id) => id !== '');
}

/** Waits until every claim has its review request, its execution has ended without one, or the deadline passes. */
async function awaitReview(target: ThroughputTarget, ids: string[], deadlineMs: number): Promise<void> {
  const pending = new Set(ids);
  const deadline = Date.now() + deadlineMs;
  while (pending.size > 0 && Date.now() < deadline) {
    for (const id of [...pending]) if (target.reviewRequests(id) > 0) pending.delete(id);
    for (const e of target.executions()) if (pending.has(e.name) && e.status !== 'RUNNING') pending.delete(e.name);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * `warmUp` claims first, not counted (module loads, models, connection pools, as a busy deployment is warm),
 * then `count` claims at once, timed from the first submission to the last review request.
 */
export async function measureWorkflowThroughput(target: ThroughputTarget, count: number, warmUp = 5): Promise<ThroughputResult> {
  const warm = await submitAll(
    target,
    Array.from({ length: warmUp }, (_, k) => 100_000 + k),
    'warm',
  );
  await awaitReview(target, warm, 60_000);
  const started = performance.now();
  const refused: Record<string, number> = {};
  const retried: Record<string, number> = {};
  const ids = await submitAll(
    target,
    Array.from({ length: count }, (_, i) => i),
    'throughput',
    refused,
    retried,
  );
  await awaitReview(target, ids, 180_000);
  const seconds = (performance.now() - started) / 1000;

  const statuses = await Promise.all(
    ids.map(async (id) => {
      const res = await fetch(`${target.apiUrl}/claims/${id}`, { headers: { authorization: `Bearer ${target.key}` } });
      return res.ok ? ((await res.json()) as { status?: string }).status : undefined;
    }),
  );
  const reached = ids.filter((id, k) => statuses[k] === 'awaiting_review' && target.reviewRequests(id) > 0);
  const known = new Set([...warm, ...ids]);
  const executions = [...target.executions()];
  const failures: Record<string, number> = {};
  for (const e of executions) {
    if (ids.includes(e.name) && e.status !== 'RUNNING' && target.reviewRequests(e.name) === 0) {
      const reason = `${e.status}${e.error ? ` ${e.error}` : ''}`;
      failures[reason] = (failures[reason] ?? 0) + 1;
    }
  }
  return {
    submitted: count,
    accepted: ids.length,
    reachedAwaitingReview: reached.length,
    lost: count - reached.length,
    refused,
    retried,
    // Every execution beyond one per accepted submission would be a claim created twice.
    duplicatedClaims: executions.filter((e) => !known.has(e.name)).length,
    duplicatedReviewRequests: ids.filter((id) => target.reviewRequests(id) > 1).length,
    executions: executions.filter((e) => ids.includes(e.name)).length,
    failures,
    seconds,
    claimsPerSecond: count / seconds,
  };
}

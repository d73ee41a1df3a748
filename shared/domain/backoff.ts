/**
 * The one retry backoff of the codebase: exponential, capped, jittered. Everything that waits before trying again
 * computes its wait here (evidence providers, review-request and partner deliveries, outbound webhooks, DynamoDB
 * transaction conflicts and unprocessed batch keys, the local Lambda service's asynchronous retries); each caller
 * keeps its own numbers (base, cap, how many tries), which are part of its behaviour.
 *
 * The jitter says how retries from many callers spread out:
 * - `full`: uniform over [0, d): best spread, a retry may come back at once (AWS's "full jitter");
 * - `equal`: d/2 + uniform over [0, d/2): spread, but never sooner than half the delay;
 * - `none`: exactly d (a deterministic schedule, e.g. mirroring what AWS itself does).
 */
export type Jitter = 'full' | 'equal' | 'none';

export interface Backoff {
  /** The delay before the first retry, before jitter. */
  baseMs: number;
  /** Cap of the delay before jitter; none if absent. */
  maxMs?: number;
  jitter: Jitter;
}

/** The wait before retry `retry` (1-based): baseMs·2^(retry−1), capped at maxMs, jittered. `random` is injected for tests. */
export function backoffDelayMs(retry: number, backoff: Backoff, random: () => number = Math.random): number {
  const exponential = backoff.baseMs * 2 ** Math.max(0, retry - 1);
  const capped = backoff.maxMs === undefined ? exponential : Math.min(backoff.maxMs, exponential);
  switch (backoff.jitter) {
    case 'full':
      return random() * capped;
    case 'equal':
      return capped / 2 + random() * (capped / 2);
    case 'none':
      return capped;
  }
}

/** Waits before retry `retry` (see backoffDelayMs). */
export function backoff(retry: number, policy: Backoff, random: () => number = Math.random): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, backoffDelayMs(retry, policy, random)));
}

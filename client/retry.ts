/**
 * Retries for the typed client: the API answers 429 (rate limited) and 503 (a dependency briefly unavailable)
 * with Retry-After, and a client that gives up at once turns a burst into lost submissions. A request is retried
 * only when sending it again cannot do anything twice:
 * - GET, HEAD, OPTIONS, PUT and DELETE (idempotent by definition);
 * - POST and PATCH only when they carry an `Idempotency-Key` (the API answers a repeat with the first result).
 * What is retried: 429, 502, 503 and 504 answers, and network errors (the request may or may not have arrived,
 * which the rules above make harmless). Every other answer, 500 included, is returned as it came.
 * The wait is the answer's Retry-After when it gives one (a rate limit's window can be a minute: when it asks
 * for more than `maxWaitMs`, the answer is returned instead of sleeping that long), else the codebase's one
 * backoff (exponential, capped, jittered). The caller's AbortSignal ends a wait at once.
 *
 * openapi-fetch has no retry of its own (it takes a `fetch`), hence this wrapper of a few lines.
 */
import { type Backoff, backoffDelayMs } from '../shared/domain/backoff.ts';
import { parseRetryAfter } from '../shared/adapters/retry-after.ts';

export interface RetryPolicy {
  /** Retries after the first attempt (0 turns retrying off). */
  retries: number;
  /** The longest single wait the client accepts, Retry-After included. */
  maxWaitMs: number;
  /** The wait when the answer gives no Retry-After (or on a network error). */
  backoff: Backoff;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, maxWaitMs: 20_000, backoff: { baseMs: 500, maxMs: 8_000, jitter: 'equal' } };

const RETRIED_STATUSES = new Set([429, 502, 503, 504]);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Whether sending `request` again is harmless (see the module comment). */
export function isRetrySafe(request: Request): boolean {
  return IDEMPOTENT_METHODS.has(request.method) || request.headers.has('idempotency-key');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** `fetchImpl` with the policy's retries (an openapi-fetch `fetch`). `random` is injected for tests. */
export function retryingFetch(
  fetchImpl: (input: Request) => Promise<Response>,
  policy: RetryPolicy = DEFAULT_RETRY,
  random: () => number = Math.random,
): (input: Request) => Promise<Response> {
  return async (request: Request) => {
    if (policy.retries <= 0 || !isRetrySafe(request)) return fetchImpl(request);
    for (let retry = 1; ; retry++) {
      // A Request's body can be read once: each attempt sends a copy, the original stays unread for the next.
      const attempt = request.clone();
      let wait: number;
      try {
        const response = await fetchImpl(attempt);
        if (!RETRIED_STATUSES.has(response.status) || retry > policy.retries) return response;
        wait = parseRetryAfter(response.headers.get('retry-after')) ?? backoffDelayMs(retry, policy.backoff, random);
        if (wait > policy.maxWaitMs) return response;
        // The answer is dropped: release its connection.
        await response.body?.cancel();
      } catch (err) {
        if (request.signal.aborted || retry > policy.retries) throw err;
        wait = Math.min(policy.maxWaitMs, backoffDelayMs(retry, policy.backoff, random));
      }
      await sleep(wait, request.signal);
    }
  };
}

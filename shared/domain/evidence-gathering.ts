/**
 * Run one evidence provider for one claim with a per-attempt timeout and retries, recording the result
 * as a `ProviderOutcome`. Never throws: a provider failure becomes `{ ok: false, error }` so the other
 * providers' evidence still counts and the failure is visible on the claim.
 */
import {
  type EvidenceCandidate,
  type EvidenceProvider,
  type EvidenceQuery,
  type ProviderOutcome,
  EvidenceProviderError,
  isTransientProviderError,
} from './evidence.ts';
import { backoffDelayMs } from './backoff.ts';

export interface RunProviderOptions {
  /** Deadline of each attempt in ms; the provider's signal aborts when it passes. */
  timeoutMs: number;
  /** Additional attempts after the first, for transient failures only (timeout, network, what the provider marks retryable). */
  retries: number;
  /** Base of the exponential backoff: attempt n waits uniform(0, min(maxBackoffMs, backoffMs·2^n)) ("full jitter"). */
  backoffMs: number;
  /** Cap of one backoff wait, also the cap on honouring `Retry-After`. Default 5000. */
  maxBackoffMs?: number;
  /** An outer signal (e.g. the Lambda's remaining time): aborting it stops the attempt and any retry. */
  signal?: AbortSignal;
  /** Injected for tests. */
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => Date;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Resolve/reject with `work`, or reject as soon as `signal` aborts (for providers that ignore it). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new EvidenceProviderError('timeout', 'provider did not finish before its deadline'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function toProviderError(err: unknown, signal: AbortSignal): EvidenceProviderError {
  if (err instanceof EvidenceProviderError) return err;
  if (signal.aborted) return new EvidenceProviderError('timeout', 'provider did not finish before its deadline');
  // Anything else (an SDK/transport error from a provider that does not map its own failures) is
  // treated as a network error: recorded, and retried like one.
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new EvidenceProviderError('network_error', `provider failed: ${message}`.slice(0, 500));
}

/** Keep only candidates that satisfy the contract (a provider's typing is not a runtime guarantee). */
function sanitize(candidates: unknown, limit: number): EvidenceCandidate[] {
  if (!Array.isArray(candidates)) return [];
  return candidates
    .filter((c): c is EvidenceCandidate => {
      const x = c as Partial<EvidenceCandidate> | null;
      return typeof x?.url === 'string' && typeof x.title === 'string' && x.url !== '' && x.title !== '';
    })
    .slice(0, Math.max(0, limit));
}

export async function runProvider(provider: EvidenceProvider, query: EvidenceQuery, opts: RunProviderOptions): Promise<ProviderOutcome> {
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? defaultSleep;
  const now = opts.now ?? (() => new Date());
  const maxBackoffMs = opts.maxBackoffMs ?? 5_000;
  const retries = Math.max(0, Math.floor(opts.retries));

  let lastError = new EvidenceProviderError('network_error', 'provider was not run');
  let attempts = 0;
  for (let attempt = 0; attempt <= retries; attempt++) {
    attempts = attempt + 1;
    const attemptTimeout = AbortSignal.timeout(Math.max(1, opts.timeoutMs));
    const signal = opts.signal ? AbortSignal.any([attemptTimeout, opts.signal]) : attemptTimeout;
    try {
      const work = Promise.resolve().then(() => provider.search(query, signal));
      const candidates = await untilAborted(work, signal);
      return { provider: provider.name, ok: true, retrievedAt: now().toISOString(), candidates: sanitize(candidates, query.limit) };
    } catch (err) {
      lastError = toProviderError(err, signal);
    }

    if (attempt === retries || opts.signal?.aborted || !isTransientProviderError(lastError)) break;
    let delay = backoffDelayMs(attempt + 1, { baseMs: opts.backoffMs, maxMs: maxBackoffMs, jitter: 'full' }, random);
    if (lastError.retryAfterMs !== undefined) {
      delay = Math.max(delay, Math.min(maxBackoffMs, lastError.retryAfterMs));
    }
    await sleep(delay, opts.signal);
    if (opts.signal?.aborted) break;
  }

  const suffix = attempts > 1 ? ` (after ${attempts} attempts)` : '';
  return {
    provider: provider.name,
    ok: false,
    retrievedAt: now().toISOString(),
    error: { code: lastError.code, message: `${lastError.message}${suffix}` },
  };
}

/**
 * Failed authentication, bounded per client address: every unknown or revoked key costs the address one
 * token from a bucket of `AUTH_FAILURES_PER_MINUTE` (refilled at that rate). An address with no token left
 * is answered 429 with Retry-After before any key lookup, so a stream of guessed keys cannot turn into a
 * stream of DynamoDB reads. Unknown key hashes are also remembered for `NEGATIVE_KEY_CACHE_SECONDS`: the
 * same wrong key presented again is refused without a read. Only keys that failed are cached (unknown or
 * revoked, and revocation is final), never a valid one, so a revocation still takes effect on the next
 * request; a key created after being guessed would wait out the cache, which random keys never are.
 *
 * In memory per API instance, like the per-principal limit (rate-limit.ts). API Gateway's stage throttle
 * (infra/constructs/api.ts) bounds the total across all addresses; it cannot count per address.
 */
import { TokenBuckets, type RateDecision } from './rate-limit.ts';

export class FailedAuthentication {
  private readonly failures: TokenBuckets;
  private readonly unknown = new Map<string, number>();

  constructor(
    readonly perMinute: number,
    readonly negativeCacheMs: number,
    private readonly now: () => number = () => performance.now(),
    private readonly maxUnknown = 10_000,
  ) {
    this.failures = new TokenBuckets(perMinute, now);
  }

  /** Whether this address may try a key at all (it has failures left); no token is taken. */
  admit(address: string): RateDecision {
    return this.failures.peek(address);
  }

  /** Whether this key hash was looked up and found unknown a moment ago. */
  knownUnknown(hash: string): boolean {
    const until = this.unknown.get(hash);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.unknown.delete(hash);
    return false;
  }

  /** Records a failed attempt from the address; `unknownHash` when the key matched no record at all. */
  failed(address: string, unknownHash?: string): void {
    this.failures.take(address);
    if (unknownHash === undefined || this.negativeCacheMs <= 0) return;
    if (this.unknown.size >= this.maxUnknown) {
      // Oldest first (a Map keeps insertion order): bounded memory under a flood of random keys.
      const oldest = this.unknown.keys().next().value;
      if (oldest !== undefined) this.unknown.delete(oldest);
    }
    this.unknown.delete(unknownHash);
    this.unknown.set(unknownHash, this.now() + this.negativeCacheMs);
  }
}

const byOwner = new WeakMap<object, FailedAuthentication>();

export function failedAuthenticationFor(owner: object, perMinute: number, negativeCacheSeconds: number): FailedAuthentication {
  let guard = byOwner.get(owner);
  if (!guard || guard.perMinute !== perMinute || guard.negativeCacheMs !== negativeCacheSeconds * 1000) {
    guard = new FailedAuthentication(perMinute, negativeCacheSeconds * 1000);
    byOwner.set(owner, guard);
  }
  return guard;
}

/**
 * The client's address: API Gateway's `requestContext.http.sourceIp` on Lambda, the socket's peer on the
 * local node server. Never a header a client can set (X-Forwarded-For).
 */
export function clientAddress(env: unknown): string {
  const e = env as { requestContext?: { http?: { sourceIp?: unknown } }; incoming?: { socket?: { remoteAddress?: unknown } } } | undefined;
  const lambda = e?.requestContext?.http?.sourceIp;
  if (typeof lambda === 'string' && lambda) return lambda;
  const socket = e?.incoming?.socket?.remoteAddress;
  if (typeof socket === 'string' && socket) return socket;
  return 'unknown';
}

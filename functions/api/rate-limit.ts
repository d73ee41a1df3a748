/**
 * Per-key rate limiting: one token bucket per principal, refilled continuously at
 * `RATE_LIMIT_PER_MINUTE / 60` tokens a second, holding at most `RATE_LIMIT_PER_MINUTE` tokens (a client
 * may burst a minute's allowance, then is held to the steady rate).
 *
 * The buckets live in memory, per process: on Lambda that is per warm instance, so the effective limit
 * across a deployment is the configured rate times the number of concurrent instances. That is a bound
 * against a runaway client, not a billing-grade quota; API Gateway usage plans or a DynamoDB-backed counter
 * are the place for a global quota.
 */
export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until the next request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
  /** Tokens left after this request, rounded down. */
  remaining: number;
  limit: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
    /** Buckets idle long enough to be full again are dropped, so memory stays bounded by active keys. */
    private readonly maxKeys = 10_000,
  ) {
    this.perMs = perMinute / 60_000;
  }

  take(key: string): RateDecision {
    const now = this.now();
    const current = this.buckets.get(key);
    const tokens = current ? Math.min(this.perMinute, current.tokens + (now - current.at) * this.perMs) : this.perMinute;
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)), remaining: 0, limit: this.perMinute };
    }
    if (!current && this.buckets.size >= this.maxKeys) this.evictFull(now);
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(tokens - 1), limit: this.perMinute };
  }

  /** What take() would decide, without taking a token. */
  peek(key: string): RateDecision {
    const now = this.now();
    const current = this.buckets.get(key);
    const tokens = current ? Math.min(this.perMinute, current.tokens + (now - current.at) * this.perMs) : this.perMinute;
    if (tokens < 1) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)), remaining: 0, limit: this.perMinute };
    return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(tokens), limit: this.perMinute };
  }

  private evictFull(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.perMinute) this.buckets.delete(key);
    }
  }
}

/** One set of buckets per runtime (a process has one; tests may build several apps). */
const byOwner = new WeakMap<object, TokenBuckets>();

export function bucketsFor(owner: object, perMinute: number): TokenBuckets {
  let buckets = byOwner.get(owner);
  if (!buckets || buckets.perMinute !== perMinute) {
    buckets = new TokenBuckets(perMinute);
    byOwner.set(owner, buckets);
  }
  return buckets;
}

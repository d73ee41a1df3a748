/**
 * Authentication (API key → principal), authorization (role) and per-key rate limiting in one place.
 * Every route declares the roles it admits with `secured(...)` (or `roles(...)`); handlers never check
 * roles themselves.
 */
import { createMiddleware } from 'hono/factory';
import { hashApiKey, type Principal, type Role } from '../../shared/domain/principals.ts';
import type { Runtime } from '../commons/runtime.ts';
import { problem } from './problem.ts';
import { clientAddress, failedAuthenticationFor } from './auth-failures.ts';
import { keyedCacheControl } from './representation/cache-control.ts';
import { bucketsFor } from './rate-limit.ts';

export interface ApiEnv {
  Variables: {
    principal: Principal;
    runtime: Runtime;
  };
}

/** Longest key we even look up: ours are 46 characters; anything far longer is not one. */
const MAX_KEY_LENGTH = 200;

/** Reads the key from `Authorization: Bearer <key>` or `X-API-Key`; never from the URL. */
function presentedKey(authorization: string | undefined, apiKeyHeader: string | undefined): string | undefined {
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim() || undefined;
  return apiKeyHeader?.trim() || undefined;
}

export function roles(...allowed: Role[]) {
  const cachePolicy = keyedCacheControl(allowed.every((r) => r === 'admin'));
  return createMiddleware<ApiEnv>(async (c, next) => {
    const key = presentedKey(c.req.header('authorization'), c.req.header('x-api-key'));
    const rt = c.get('runtime');
    if (!key || key.length > MAX_KEY_LENGTH) {
      return problem(c, 'unauthenticated', 'send an API key as "Authorization: Bearer <key>"', { headers: { 'www-authenticate': 'Bearer realm="factflow"' } });
    }
    // Failed attempts are limited per client address, before any lookup (auth-failures.ts).
    const address = clientAddress(c.env);
    const failures = failedAuthenticationFor(rt, rt.env.AUTH_FAILURES_PER_MINUTE, rt.env.NEGATIVE_KEY_CACHE_SECONDS);
    const admitted = failures.admit(address);
    if (!admitted.allowed) {
      return problem(c, 'rate-limited', `too many failed authentications from this address; retry after ${admitted.retryAfterSeconds} s`, {
        headers: { 'retry-after': String(admitted.retryAfterSeconds) },
      });
    }
    const hash = hashApiKey(key, rt.pepper);
    const principal = failures.knownUnknown(hash) ? null : await rt.principals.authenticate(hash);
    if (!principal) {
      failures.failed(address, hash);
      return problem(c, 'unauthenticated', 'the API key is unknown or revoked', {
        headers: { 'www-authenticate': 'Bearer realm="factflow", error="invalid_token"' },
      });
    }
    // Limited per principal (all of its keys share one bucket), before the role check: a client hammering
    // a route it may not use is throttled as well.
    const rate = bucketsFor(rt, rt.env.RATE_LIMIT_PER_MINUTE).take(principal.id);
    const rateHeaders = { 'ratelimit-limit': String(rate.limit), 'ratelimit-remaining': String(rate.remaining) };
    if (!rate.allowed) {
      return problem(c, 'rate-limited', `this key may make ${rate.limit} requests a minute; retry after ${rate.retryAfterSeconds} s`, {
        headers: { 'retry-after': String(rate.retryAfterSeconds), ...rateHeaders },
      });
    }
    if (!allowed.includes(principal.role)) {
      return problem(c, 'forbidden', `this route is for ${allowed.join(', ')}; your role is ${principal.role}`);
    }
    c.set('principal', principal);
    await cachePolicy(c, next);
    for (const [name, value] of Object.entries(rateHeaders)) c.res.headers.set(name, value);
  });
}

export const apiKeySecurity = [{ ApiKey: [] as string[] }];

/**
 * The route-config fragment for an API-key route: the security requirement, the role check and the same
 * roles in the OpenAPI document (`x-roles`), so the document and the enforcement cannot drift apart (the
 * authorization-matrix test reads `x-roles` and checks every route against it).
 */
export function secured<const R extends readonly Role[]>(...allowed: R) {
  return {
    security: apiKeySecurity,
    middleware: roles(...allowed),
    'x-roles': [...allowed],
  };
}

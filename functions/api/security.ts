/**
 * Authentication (API key → principal) and authorization (role) in one place. Every route declares the
 * roles it admits with `roles(...)`; handlers never check roles themselves.
 */
import { createMiddleware } from 'hono/factory';
import { hashApiKey, type Principal, type Role } from '../../shared/domain/principals.ts';
import type { Runtime } from '../commons/runtime.ts';
import { problem } from './problem.ts';

export interface ApiEnv {
  Variables: {
    principal: Principal;
    runtime: Runtime;
  };
}

/** Reads the key from `Authorization: Bearer <key>` or `X-API-Key`; never from the URL. */
function presentedKey(authorization: string | undefined, apiKeyHeader: string | undefined): string | undefined {
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim();
  return apiKeyHeader?.trim() || undefined;
}

export function roles(...allowed: Role[]) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    const key = presentedKey(c.req.header('authorization'), c.req.header('x-api-key'));
    const rt = c.get('runtime');
    if (!key || key.length > 200) {
      return problem(c, 'unauthenticated', 'send an API key as "Authorization: Bearer <key>"', { headers: { 'www-authenticate': 'Bearer realm="factflow"' } });
    }
    const principal = await rt.principals.authenticate(hashApiKey(key, rt.pepper));
    if (!principal) {
      return problem(c, 'unauthenticated', 'the API key is unknown or revoked', { headers: { 'www-authenticate': 'Bearer realm="factflow", error="invalid_token"' } });
    }
    if (!allowed.includes(principal.role)) {
      return problem(c, 'forbidden', `this route is for ${allowed.join(', ')}; your role is ${principal.role}`);
    }
    c.set('principal', principal);
    await next();
  });
}

export const apiKeySecurity = [{ ApiKey: [] as string[] }];

/**
 * Cache-Control for each kind of answer. Anything that needs an API key is `private` (a shared cache must
 * not hand one caller's answer to another, who may hold no key at all) and admin answers are `no-store`;
 * only the public pages, which anyone may read, are `public`.
 */
import { createMiddleware } from 'hono/factory';

/** A verdict's latest version: a correction replaces it, so browsers and partners revalidate after a minute. */
export const PRIVATE_LATEST = 'private, max-age=60, stale-while-revalidate=60';
/** One verdict version: never changes once written. */
export const PRIVATE_IMMUTABLE = 'private, max-age=31536000, immutable';
/** Anything else a key reads: the caller's client may keep it but must revalidate before each use. */
export const PRIVATE_DEFAULT = 'private, no-cache';
/** Admin answers (principals, keys, secrets shown once) are never stored anywhere. */
export const ADMIN = 'no-store';
/** Public pages: a CDN serves them for five minutes and keeps serving a stale copy while it revalidates. */
export const PUBLIC_PAGE = 'public, max-age=300, stale-while-revalidate=86400';
/** An immutable public page (an earlier verdict version). */
export const PUBLIC_IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Applied by the role check to every keyed answer: admin-only routes are always `no-store`; elsewhere a
 * route's own private policy stands, a missing one becomes PRIVATE_DEFAULT, and a `public` one (which a
 * keyed answer must never carry) is turned private.
 */
export function keyedCacheControl(adminOnly: boolean) {
  return createMiddleware(async (c, next) => {
    await next();
    const current = c.res.headers.get('cache-control');
    if (adminOnly) c.res.headers.set('cache-control', ADMIN);
    else if (!current) c.res.headers.set('cache-control', PRIVATE_DEFAULT);
    else if (/\bpublic\b/i.test(current)) c.res.headers.set('cache-control', current.replace(/\bpublic\b/gi, 'private'));
  });
}

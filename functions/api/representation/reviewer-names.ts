/**
 * Reviewers as the public (partners, readers) sees them: by display name, never by principal id. The
 * display name is the principal's `name` (every principal has one; `npm run keys create` and the admin API
 * require it). Names are looked up per runtime and kept for a few minutes: a verdict lists one or two.
 */
import type { Runtime } from '../../commons/runtime.ts';

const NAME_TTL_MS = 5 * 60_000;
const cache = new WeakMap<Runtime, Map<string, { name: string; until: number }>>();

/** Shown for a principal that no longer exists (its name is unknown; its id is not for publication). */
export const UNKNOWN_REVIEWER = 'a reviewer';

export async function reviewerNames(rt: Runtime, ids: readonly string[]): Promise<string[]> {
  const names = cache.get(rt) ?? new Map<string, { name: string; until: number }>();
  cache.set(rt, names);
  const now = Date.now();
  return Promise.all(
    ids.map(async (id) => {
      const hit = names.get(id);
      if (hit && hit.until > now) return hit.name;
      const principal = await rt.principals.get(id);
      const name = principal?.name?.trim() || UNKNOWN_REVIEWER;
      names.set(id, { name, until: now + NAME_TTL_MS });
      return name;
    }),
  );
}

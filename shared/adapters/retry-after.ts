/**
 * Retry-After (RFC 9110 §10.2.3) as a wait in ms: delta-seconds or an HTTP date; undefined when absent or
 * unparsable. No imports: the evidence providers' HTTP helper and the typed client (client/) both read it.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

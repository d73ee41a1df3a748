/**
 * JSON that is safe to embed: `<`, `>`, `&`, U+2028 and U+2029 written as `\u` escapes. The result is the
 * same JSON value (these characters only ever occur inside strings), but a statement such as
 * `</script><script>alert(1)</script>` can no longer close the `<script type="application/ld+json">`
 * element a partner (or our own public page) puts it in, and U+2028/U+2029 cannot end a JavaScript line.
 */
import { createMiddleware } from 'hono/factory';

const UNSAFE = /[<>&\u2028\u2029]/g;
const HAS_UNSAFE = /[<>&\u2028\u2029]/;
const ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** Escapes an already serialized JSON text. */
export function escapeJsonText(json: string): string {
  return json.replace(UNSAFE, (ch) => ESCAPES[ch] ?? ch);
}

/** JSON.stringify, escaped for embedding in HTML and JavaScript. */
export function embeddableJson(value: unknown): string {
  return escapeJsonText(JSON.stringify(value));
}

const JSON_TYPES = /^application\/(?:[\w.+-]+\+)?json\b/i;

/**
 * Every JSON answer the API gives (application/json, application/ld+json, application/problem+json, …)
 * leaves escaped, whichever handler wrote it. Routes that compute an ETag serialize with
 * `embeddableJson` themselves, so the validator covers the bytes sent; for them this finds nothing to do.
 */
export const embeddableJsonAnswers = createMiddleware(async (c, next) => {
  await next();
  const type = c.res.headers.get('content-type') ?? '';
  if (!JSON_TYPES.test(type) || !c.res.body) return;
  const text = await c.res.clone().text();
  if (!HAS_UNSAFE.test(text)) return;
  const headers = new Headers(c.res.headers);
  headers.delete('content-length');
  const status = c.res.status;
  c.res = undefined; // replace the answer outright (assigning over it would merge the old headers back)
  c.res = new Response(escapeJsonText(text), { status, headers });
});

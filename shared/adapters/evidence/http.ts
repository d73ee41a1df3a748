/**
 * The one way evidence providers talk HTTP: GET a JSON document with a per-request timeout combined with
 * the caller's signal, a response size cap, a content-type check, and errors mapped to
 * `EvidenceProviderError` codes. Error messages never contain query strings (they carry API keys and
 * claim text) and are scrubbed of any configured secret.
 */
import { EvidenceProviderError } from '../../domain/evidence.ts';
import { parseRetryAfter } from '../retry-after.ts';

/** 5xx and 429 may succeed on retry; every other status will not. */
export function isTransientHttpStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * An `http_error` carrying the upstream HTTP status; whether a retry can help follows from it (5xx, 429) unless the
 * provider knows better (`transient`: an API-level "try later" error inside a 200 body, as MediaWiki sends). The
 * domain sees only EvidenceProviderError's `retryable` and `retryAfterMs` (from a `Retry-After` header).
 */
export class EvidenceHttpError extends EvidenceProviderError {
  readonly status: number;
  readonly transient: boolean;

  constructor(status: number, message: string, opts: { transient?: boolean; retryAfterMs?: number } = {}) {
    const transient = opts.transient ?? isTransientHttpStatus(status);
    super('http_error', message, { retryable: transient, ...(opts.retryAfterMs === undefined ? {} : { retryAfterMs: opts.retryAfterMs }) });
    this.name = 'EvidenceHttpError';
    this.status = status;
    this.transient = transient;
  }
}

export const USER_AGENT = 'factflow/0.1';
export const DEFAULT_TIMEOUT_MS = 8_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024;

export interface GetJsonOptions {
  /** The caller's signal (the step's deadline); aborting it fails the request with `timeout`. */
  signal: AbortSignal;
  /** Per-request timeout in ms, combined with `signal`. Default 8000. */
  timeoutMs?: number;
  /** Maximum response body size in bytes; larger bodies fail with `malformed_response`. Default 1 MiB. */
  maxBytes?: number;
  /** Extra request headers (may carry credentials: never logged or put in messages). */
  headers?: Record<string, string>;
  /** Strings that must never appear in error messages (API keys, tokens); replaced with "[redacted]". */
  secrets?: readonly string[];
  /** Prefix of error messages, usually the provider name. */
  label?: string;
  /** Injected for tests; defaults to global fetch. */
  fetchImpl?: typeof fetch;
}

/** The URL as it may appear in messages and logs: origin and path only (no query, no credentials). */
export function redactUrl(url: string | URL): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '[invalid url]';
  }
}

/** Replace every occurrence of each secret (raw and URL-encoded) with "[redacted]". */
export function scrubSecrets(message: string, secrets: readonly string[] = []): string {
  let out = message;
  for (const s of secrets) {
    if (s.length < 4) continue; // too short to be a credential; replacing it would mangle messages
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join('[redacted]');
  }
  return out;
}

function isJsonContentType(ct: string | null): boolean {
  if (ct === null) return false;
  const mime = ct.split(';')[0]!.trim().toLowerCase();
  return mime === 'application/json' || mime === 'text/json' || /^application\/[\w.+-]*\+json$/.test(mime);
}

function describeCause(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  const causeText = cause instanceof Error ? ((cause as { code?: string }).code ?? cause.message) : cause !== undefined ? String(cause) : undefined;
  return causeText ? `${err.message} (${causeText})` : err.message;
}

/** Read the body chunk by chunk, aborting once it exceeds `maxBytes`. */
async function readCapped(res: Response, maxBytes: number, fail: (code: 'malformed_response', msg: string) => never): Promise<string> {
  const declared = res.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    fail('malformed_response', `response body of ${declared} bytes exceeds the ${maxBytes}-byte limit`);
  }
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      fail('malformed_response', `response body exceeds the ${maxBytes}-byte limit`);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

/**
 * GET `url` and parse its JSON body.
 * - `timeout`: the per-request timeout elapsed or the caller's signal aborted (also while the body trickles in);
 * - `http_error` (`EvidenceHttpError` with `status`): a non-2xx status;
 * - `malformed_response`: not JSON (content type or syntax), or larger than `maxBytes`;
 * - `network_error`: anything else (DNS, refused, reset).
 */
export async function getJson(url: string | URL, opts: GetJsonOptions): Promise<unknown> {
  const label = opts.label ? `${opts.label}: ` : '';
  const where = redactUrl(url);
  const secrets = opts.secrets ?? [];
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fail = (code: EvidenceProviderError['code'], msg: string): never => {
    throw new EvidenceProviderError(code, scrubSecrets(`${label}${msg} (GET ${where})`, secrets));
  };

  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([opts.signal, timeout]);
  const timedOut = (): never => fail('timeout', opts.signal.aborted ? 'request aborted by caller' : `no complete response within ${timeoutMs} ms`);

  if (opts.signal.aborted) timedOut();

  let res: Response;
  try {
    const headers = new Headers(opts.headers);
    headers.set('accept', 'application/json');
    headers.set('user-agent', USER_AGENT);
    res = await (opts.fetchImpl ?? fetch)(url, { method: 'GET', signal, redirect: 'follow', headers });
  } catch (err) {
    if (signal.aborted) timedOut();
    return fail('network_error', `request failed: ${describeCause(err)}`);
  }

  try {
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
      throw new EvidenceHttpError(
        res.status,
        scrubSecrets(`${label}HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''} (GET ${where})`, secrets),
        retryAfterMs === undefined ? {} : { retryAfterMs },
      );
    }
    const ct = res.headers.get('content-type');
    if (!isJsonContentType(ct)) {
      await res.body?.cancel().catch(() => undefined);
      fail('malformed_response', `expected a JSON response, got content-type ${ct ?? '(none)'}`);
    }
    const text = await readCapped(res, opts.maxBytes ?? DEFAULT_MAX_BYTES, fail);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return fail('malformed_response', 'response body is not valid JSON');
    }
  } catch (err) {
    if (err instanceof EvidenceProviderError) throw err;
    if (signal.aborted) timedOut();
    return fail('network_error', `reading response failed: ${describeCause(err)}`);
  }
}

/** Format zod issues compactly: "claims.0.claimReview: Invalid input: expected array, received undefined". */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[], max = 3): string {
  const parts = issues.slice(0, max).map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`);
  if (issues.length > max) parts.push(`… ${issues.length - max} more`);
  return parts.join('; ');
}

/** Keep only valid ISO-8601-parsable dates, normalized to `toISOString()`. */
export function isoDateOrUndefined(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** Is `value` an absolute http(s) URL? */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const p = new URL(value).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    return false;
  }
}

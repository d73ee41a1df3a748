/**
 * RFC 9457 problem details. Every error the API gives has this shape; nothing internal (stack traces,
 * table names, ARNs) is ever put in one.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface FieldError {
  /** JSON-pointer-like path of the field, e.g. "/claimant/name", or a header name. */
  field: string;
  /** The rule that failed, e.g. "too_small", "invalid_format", "unrecognized_keys". */
  rule: string;
  message: string;
}

export const problemTypes = {
  'malformed-request': { status: 400, title: 'Malformed request' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  gone: { status: 410, title: 'Gone' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'validation-failed': { status: 422, title: 'Validation failed' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key reused with a different request' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'invalid-signature': { status: 401, title: 'Invalid webhook signature' },
  unavailable: { status: 503, title: 'Temporarily unavailable' },
  internal: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ProblemType = keyof typeof problemTypes;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
}

export function problemBody(type: ProblemType, detail?: string, extra: { errors?: FieldError[]; instance?: string } = {}): Problem {
  const { status, title } = problemTypes[type];
  return { type: `/problems/${type}`, title, status, ...(detail ? { detail } : {}), ...extra };
}

export function problem(c: Context, type: ProblemType, detail?: string, extra: { errors?: FieldError[]; headers?: Record<string, string> } = {}): Response {
  const body = problemBody(type, detail, { ...(extra.errors ? { errors: extra.errors } : {}), instance: new URL(c.req.url).pathname });
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...extra.headers },
  });
}

/** Turns zod issues into field errors that name the field and the rule. */
export function fieldErrors(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; code: string; message: string; keys?: readonly string[] }>,
  prefix = '',
): FieldError[] {
  return issues.flatMap((issue) => {
    const base = `${prefix}/${issue.path.map(String).join('/')}`.replace(/\/$/, '') || '/';
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((k) => ({ field: `${base === '/' ? '' : base}/${k}`, rule: 'unrecognized_keys', message: `unknown field "${k}"` }));
    }
    return [{ field: base, rule: issue.code, message: issue.message }];
  });
}

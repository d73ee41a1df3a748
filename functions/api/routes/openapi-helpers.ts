import type { z } from '@hono/zod-openapi';
import { problemSchema } from '../schemas.ts';

const descriptions: Record<number, string> = {
  400: 'Malformed request (e.g. invalid JSON)',
  401: 'Missing, unknown or revoked API key (or an invalid webhook signature)',
  403: "The caller's role may not use this route",
  404: 'Not found',
  409: 'Conflicts with the current state',
  410: 'No longer available (e.g. an expired review)',
  413: 'Request body too large',
  415: 'Content-Type must be application/json',
  422: 'Validation failed: `errors` names each field and rule',
  429: 'Rate limited: see Retry-After',
  503: 'Temporarily unavailable: retry after Retry-After',
};

export function errorResponses<const C extends readonly (keyof typeof descriptions & number)[]>(...codes: C) {
  return Object.fromEntries(
    codes.map((code) => [code, { description: descriptions[code] ?? 'Error', content: { 'application/problem+json': { schema: problemSchema } } }]),
  ) as { [K in C[number]]: { description: string; content: { 'application/problem+json': { schema: typeof problemSchema } } } };
}

export function jsonBody<S extends z.ZodType>(schema: S) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

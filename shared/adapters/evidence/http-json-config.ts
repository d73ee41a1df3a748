/**
 * An `EVIDENCE_HTTP_PROVIDERS` entry (see http-json.ts for what each field means): its schema, apart from the adapter
 * so that a cold start can validate the configuration without loading the adapter (provider-names.ts). The schema is
 * built on first use: most deployments configure no HTTP JSON provider.
 */
import * as z from 'zod';
import { isHttpUrl } from './http.ts';

const PLACEHOLDERS = ['query', 'language', 'limit', 'claimant'] as const;

export function fillTemplate(template: string, values: Record<(typeof PLACEHOLDERS)[number], string>): string {
  return template.replace(/\{(query|language|limit|claimant)\}/g, (_m, key: (typeof PLACEHOLDERS)[number]) => encodeURIComponent(values[key]));
}

function buildSchema() {
  const dottedPath = z.string().regex(/^[^.\s]+(\.[^.\s]+)*$/, 'must be a dotted path such as "source.name"');
  return z.object({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, 'must be 1-64 characters of letters, digits, ".", "_" or "-"'),
    urlTemplate: z
      .string()
      .refine((t) => [...t.matchAll(/\{([^{}]*)\}/g)].every((m) => (PLACEHOLDERS as readonly string[]).includes(m[1]!)), {
        message: `unknown placeholder; allowed: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
      })
      .refine((t) => isHttpUrl(fillTemplate(t, { query: 'q', language: 'en', limit: '10', claimant: '' })), {
        message: 'must be an absolute http(s) URL once placeholders are filled',
      }),
    headers: z
      .record(
        z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'invalid header name'),
        z.string().regex(/^[^\r\n\0]*$/, 'header values cannot contain line breaks'),
      )
      .optional(),
    resultsPath: z.union([z.literal(''), dottedPath]),
    fields: z.object({
      url: dottedPath,
      title: dottedPath,
      snippet: dottedPath.optional(),
      publisher: dottedPath.optional(),
      publishedAt: dottedPath.optional(),
      sourceRating: dottedPath.optional(),
    }),
    /** Per-request timeout in ms. */
    timeoutMs: z.number().int().positive().max(60_000).optional(),
  });
}

let schema: ReturnType<typeof buildSchema> | undefined;

/** The schema of one provider's configuration (built once, on the first call). */
export function httpJsonProviderConfigSchema(): ReturnType<typeof buildSchema> {
  schema ??= buildSchema();
  return schema;
}
export type HttpJsonProviderConfig = z.infer<ReturnType<typeof buildSchema>>;

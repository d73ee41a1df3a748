/**
 * A typed client for the factflow API: openapi-fetch over the types `npm run client` generates from
 * /openapi.json (client/schema.ts), so every path, parameter, body and answer is checked by the compiler.
 *
 *   const factflow = createFactflowClient({ baseUrl: 'http://localhost:3000', key: process.env.FC });
 *   const { data, error } = await factflow.POST('/claims', { body: { statement, claimant, appearances } });
 *   if (error) throw new Error(`${error.status} ${error.detail}`);   // RFC 9457 problem details
 *   const { data: claim } = await factflow.GET('/claims/{id}', { params: { path: { id: data.id } } });
 *   console.log(claim?.status, claim?.links);
 *
 * A 429 or 503 is retried after its Retry-After (and 502/504 and network errors with backoff) when sending the
 * request again is harmless: reads, and writes that carry an Idempotency-Key (client/retry.ts). `retry: false`
 * turns that off; `retry: { retries, maxWaitMs, backoff }` changes it.
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import { DEFAULT_RETRY, type RetryPolicy, retryingFetch } from './retry.ts';
import type { components, paths, webhooks } from './schema.ts';

export { DEFAULT_RETRY, type RetryPolicy } from './retry.ts';

export type { components, paths, webhooks };
export type FactflowClient = Client<paths>;

/** A schema of the document's components by name, e.g. `Schema<'Claim'>`, `Schema<'Problem'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

export interface FactflowClientOptions extends Omit<ClientOptions, 'baseUrl' | 'headers'> {
  /** The API's origin, e.g. `http://localhost:3000` or the deployed ApiUrl. */
  baseUrl: string;
  /** An API key (`ff_...`), sent as `Authorization: Bearer`; omit it for the public routes and webhooks. */
  key?: string | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Retries of 429/502/503/504 and network errors for requests safe to repeat (DEFAULT_RETRY); `false` for none. */
  retry?: Partial<RetryPolicy> | false;
}

export function createFactflowClient({ baseUrl, key, headers, retry, fetch: fetchImpl, ...options }: FactflowClientOptions): FactflowClient {
  const all = { ...headers, ...(key !== undefined ? { authorization: `Bearer ${key}` } : {}) };
  const send = fetchImpl ?? ((request: Request) => globalThis.fetch(request));
  const policy: RetryPolicy = retry === false ? { ...DEFAULT_RETRY, retries: 0 } : { ...DEFAULT_RETRY, ...retry };
  return createClient<paths>({ ...options, fetch: retryingFetch(send, policy), baseUrl: baseUrl.replace(/\/+$/, ''), headers: all });
}

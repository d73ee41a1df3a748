/**
 * A typed client for the factflow API: openapi-fetch over the types `npm run client` generates from
 * /openapi.json (client/schema.ts), so every path, parameter, body and answer is checked by the compiler.
 *
 *   const factflow = createFactflowClient({ baseUrl: 'http://localhost:3000', key: process.env.FC });
 *   const { data, error } = await factflow.POST('/claims', { body: { statement, claimant, appearances } });
 *   if (error) throw new Error(`${error.status} ${error.detail}`);   // RFC 9457 problem details
 *   const { data: claim } = await factflow.GET('/claims/{id}', { params: { path: { id: data.id } } });
 *   console.log(claim?.status, claim?.links);
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths, webhooks } from './schema.ts';

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
}

export function createFactflowClient({ baseUrl, key, headers, ...options }: FactflowClientOptions): FactflowClient {
  const all = { ...headers, ...(key !== undefined ? { authorization: `Bearer ${key}` } : {}) };
  return createClient<paths>({ ...options, baseUrl: baseUrl.replace(/\/+$/, ''), headers: all });
}

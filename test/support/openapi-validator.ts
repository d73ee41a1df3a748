/**
 * Checks responses against the API's own OpenAPI document: the operation must exist, the status must be
 * documented for it, the content type must match, and the body must satisfy the documented schema.
 *
 * The schema check is a small JSON Schema subset, exactly the keywords zod-openapi emits for our schemas
 * (type, enum, const, properties, required, additionalProperties, propertyNames, items, anyOf/oneOf/allOf,
 * min/max, lengths, pattern). It is deliberately stricter than JSON Schema in one way: an object schema
 * that lists `properties` and says nothing about `additionalProperties` is treated as closed, so a field
 * we did not document (an internal key, a stray attribute) fails the check instead of slipping through.
 */
import SwaggerParser from '@apidevtools/swagger-parser';

type Schema = Record<string, unknown>;
interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  security?: Array<Record<string, string[]>>;
  'x-roles'?: string[];
  description?: string;
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: unknown;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

export interface DocumentedOperation {
  method: string;
  path: string;
  operation: Operation;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export class OpenApiContract {
  private constructor(readonly document: Document) {}

  /** Dereferences a copy of the document (so `$ref`s resolve) after validating it as OpenAPI. */
  static async load(document: unknown): Promise<OpenApiContract> {
    const copy = structuredClone(document) as never;
    await SwaggerParser.validate(structuredClone(document) as never);
    return new OpenApiContract((await SwaggerParser.dereference(copy)) as unknown as Document);
  }

  operations(): DocumentedOperation[] {
    return Object.entries(this.document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ method, path, operation })),
    );
  }

  /** The documented operation serving a concrete request path, preferring literal segments over parameters. */
  find(method: string, pathname: string): DocumentedOperation | undefined {
    const segments = pathname.split('/');
    const candidates = this.operations().filter((o) => {
      if (o.method !== method.toLowerCase()) return false;
      const template = o.path.split('/');
      return template.length === segments.length && template.every((t, i) => /^\{.+\}$/.test(t) || t === segments[i]);
    });
    const literalness = (o: DocumentedOperation) => o.path.split('/').filter((t) => !/^\{.+\}$/.test(t)).length;
    return candidates.sort((a, b) => literalness(b) - literalness(a))[0];
  }

  /** Every way the response departs from the document; empty when it conforms. */
  violations(method: string, pathname: string, status: number, contentType: string | null, body: unknown): string[] {
    const op = this.find(method, pathname);
    if (!op) return [`${method} ${pathname} is not in the OpenAPI document`];
    const where = `${method.toUpperCase()} ${op.path} → ${status}`;
    const response = op.operation.responses?.[String(status)] ?? op.operation.responses?.default;
    if (!response) return [`${where}: status ${status} is not documented`];
    if (!response.content) return body === undefined || body === '' ? [] : [`${where}: documented without a body, but one was sent`];
    const media = (contentType ?? '').split(';')[0]!.trim();
    const documented = response.content[media];
    if (!documented) return [`${where}: content type "${media}" is not documented (documented: ${Object.keys(response.content).join(', ')})`];
    return documented.schema ? check(documented.schema, body, '').map((v) => `${where}: ${v}`) : [];
  }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

/** A JSON Schema subset check; returns the violations with their JSON pointer. */
export function check(schema: Schema, value: unknown, at: string): string[] {
  const here = at || '/';
  const out: string[] = [];
  if (schema.nullable === true && value === null) return [];
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf as Schema[]) out.push(...check(s, value, at));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) {
      const matching = (options as Schema[]).filter((s) => check(s, value, at).length === 0).length;
      if (matching === 0) out.push(`${here}: matches none of ${key}`);
      if (key === 'oneOf' && matching > 1) out.push(`${here}: matches ${matching} of oneOf`);
    }
  }
  if (schema.type !== undefined) {
    const types = (Array.isArray(schema.type) ? schema.type : [schema.type]) as string[];
    if (!types.some((t) => typeMatches(t, typeOf(value)))) return [...out, `${here}: expected ${types.join(' or ')}, got ${typeOf(value)}`];
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) out.push(`${here}: expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value)))
    out.push(`${here}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) out.push(`${here}: shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) out.push(`${here}: longer than ${schema.maxLength}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) out.push(`${here}: does not match ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) out.push(`${here}: below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) out.push(`${here}: above ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) out.push(`${here}: not above ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) out.push(`${here}: not below ${schema.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) out.push(`${here}: fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) out.push(`${here}: more than ${schema.maxItems} items`);
    if (schema.items && typeof schema.items === 'object') for (const [i, v] of value.entries()) out.push(...check(schema.items as Schema, v, `${at}/${i}`));
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) if (!(name in obj)) out.push(`${at}/${name}: required but missing`);
    for (const [name, v] of Object.entries(obj)) {
      const sub = properties[name];
      if (sub) out.push(...check(sub, v, `${at}/${name}`));
      else if (schema.additionalProperties === false || (schema.additionalProperties === undefined && schema.properties !== undefined)) {
        out.push(`${at}/${name}: not in the documented schema`);
      } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        out.push(...check(schema.additionalProperties as Schema, v, `${at}/${name}`));
      }
      if (schema.propertyNames && typeof schema.propertyNames === 'object') out.push(...check(schema.propertyNames as Schema, name, `${at}/${name}(name)`));
    }
  }
  return out;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body (undefined when empty). Typed loosely: each test asserts on the fields it reads. */
  // biome-ignore lint/suspicious/noExplicitAny: response bodies under test
  body: any;
  text: string;
}

export interface CheckedClient {
  (path: string, init?: RequestInit & { key?: string; json?: unknown }): Promise<ApiResponse>;
  /** Responses checked so far, to show the check really ran. */
  readonly checked: number;
}

/**
 * A fetch for tests that checks every response against the document and fails the test on any mismatch.
 * `key` sets the bearer token; `json` sends a JSON body with its content type.
 */
export function checkedClient(baseUrl: string, contract: OpenApiContract): CheckedClient {
  let checked = 0;
  const call = async (path: string, init: RequestInit & { key?: string; json?: unknown } = {}): Promise<ApiResponse> => {
    const { key, json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (key !== undefined) headers.set('authorization', `Bearer ${key}`);
    if (json !== undefined) headers.set('content-type', 'application/json');
    const res = await fetch(`${baseUrl}${path}`, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const method = (rest.method ?? 'GET').toLowerCase();
    const violations = contract.violations(method, new URL(`${baseUrl}${path}`).pathname, res.status, res.headers.get('content-type'), body);
    if (violations.length > 0) throw new Error(`response departs from the OpenAPI document:\n  ${violations.join('\n  ')}\nbody: ${text.slice(0, 500)}`);
    checked++;
    return { status: res.status, headers: res.headers, body, text };
  };
  return Object.defineProperty(call, 'checked', { get: () => checked }) as CheckedClient;
}

/** Loads the document the running API serves and returns a checked client for it. */
export async function contractClient(baseUrl: string): Promise<{ api: CheckedClient; contract: OpenApiContract }> {
  const document: unknown = await (await fetch(`${baseUrl}/openapi.json`)).json();
  const contract = await OpenApiContract.load(document);
  return { api: checkedClient(baseUrl, contract), contract };
}

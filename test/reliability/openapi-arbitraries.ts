/**
 * fast-check arbitraries derived from the API's own OpenAPI document: a value valid for a JSON Schema
 * (OpenAPI 3.1), and mutations of it (a required field dropped, an unknown field added, a value of the
 * wrong type, oversized strings, arbitrary JSON).
 */
import fc from 'fast-check';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  example?: unknown;
};

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
}

export interface Operation {
  parameters?: Array<{ name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: JsonSchema }>;
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  security?: Array<Record<string, string[]>>;
}

/** Strings that have broken parsers before: control characters, unicode, injection-looking text. */
export const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '%',
    '%00',
    '../../etc/passwd',
    "' OR 1=1 --",
    '{"$gt":""}',
    '<script>',
    'null',
    'undefined',
    '\uD800',
    '🦄'.repeat(50),
    'a'.repeat(5000),
    '-1',
    '1e309',
    'NaN',
  ),
);

export function arbitraryFor(schema: JsonSchema, doc: OpenApiDocument, depth = 0): fc.Arbitrary<unknown> {
  // Rules the document only shows by example (a known language code, a date not in the future): use the
  // document's example about half the time, so generated requests also get past validation.
  if (schema.example !== undefined && !schema.$ref) {
    const { example, ...rest } = schema;
    return fc.oneof(fc.constant(example), arbitraryFor(rest, doc, depth));
  }
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return arbitraryFor(doc.components.schemas[name] ?? {}, doc, depth);
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => arbitraryFor(s, doc, depth + 1)));
  if (schema.allOf) return arbitraryFor(Object.assign({}, ...schema.allOf) as JsonSchema, doc, depth);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((t) => arbitraryFor({ ...schema, type: t }, doc, depth)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({
        min: schema.minimum ?? (schema.exclusiveMinimum ?? -1000) + (schema.exclusiveMinimum !== undefined ? 1 : 0),
        max: schema.maximum ?? 1000,
      });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'string':
      return stringFor(schema);
    case 'array': {
      const items = schema.items ? arbitraryFor(schema.items, doc, depth + 1) : fc.jsonValue({ maxDepth: 1 });
      return fc.array(items, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, (schema.minItems ?? 0) + 4) });
    }
    default: {
      if (!schema.properties) return depth > 2 ? fc.constant({}) : fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
      const required = new Set(schema.required ?? []);
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries(schema.properties)) shape[k] = arbitraryFor(s, doc, depth + 1);
      return fc.record(shape, { requiredKeys: Object.keys(shape).filter((k) => required.has(k)) });
    }
  }
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Math.max(min, 60);
  switch (schema.format) {
    case 'date':
      return fc.date({ min: new Date('1990-01-01'), max: new Date(Date.now() + 3 * 86_400_000), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return fc.date({ min: new Date('1990-01-01'), max: new Date(Date.now() + 3 * 86_400_000), noInvalidDate: true }).map((d) => d.toISOString());
    case 'uri':
    case 'url':
      return fc.webUrl();
    case 'email':
      return fc.emailAddress();
    default:
      break;
  }
  if (schema.pattern) {
    const matching = fc.stringMatching(new RegExp(schema.pattern));
    // Only bounds the schema states: a pattern's own length may exceed our default maximum.
    return schema.minLength === undefined && schema.maxLength === undefined ? matching : matching.filter((s) => s.length >= min && s.length <= max);
  }
  return fc.string({ minLength: min, maxLength: Math.min(max, min + 80) }).map((s) => (s.trim().length >= min ? s : 'x'.repeat(Math.max(min, 1))));
}

/** A value for the schema, or (about half the time) a mutation of one. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 1, arbitrary: fc.tuple(valid, fc.nat()).map(([v, i]) => dropKey(v, i)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }))
        .map(([v, k, x]) => (isObject(v) ? { ...v, [k || 'extra']: x } : v)),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.nat(), fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), nastyString, fc.array(fc.integer(), { maxLength: 3 }), fc.constant({})))
        .map(([v, i, x]) => replaceValue(v, i, x)),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function dropKey(v: unknown, i: number): unknown {
  if (!isObject(v)) return v;
  const keys = Object.keys(v);
  if (keys.length === 0) return v;
  const { [keys[i % keys.length]!]: _dropped, ...rest } = v;
  return rest;
}

function replaceValue(v: unknown, i: number, x: unknown): unknown {
  if (!isObject(v)) return x;
  const keys = Object.keys(v);
  if (keys.length === 0) return x;
  const key = keys[i % keys.length]!;
  const inner = v[key];
  // Reach one level into nested objects and arrays too, where the interesting validation lives.
  if (isObject(inner) && i % 2 === 0) return { ...v, [key]: replaceValue(inner, Math.floor(i / 2), x) };
  if (Array.isArray(inner) && inner.length > 0 && i % 3 === 0) return { ...v, [key]: inner.map((item, j) => (j === 0 ? replaceValue(item, i, x) : item)) };
  return { ...v, [key]: x };
}

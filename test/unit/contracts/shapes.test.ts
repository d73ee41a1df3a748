/**
 * No record shape is defined twice. records.test.ts catches a domain interface redeclaring a contract
 * record by name; this catches the copy that has another name: it walks every zod schema the contracts,
 * the webhook payloads and the API export (and every object nested in them) and fails when two object
 * schemas of three or more fields have the same field names and field types but are separate definitions.
 * Derive instead: `.pick`, `.extend`, `.meta` or the record's own field schemas keep one definition.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as documentSchemas from '../../../functions/api/schemas/documents.ts';
import * as apiSchemas from '../../../functions/api/schemas.ts';
import * as contracts from '../../../shared/contracts/index.ts';
import * as webhooks from '../../../shared/contracts/webhooks.ts';

type Def = {
  type: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  element?: Schema;
  options?: Schema[];
  in?: Schema;
  out?: Schema;
  keyType?: Schema;
  valueType?: Schema;
  entries?: Record<string, string>;
};
type Schema = { _zod: { def: Def } };

const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && '_zod' in v;

/** A field's type, as far as a copy would repeat it. */
function typeOf(s: Schema): string {
  const d = s._zod.def;
  if (d.type === 'optional' || d.type === 'nullable' || d.type === 'default' || d.type === 'catch') return `${d.type}<${typeOf(d.innerType as Schema)}>`;
  if (d.type === 'array') return `array<${typeOf(d.element as Schema)}>`;
  if (d.type === 'enum')
    return `enum(${Object.values(d.entries ?? {})
      .sort()
      .join('|')})`;
  if (d.type === 'object')
    return `object{${Object.keys(d.shape ?? {})
      .sort()
      .join(',')}}`;
  return d.type;
}

/** Every object schema reachable from `roots`, once per definition, with where it was found. */
function objectSchemas(roots: Record<string, unknown>): Map<Def, string> {
  const found = new Map<Def, string>();
  const seen = new Set<Def>();
  const visit = (s: Schema, where: string) => {
    const d = s._zod.def;
    if (seen.has(d)) return;
    seen.add(d);
    if (d.type === 'object') found.set(d, where);
    for (const [k, child] of Object.entries(d.shape ?? {})) visit(child, `${where}.${k}`);
    for (const child of [d.innerType, d.element, d.in, d.out, d.keyType, d.valueType]) if (child) visit(child, where);
    for (const [i, child] of (d.options ?? []).entries()) visit(child, `${where}|${i}`);
  };
  for (const [name, value] of Object.entries(roots)) {
    if (isSchema(value)) visit(value, name);
    else if (typeof value === 'object' && value !== null)
      for (const [k, v] of Object.entries(value)) {
        if (isSchema(v)) visit(v, `${name}.${k}`);
        else if (typeof v === 'object' && v !== null) for (const [k2, v2] of Object.entries(v)) if (isSchema(v2)) visit(v2, `${name}.${k}.${k2}`);
      }
  }
  return found;
}

/**
 * Same fields, separate definitions, on purpose: the API's input schemas put the input rules (lengths,
 * URL and date checks, strictness) on the contract's fields; records.test.ts checks that their types are
 * the contract's.
 */
const inputRules = new Set<Def>(
  [
    apiSchemas.claimantSchema,
    apiSchemas.appearanceSchema,
    apiSchemas.claimSubmissionSchema,
    documentSchemas.documentSubmissionSchema,
    documentSchemas.speakerTurnSchema,
    documentSchemas.candidatePickSchema,
    apiSchemas.subscriptionRequestSchema,
  ].map((s) => (s as unknown as Schema)._zod.def),
);

/** The definition under optional/nullable/array wrappers. */
function core(s: Schema): Def {
  const d = s._zod.def;
  return d.type === 'optional' || d.type === 'nullable' || d.type === 'array' ? core((d.innerType ?? d.element) as Schema) : d;
}

/** Whether two same-named fields are one definition (or a metadata clone of it), or an input-rules variant. */
const sameField = (a: Schema, b: Schema) =>
  core(a) === core(b) || inputRules.has(core(a)) || inputRules.has(core(b)) || annotated.get(core(a)) === core(b) || annotated.get(core(b)) === core(a);

function copies(roots: Record<string, unknown>): string[][] {
  const bySignature = new Map<string, Array<{ def: Def; where: string }>>();
  for (const [def, where] of objectSchemas(roots)) {
    const fields = Object.entries(def.shape ?? {});
    if (fields.length < 3 || inputRules.has(def)) continue;
    const signature = fields
      .map(([k, s]) => `${k}:${typeOf(s)}`)
      .sort()
      .join(';');
    bySignature.set(signature, [...(bySignature.get(signature) ?? []), { def, where }]);
  }
  const out: string[][] = [];
  for (const group of bySignature.values()) {
    for (const [i, a] of group.entries()) {
      for (const b of group.slice(i + 1)) {
        const other: Record<string, Schema> = b.def.shape ?? {};
        const derived = Object.entries(a.def.shape ?? {}).every(([k, s]) => sameField(s, other[k] as Schema));
        if (!derived) out.push([a.where, b.where]);
      }
    }
  }
  return out;
}

/** Every enum schema reachable from `roots` whose values another, separate enum definition repeats. */
function repeatedEnums(roots: Record<string, unknown>): string[][] {
  const byValues = new Map<string, Array<{ def: Def; where: string }>>();
  const seen = new Set<Def>();
  const visit = (s: Schema, where: string) => {
    const d = s._zod.def;
    if (seen.has(d)) return;
    seen.add(d);
    if (d.type === 'enum') {
      const key = Object.values(d.entries ?? {})
        .sort()
        .join('|');
      byValues.set(key, [...(byValues.get(key) ?? []), { def: d, where }]);
    }
    for (const [k, child] of Object.entries(d.shape ?? {})) visit(child, `${where}.${k}`);
    for (const child of [d.innerType, d.element, d.in, d.out, d.keyType, d.valueType]) if (child) visit(child, where);
    for (const [i, child] of (d.options ?? []).entries()) visit(child, `${where}|${i}`);
  };
  for (const [name, value] of Object.entries(roots)) if (isSchema(value)) visit(value, name);
  return [...byValues.values()].filter((g) => g.length > 1).map((g) => g.map((e) => e.where));
}

/** The documents API's responses: each the contract's record with OpenAPI metadata (API schema, contract). */
const documentResponses: Array<[string, Schema, Schema]> = [
  ['ClaimMatch', documentSchemas.claimMatchSchema, contracts.claimMatchView],
  ['DocumentCandidate', documentSchemas.candidateSchema, contracts.documentCandidateView],
  ['DocumentSegment', documentSchemas.segmentSchema, contracts.documentSegment],
  ['Document', documentSchemas.documentSchema, contracts.documentView],
  ['DocumentClaimsResult', documentSchemas.documentClaimsResultSchema, contracts.documentClaimsResult],
].map(([name, api, contract]) => [name as string, api as unknown as Schema, contract as unknown as Schema]);
const annotated = new Map(documentResponses.map(([, api, contract]) => [core(api), core(contract)]));

/** Fields of `api` that are not the contract's field (itself, a metadata clone, or the API's annotated record of it). */
function fieldsNotFromContract(api: Schema, contract: Schema): string[] {
  const apiShape = api._zod.def.shape ?? {};
  const contractShape = contract._zod.def.shape ?? {};
  const keys = [...new Set([...Object.keys(apiShape), ...Object.keys(contractShape)])];
  return keys.filter((k) => {
    const [a, c] = [apiShape[k], contractShape[k]];
    if (!a || !c) return true;
    return !(core(a) === core(c) || annotated.get(core(a)) === core(c));
  });
}

describe('contracts: no record shape defined twice', () => {
  const roots = { ...contracts, ...webhooks, ...apiSchemas, ...documentSchemas };

  it('walks the records (the check is not vacuous)', () => {
    expect(objectSchemas(roots).size).toBeGreaterThan(40);
  });

  it('no two object schemas repeat the same fields under separate definitions', () => {
    expect(copies(roots)).toEqual([]);
  });

  it('no enum is defined twice: every enum schema with the same values is one definition', () => {
    expect(repeatedEnums(roots)).toEqual([]);
  });

  it.each(documentResponses)("the documents API's %s is the contract's record with metadata only", (_, api, contract) => {
    expect(fieldsNotFromContract(api, contract)).toEqual([]);
  });

  it('the checks find an enum or a record field written out again', () => {
    expect(repeatedEnums({ a: z.object({ p: contracts.priority }), b: z.enum(contracts.priorities) })).toHaveLength(1);
    const contract = contracts.documentSegment as unknown as Schema;
    const rewritten = contracts.documentSegment.extend({ start: z.number().int() }) as unknown as Schema;
    expect(fieldsNotFromContract(rewritten, contract)).toEqual(['start']);
    const annotatedStart = contracts.documentSegment.extend({ start: contracts.documentSegment.shape.start.meta({ description: 'x' }) });
    expect(fieldsNotFromContract(annotatedStart as unknown as Schema, contract)).toEqual([]);
  });

  it('the check finds a copy written out again, and accepts a derived one', () => {
    const copy = z.object({ url: z.string(), date: z.string(), note: z.string() });
    const again = z.object({ note: z.string(), url: z.string(), date: z.string() });
    expect(copies({ copy, again })).toHaveLength(1);
    expect(copies({ copy, derived: copy.meta({ id: 'Named' }), picked: z.object({ wrapped: copy.optional() }) })).toEqual([]);
  });
});

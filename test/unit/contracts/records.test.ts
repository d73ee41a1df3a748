/**
 * Every record is defined once, in shared/contracts/: the domain's types are `RecordOf` (z.infer) of the
 * contract schemas, and the API's response schemas are the contract's schemas with OpenAPI metadata added.
 * These checks fail when a copy comes back: a domain interface redeclaring a contract record, or an API
 * schema written out again by hand (its fields are then other zod instances than the contract's).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import * as contracts from '../../../shared/contracts/index.ts';
import { claimSchema } from '../../../functions/api/schemas.ts';
import type { EvidenceRecord, ProviderOutcome } from '../../../shared/domain/evidence.ts';
import type { TriageResult } from '../../../shared/domain/triage/types.ts';

const root = join(import.meta.dirname, '../../..');
const contractsDir = join(root, 'shared/contracts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** The type names the contracts define as records (`export type X = RecordOf<typeof x>`). */
const recordNames = readdirSync(contractsDir).flatMap((f) =>
  [...readFileSync(join(contractsDir, f), 'utf8').matchAll(/export type (\w+) = RecordOf</g)].map((m) => m[1] as string),
);

/** The object schema inside optional/nullable/array wrappers. */
function objectOf(schema: z.ZodType): z.ZodObject {
  let s = schema as unknown as { _zod: { def: { type: string; innerType?: unknown; element?: unknown } } };
  while (s._zod.def.type !== 'object') s = (s._zod.def.innerType ?? s._zod.def.element) as typeof s;
  return s as unknown as z.ZodObject;
}

/** Each field of `contract` (less `omitted`) is the very same zod instance in `api`: derived, not copied. */
function expectDerived(api: z.ZodType, contract: z.ZodObject, omitted: string[] = []): void {
  const apiShape = objectOf(api).shape;
  const expected = Object.keys(contract.shape).filter((k) => !omitted.includes(k));
  for (const key of expected) expect({ key, same: apiShape[key] === contract.shape[key] }).toEqual({ key, same: true });
}

describe('contracts: one definition of every record', () => {
  it('finds the contract records (the checks below are not vacuous)', () => {
    expect(recordNames).toEqual(expect.arrayContaining(['EvidenceRecord', 'ProviderOutcome', 'TriageResult', 'ClaimSignature']));
  });

  it('no contract record is declared again as an interface or object type outside shared/contracts', () => {
    const copies: string[] = [];
    for (const file of ['functions', 'shared', 'infra', 'test/support'].flatMap((d) => sourceFiles(join(root, d)))) {
      if (file.startsWith(contractsDir)) continue;
      const source = readFileSync(file, 'utf8');
      for (const name of recordNames) {
        if (new RegExp(String.raw`\b(?:interface\s+${name}\b|type\s+${name}\s*=\s*\{)`).test(source)) copies.push(`${relative(root, file)}: ${name}`);
      }
    }
    expect(copies).toEqual([]);
  });

  it('the domain types are the contract records', () => {
    expectTypeOf<EvidenceRecord>().toEqualTypeOf<contracts.RecordOf<typeof contracts.evidenceRecord>>();
    expectTypeOf<ProviderOutcome>().toEqualTypeOf<contracts.RecordOf<typeof contracts.providerOutcome>>();
    expectTypeOf<TriageResult>().toEqualTypeOf<contracts.RecordOf<typeof contracts.triageResult>>();
  });

  it("the API's claim response is built from the contract's records", () => {
    expectDerived(claimSchema.shape.evidence, contracts.evidenceRecord);
    expectDerived(claimSchema.shape.triage, contracts.triageResult, ['related']);
  });
});

/**
 * Every enum is defined once, in shared/contracts/. This reads the source tree and fails when a contract
 * enum's literal list is written out again anywhere else, as an array (`['low', 'normal', 'high']`) or as a
 * union type (`'low' | 'normal' | 'high'`), in any order. Import the contract (or its `.options`) instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as contracts from '../../../shared/contracts/index.ts';

const root = join(import.meta.dirname, '../../..');
const scanned = ['functions', 'shared', 'infra', 'test/support'];
const contractsDir = join(root, 'shared/contracts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

const str = String.raw`(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")`;
const arrayOfStrings = new RegExp(String.raw`\[\s*${str}(?:\s*,\s*${str})+\s*,?\s*\]`, 'g');
const unionOfStrings = new RegExp(String.raw`${str}(?:\s*\|\s*${str})+`, 'g');
const literal = new RegExp(str, 'g');

/** Every list of two or more string literals in `source`, each as a sorted key. */
function literalLists(source: string): Array<{ key: string; text: string }> {
  const out: Array<{ key: string; text: string }> = [];
  for (const re of [arrayOfStrings, unionOfStrings]) {
    for (const m of source.matchAll(re)) {
      const values = [...m[0].matchAll(literal)].map((l) => l[0].slice(1, -1));
      out.push({ key: [...new Set(values)].sort().join('\u0000'), text: m[0] });
    }
  }
  return out;
}

const enums = Object.entries(contracts).flatMap(([name, value]) => {
  const options = (value as { options?: unknown }).options;
  const isEnum = (value as { def?: { type?: string } })?.def?.type === 'enum';
  return isEnum && Array.isArray(options) && options.length >= 2 ? [{ name, key: [...options].map(String).sort().join('\u0000') }] : [];
});

describe('contracts: one definition of every enum', () => {
  it('finds the contract enums (the check below is not vacuous)', () => {
    expect(enums.map((e) => e.name)).toEqual(expect.arrayContaining(['claimStatus', 'priority', 'role', 'decisionKind', 'partnerEvent']));
    expect(literalLists("type A = 'x' | 'y'; const b = ['p', \"q's\"];").map((l) => l.key)).toEqual(["p\u0000q's", 'x\u0000y']);
  });

  it('no two contract enums have the same literals', () => {
    const keys = enums.map((e) => e.key);
    expect(keys.length).toBe(new Set(keys).size);
  });

  it('no contract enum is written out again outside shared/contracts', () => {
    const byKey = new Map(enums.map((e) => [e.key, e.name]));
    const copies: string[] = [];
    for (const file of scanned.flatMap((d) => sourceFiles(join(root, d)))) {
      if (file.startsWith(contractsDir)) continue;
      for (const list of literalLists(readFileSync(file, 'utf8'))) {
        const name = byKey.get(list.key);
        if (name) copies.push(`${relative(root, file)}: ${list.text} copies contracts.${name}`);
      }
    }
    expect(copies).toEqual([]);
  });
});

/**
 * A file should hold one job, small enough to read in one sitting: a source file over 300 lines needs a
 * `// one file because …` comment saying why it must stay one file. This fails on any new file that grows
 * past that without one. There are no exemptions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const LIMIT = 300;
const REASON = /\/\/ one file because \S/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Lines as an editor counts them (a final newline does not start another line). */
const lineCount = (source: string) => source.split('\n').length - (source.endsWith('\n') ? 1 : 0);

function tooLong(files: Array<{ path: string; source: string }>): string[] {
  return files
    .filter(({ source }) => lineCount(source) > LIMIT && !REASON.test(source))
    .map(({ path, source }) => `${path}: ${lineCount(source)} lines, no "// one file because …" comment`);
}

describe('source files stay small', () => {
  it(`no source file in functions/, shared/, infra/ or client/ is over ${LIMIT} lines without a reason`, () => {
    const files = ['functions', 'shared', 'infra', 'client']
      .flatMap((d) => sourceFiles(join(root, d)))
      .map((f) => ({ path: relative(root, f), source: readFileSync(f, 'utf8') }));
    expect(files.length).toBeGreaterThan(100);
    expect(tooLong(files)).toEqual([]);
  });

  it('the check finds a long file, and accepts one that says why', () => {
    const long = Array.from({ length: LIMIT + 1 }, (_, i) => `const a${i} = ${i};`).join('\n');
    expect(tooLong([{ path: 'shared/new.ts', source: long }])).toHaveLength(1);
    expect(tooLong([{ path: 'shared/new.ts', source: `// one file because the table reads best whole\n${long}` }])).toEqual([]);
  });
});

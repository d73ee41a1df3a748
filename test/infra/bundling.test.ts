/**
 * What CDK deploys for a function (infra/constructs/bundling.ts, run by FactflowFunction's asset): a loader that
 * turns source maps on only at log level DEBUG, the AWS SDK inside the bundle, English-only zod messages, the
 * tracer and the Step Functions client in chunks a cold start without them never reads, and the language
 * detector unchanged by its lazily parsed table. One real synth of one function, then its asset run in child
 * processes (no DynamoDB needed: the events fail before any call, or need none).
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction, LANGUAGE_TABLE_FILE, LOADER_FILE } from '../../infra/constructs/bundling.ts';
import { FactflowFunction, repositoryRoot } from '../../infra/constructs/factflow-function.ts';
import { detectLanguage } from '../../shared/domain/triage/language.ts';

let asset = '';
let scratch = '';
let assetKeys: ReadonlyArray<readonly [string, string]> = [];

beforeAll(() => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'factflow-bundling-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'BundlingTest');
  for (const [id, entry] of [
    ['CloseClaim', 'functions/workflow/close-claim.ts'],
    ['Reconciler', 'functions/maintenance/start-pending-claims.ts'],
  ] as const) {
    new FactflowFunction(stack, id, { entry, description: id, memorySize: 256, timeout: Duration.seconds(15), stage: 'prod' });
  }
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }>;
  };
  assetKeys = Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
    .map(([id, r]) => [id, String(r.Properties.Code?.S3Key)] as const);
  const closeClaim = assetKeys.find(([id]) => id.startsWith('CloseClaim'))?.[1];
  if (!closeClaim) throw new Error('no asset synthesized');
  asset = path.join(assembly.directory, `asset.${closeClaim.replace(/\.zip$/, '')}`);
  scratch = mkdtempSync(path.join(tmpdir(), 'factflow-bundling-run-'));
}, 120_000);

/** JavaScript files of the asset, path relative to it → text. */
function javascript(): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(asset, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.mjs')) {
      const full = path.join(entry.parentPath, entry.name);
      files.set(path.relative(asset, full), readFileSync(full, 'utf8'));
    }
  }
  return files;
}

/**
 * Runs `script` (ESM, with `handler` imported from the asset's loader) in a fresh Node process; a module hook
 * records every file of the asset that gets loaded.
 */
function runInAsset(script: string, env: Record<string, string>): Promise<{ stdout: string; loaded: string[] }> {
  const log = path.join(scratch, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  const hooks = path.join(scratch, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); }\n`,
  );
  const register = path.join(scratch, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const main = path.join(scratch, `main-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(main, `import { handler } from ${JSON.stringify(pathToFileURL(path.join(asset, LOADER_FILE)).href)};\n${script}\n`);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', pathToFileURL(register).href, main],
      {
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: 'eu-west-1',
          TABLE_NAME: 'none',
          STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:000000000000:stateMachine:x',
          ...env,
        },
      },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`${err.message}\n${stderr}`));
        let loaded: string[] = [];
        try {
          loaded = readFileSync(log, 'utf8')
            .split('\n')
            .filter((u) => u.startsWith('file:'))
            .map((u) => path.relative(asset, new URL(u).pathname))
            .filter((p) => !p.startsWith('..'));
        } catch {
          // nothing of the asset loaded
        }
        resolve({ stdout, loaded });
      },
    );
  });
}

/** An invalid step input: the workflow handler throws InvalidStepInput before touching AWS. */
const FAILING_INVOCATION = `
try { await handler({ outcome: 'nonsense' }, { awsRequestId: 'test', functionName: 'test' }); }
catch (err) { console.log(JSON.stringify({ name: err.name, stack: err.stack })); }
`;

/**
 * Names that appear in the bundle's text without being imports: the SDK's error message for SigV4a tells the reader
 * to `import("@aws-sdk/signature-v4-crt")` (multi-region access points, which factflow never calls).
 */
const OPTIONAL = new Set(['@aws-sdk/signature-v4-crt']);

describe('a deployed function asset', () => {
  it("is the function's own: two functions of one stack get two assets", () => {
    expect(assetKeys).toHaveLength(2);
    expect(new Set(assetKeys.map(([, key]) => key)).size).toBe(2);
  });

  it('is a loader, the bundle with its linked source map, and chunks; it imports no package from outside itself', () => {
    const files = javascript();
    expect(files.get(LOADER_FILE)).toContain("import('./main.mjs')");
    expect(files.get('main.mjs')).toMatch(/\/\/# sourceMappingURL=main\.mjs\.map\s*$/);
    expect(readdirSync(asset)).toContain('main.mjs.map');
    for (const [file, text] of files) {
      // Only node: built-ins and the asset's own files: the AWS SDK is bundled, not taken from the runtime.
      const bare = [...text.matchAll(/\b(?:from|import)\s*\(?\s*"([@\w][\w@./:-]*)"/g)]
        .map((m) => m[1]!)
        .filter((s) => !s.startsWith('node:') && !OPTIONAL.has(s));
      expect(bare, file).toEqual([]);
    }
  });

  it('carries zod error messages in English only', () => {
    const all = [...javascript().values()].join('\n');
    expect(all).toContain('Invalid input');
    // Words of zod's German and French messages (de.js, fr.js), ASCII so that minified escapes do not hide them.
    expect(all).not.toContain('erwartet');
    expect(all).not.toContain('attendu');
  });

  it("imports zod's API as a namespace (`import * as z`), so a bundle keeps only the parts it uses", () => {
    // `import { z } from 'zod'` names a re-exported namespace, which esbuild keeps whole (188 KB against 98 KB as
    // `* as z`) in every function. The API's route schemas take `z` from @hono/zod-openapi, which needs all of it.
    const offenders: string[] = [];
    for (const dir of ['shared', 'functions']) {
      for (const entry of readdirSync(path.join(repositoryRoot, dir), { withFileTypes: true, recursive: true })) {
        if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
        const file = path.join(entry.parentPath, entry.name);
        if (/^import\s+(?:type\s+)?\{[^}]*\bz\b[^}]*\}\s+from\s+'zod(?:\/[^']*)?'/m.test(readFileSync(file, 'utf8')))
          offenders.push(path.relative(repositoryRoot, file));
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps the X-Ray tracer and the Step Functions client out of what a cold start reads', () => {
    const files = javascript();
    const holding = (marker: string) => [...files].filter(([, text]) => text.includes(marker)).map(([file]) => file);
    // The X-Ray SDK's daemon variable, and the Step Functions API's target prefix.
    for (const marker of ['AWS_XRAY_DAEMON_ADDRESS', 'AWSStepFunctions']) {
      const where = holding(marker);
      expect(where.length, marker).toBeGreaterThan(0);
      expect(
        where.every((file) => file.startsWith('chunks/')),
        marker,
      ).toBe(true);
    }
  });

  it('answers with stack traces of the bundle at log level INFO, and of the TypeScript sources at DEBUG', async () => {
    const info = await runInAsset(FAILING_INVOCATION, { AWS_LAMBDA_LOG_LEVEL: 'INFO' });
    const debug = await runInAsset(FAILING_INVOCATION, { AWS_LAMBDA_LOG_LEVEL: 'DEBUG' });
    const lastLine = (out: string) => JSON.parse(out.trim().split('\n').pop() ?? '{}') as { name?: string; stack?: string };
    expect(lastLine(info.stdout).name).toBe('InvalidStepInput');
    expect(lastLine(info.stdout).stack).toContain('main.mjs');
    expect(lastLine(info.stdout).stack).not.toContain('workflow-handler.ts');
    expect(lastLine(debug.stdout).name).toBe('InvalidStepInput');
    expect(lastLine(debug.stdout).stack).toContain('functions/commons/workflow-handler.ts');
  }, 60_000);

  it('does not load the tracer when tracing is off, and loads it on Lambda with tracing on', async () => {
    const tracerChunks = [...javascript()].filter(([, text]) => text.includes('AWS_XRAY_DAEMON_ADDRESS')).map(([file]) => file);
    const off = await runInAsset(FAILING_INVOCATION, { AWS_LAMBDA_LOG_LEVEL: 'INFO' });
    expect(off.loaded).toContain('main.mjs');
    expect(off.loaded.filter((f) => tracerChunks.includes(f))).toEqual([]);
    const disabled = await runInAsset(FAILING_INVOCATION, {
      AWS_LAMBDA_LOG_LEVEL: 'INFO',
      AWS_LAMBDA_FUNCTION_NAME: 'close-claim',
      POWERTOOLS_TRACE_ENABLED: 'false',
    });
    expect(disabled.loaded.filter((f) => tracerChunks.includes(f))).toEqual([]);
    const on = await runInAsset(FAILING_INVOCATION, {
      AWS_LAMBDA_LOG_LEVEL: 'INFO',
      AWS_LAMBDA_FUNCTION_NAME: 'close-claim',
      AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    });
    expect(on.loaded.filter((f) => tracerChunks.includes(f)).length).toBeGreaterThan(0);
  }, 60_000);

  it('detects languages as the unbundled detector does (its table parsed on first use)', async () => {
    const texts = [
      'Vaccines cause autism.',
      'Some 3,000 North Korean troops are joining the Russian army in Ukraine.',
      'El desempleo bajó al 3,9 % en marzo, el nivel más bajo en años.',
      'ارتفعت أسعار الوقود بنسبة عشرين في المئة هذا العام',
      'Безработицата е спаднала до най-ниското ниво от десет години.',
    ];
    expect(readdirSync(asset)).toContain(LANGUAGE_TABLE_FILE);
    const entry = path.join(scratch, 'detect.ts');
    writeFileSync(
      entry,
      `import { detectLanguage } from ${JSON.stringify(path.join(repositoryRoot, 'shared/domain/triage/language.ts'))};\nexport const handler = async (texts: string[]) => texts.map((t) => detectLanguage(t).code);\n`,
    );
    const out = path.join(scratch, 'detect-asset');
    mkdirSync(out);
    await bundleFunction(repositoryRoot, { entry }, out);
    // The table is a JSON file beside the bundle, not eld's object literal (nor a string) inside it.
    expect(readFileSync(path.join(out, 'main.mjs'), 'utf8')).not.toContain('M60');
    expect(readFileSync(path.join(out, LANGUAGE_TABLE_FILE), 'utf8')).toContain('"type":"M60"');
    const run = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const { handler } = await import(${JSON.stringify(pathToFileURL(path.join(out, LOADER_FILE)).href)}); console.log(JSON.stringify(await handler(${JSON.stringify(texts)})));`,
        ],
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      ),
    );
    expect(JSON.parse(run)).toEqual(texts.map((t) => detectLanguage(t).code));
    expect(JSON.parse(run)).toEqual(['en', 'en', 'es', 'ar', 'bg']);
  }, 60_000);
});

/**
 * How every Lambda is bundled: one definition, used by CDK (FactflowFunction's asset) and by `npm run bench`
 * (test/bench/cold-start.ts measures the assets CDK built with it). esbuild runs through its JavaScript API
 * rather than NodejsFunction's esbuild command line, because one of the cold-start changes needs a resolver
 * plugin, which the command line cannot take.
 *
 * What makes a bundle start fast (issue #11, item 5; each measured in `npm run bench`):
 * - the AWS SDK is bundled, not resolved file by file from the runtime's copy at /var/runtime;
 * - code needed only sometimes (the Step Functions client, the X-Ray tracer) sits in chunks of its own
 *   (`splitting`), so a cold start that never calls `import()` for it never reads it;
 * - zod's error messages in English only (see englishOnlyZodLocales);
 * - the language detector's n-gram table (2.3 MB) read and parsed on first use, from a JSON file beside the bundle,
 *   not compiled at load as a JS literal (see lazyLanguageModel): every function imports the triage code, few of
 *   them ever detect a language;
 * - no `--enable-source-maps` in NODE_OPTIONS: with it Node reads and parses the whole source map at every
 *   cold start. The map ships beside the bundle, and the entry file (LOADER) turns source-mapped stack traces
 *   on only when the function logs at DEBUG, so they stay one log-level switch away.
 */
import type { BuildOptions, Metafile, Plugin } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** What one function's asset holds beside its code. */
export interface BundleSpec {
  /** Handler module, relative to the repository root (or absolute: the bench's baseline handlers). */
  entry: string;
  /** Files (repository-relative) copied into `docs-assets/`. */
  docsAssets?: readonly string[];
  /** Copy `modelSourceDir/*.bin` into `modelBundleDir/`. */
  models?: { sourceDir: string; bundleDir: string };
}

/** The file Lambda loads (handler `index.handler`); the bundle itself is main.mjs beside it. */
export const LOADER_FILE = 'index.mjs';
export const MAIN_FILE = 'main.mjs';

/**
 * The entry file of every asset. Lambda sets AWS_LAMBDA_LOG_LEVEL from the function's application log level
 * (JSON logging); Powertools Logger reads it first, then POWERTOOLS_LOG_LEVEL, then LOG_LEVEL, and so does this.
 * Source maps must be on before the mapped file loads, hence a loader in front of the bundle.
 */
export const LOADER = `const level = (process.env.AWS_LAMBDA_LOG_LEVEL || process.env.POWERTOOLS_LOG_LEVEL || process.env.LOG_LEVEL || '').toUpperCase();
if (level === 'DEBUG' || level === 'TRACE') process.setSourceMapsEnabled(true);
export const { handler } = await import('./${MAIN_FILE}');
`;

/** Some dependencies are CommonJS and call require(); give each ESM output file one. */
export const REQUIRE_BANNER = "import { createRequire as __ffCreateRequire } from 'node:module'; const require = __ffCreateRequire(import.meta.url);";

/**
 * `import { z } from 'zod'` (zod 4 classic, which @hono/zod-openapi builds on) re-exports namespaces (classic's and
 * core's) holding `locales`, every language's error messages (about 260 KB minified); esbuild keeps a re-exported namespace
 * whole, so they all land in every bundle. The messages factflow answers with are English (zod's default,
 * configured by zod itself from locales/en.js), so the locales index is replaced by one exporting `en` only.
 * A relative import inside a package cannot be aliased, hence a plugin.
 */
export function englishOnlyZodLocales(): Plugin {
  return {
    name: 'factflow-zod-english-only',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
        if (!/[\\/]zod[\\/]v4[\\/](?:classic|core)[\\/]/.test(args.importer)) return undefined;
        return { path: path.join(path.dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-english-only' };
      });
      build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
        contents: `export { default as en } from ${JSON.stringify(args.path)};`,
        resolveDir: path.dirname(args.path),
        loader: 'js',
      }));
    },
  };
}

/** The language detector's n-gram table, beside the bundle (see lazyLanguageModel). */
export const LANGUAGE_TABLE_FILE = 'eld-medium.json';

/**
 * eld (shared/domain/triage/language.ts imports `eld/medium`) ships its n-gram table as one 2.3 MB JavaScript object
 * literal that Node compiles and evaluates when the module loads: the largest single cost of a cold start, paid by
 * every function although only triage, retriage and document analysis detect languages. In the bundle,
 * `eld/medium` becomes the same detector (eld's own createEld) whose table is a JSON file beside the bundle, read and
 * parsed on the first detect() (JSON.parse is V8's fastest way to build a large object; kept out of the JavaScript,
 * the table costs nothing to compile). The table is eld's own data, serialized at build time; detection is unchanged
 * (test/infra/bundling.test.ts detects with the bundle). Only detect() loads it: factflow calls nothing else.
 */
export function lazyLanguageModel(): Plugin {
  return {
    name: 'factflow-eld-lazy-table',
    setup(build) {
      build.onResolve({ filter: /^eld\/medium$/ }, async (args) => {
        if (args.pluginData === 'lazy-eld') return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'lazy-eld' });
        if (resolved.errors.length > 0) return undefined;
        return { path: resolved.path, namespace: 'eld-lazy-table' };
      });
      build.onLoad({ filter: /.*/, namespace: 'eld-lazy-table' }, async (args) => {
        const src = path.dirname(path.dirname(args.path));
        const { ngramsData } = (await import(pathToFileURL(path.join(src, 'ngrams', 'medium.js')).href)) as { ngramsData: unknown };
        const outdir = build.initialOptions.outdir;
        if (!outdir) throw new Error('lazyLanguageModel needs an outdir');
        mkdirSync(outdir, { recursive: true });
        writeFileSync(path.join(outdir, LANGUAGE_TABLE_FILE), JSON.stringify(ngramsData));
        return {
          contents: [
            `import { createEld } from ${JSON.stringify(path.join(src, 'languageDetector.js'))};`,
            "import { existsSync, readFileSync } from 'node:fs';",
            // This code lands in main.mjs or in a chunk (chunks/): the table is at the asset's root.
            `const candidates = [new URL('./${LANGUAGE_TABLE_FILE}', import.meta.url), new URL('../${LANGUAGE_TABLE_FILE}', import.meta.url)];`,
            'const { instance, loadData } = createEld();',
            'const detect = instance.detect;',
            'let loaded = false;',
            'instance.detect = function (text) {',
            '  if (!loaded) {',
            '    const file = candidates.find((c) => existsSync(c));',
            "    if (!file) throw new Error('language table missing beside the bundle');",
            "    loadData(JSON.parse(readFileSync(file, 'utf8')));",
            '    loaded = true;',
            '  }',
            '  return detect.call(this, text);',
            '};',
            'export const eld = instance;',
            'export default instance;',
          ].join('\n'),
          resolveDir: src,
          loader: 'js',
        };
      });
    },
  };
}

export function esbuildOptions(repositoryRoot: string, entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: { main: path.isAbsolute(entry) ? entry : path.join(repositoryRoot, entry) },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    // Linked maps without the sources' text: enough to map a stack trace, a fraction of the size.
    sourcemap: 'linked',
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_BANNER },
    metafile: true,
    logLevel: 'warning',
    plugins: [englishOnlyZodLocales(), lazyLanguageModel()],
  };
}

/** Builds one function's asset into `outdir`: the loader, the bundle and its chunks, and the files it carries. */
export async function bundleFunction(repositoryRoot: string, spec: BundleSpec, outdir: string): Promise<Metafile> {
  const { build } = await import('esbuild');
  const result = await build(esbuildOptions(repositoryRoot, spec.entry, outdir));
  writeFileSync(path.join(outdir, LOADER_FILE), LOADER);
  if (spec.docsAssets?.length) {
    mkdirSync(path.join(outdir, 'docs-assets'), { recursive: true });
    for (const file of spec.docsAssets) copyFileSync(path.join(repositoryRoot, file), path.join(outdir, 'docs-assets', path.basename(file)));
  }
  if (spec.models) {
    const target = path.join(outdir, spec.models.bundleDir);
    mkdirSync(target, { recursive: true });
    const source = path.join(repositoryRoot, spec.models.sourceDir);
    for (const file of readdirSync(source).filter((f) => f.endsWith('.bin'))) copyFileSync(path.join(source, file), path.join(target, file));
  }
  return result.metafile ?? { inputs: {}, outputs: {} };
}

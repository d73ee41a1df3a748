/**
 * `npm run client` (`-- --check` to only compare): regenerates the typed client's types,
 * client/schema.ts, from the document the API serves at /openapi.json.
 *
 * Why a folder of its own: openapi-typescript 7 builds its output with TypeScript 5's compiler API, which
 * TypeScript 7 (the app's compiler, a native port) no longer ships. This folder pins openapi-typescript and
 * TypeScript 5.9 in its own package.json and lockfile; the script installs them with `npm ci` on first
 * use, so neither `npm ci` nor `npm test` of the app needs them (the test checks the fingerprints in the
 * generated header, see client/fingerprint.ts).
 */
import '@hono/zod-openapi';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { apiDescription, createApp } from '../../functions/api/app.ts';
import { clientHeader, describedContract, documentFingerprint } from '../../client/fingerprint.ts';

const here = import.meta.dirname;
const root = path.resolve(here, '../..');
const target = path.join(root, 'client/schema.ts');

/** The part of openapi-typescript's API this script uses (its own types live in the tools folder only). */
interface OpenApiTypescript {
  default: (schema: Record<string, unknown>, options?: Record<string, unknown>) => Promise<unknown[]>;
  astToString: (nodes: unknown[]) => string;
}

function installTools(): void {
  if (existsSync(path.join(here, 'node_modules/.package-lock.json'))) return;
  console.error('installing the pinned generator (tools/openapi-client: openapi-typescript, TypeScript 5.9) ...');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', here], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function version(pkg: string): string {
  return (JSON.parse(readFileSync(path.join(here, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The document exactly as GET /openapi.json builds it (no runtime is needed to describe the routes). */
export function servedDocument(): Record<string, unknown> {
  const app = createApp(() => {
    throw new Error('describing the API needs no runtime');
  });
  return JSON.parse(JSON.stringify(app.getOpenAPI31Document(apiDescription('http://localhost:3000')))) as Record<string, unknown>;
}

/** Biome formats the generated text as it does every other file, so `npm run lint` passes on it. */
function format(text: string): string {
  const biome = spawnSync(path.join(root, 'node_modules/.bin/biome'), ['format', `--stdin-file-path=${target}`], { input: text, encoding: 'utf8', cwd: root });
  if (biome.status !== 0) throw new Error(`biome format failed: ${biome.stderr}`);
  return biome.stdout;
}

export async function generateClient(): Promise<string> {
  installTools();
  const generator = (await import(pathToFileURL(path.join(here, 'node_modules/openapi-typescript/dist/index.mjs')).href)) as OpenApiTypescript;
  const document = servedDocument();
  const nodes = await generator.default(describedContract(document), { alphabetize: false });
  const body = format(generator.astToString(nodes));
  return clientHeader(`openapi-typescript ${version('openapi-typescript')} (TypeScript ${version('typescript')})`, documentFingerprint(document), body) + body;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const generated = await generateClient();
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  const relative = path.relative(root, target);
  if (process.argv.includes('--check')) {
    if (current !== generated) {
      console.error(`${relative} differs from what /openapi.json generates: run \`npm run client\` and commit it`);
      process.exitCode = 1;
    } else console.log(`${relative} matches /openapi.json`);
  } else if (current === generated) console.log(`${relative} is up to date`);
  else {
    writeFileSync(target, generated);
    console.log(`wrote ${relative}`);
  }
}

/**
 * `tsx infra/constructs/bundle-cli.ts '<BundleSpec JSON>' <outdir>`: CDK's local bundling runs this in a child
 * process (Code.fromAsset's local bundler must answer synchronously, and esbuild plugins run only in the
 * asynchronous build). Everything it does is bundleFunction in ./bundling.ts.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFunction, type BundleSpec } from './bundling.ts';

const [specJson, outdir] = process.argv.slice(2);
if (!specJson || !outdir) {
  console.error('usage: bundle-cli.ts <spec JSON> <outdir>');
  process.exit(2);
}
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
bundleFunction(repositoryRoot, JSON.parse(specJson) as BundleSpec, outdir).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);

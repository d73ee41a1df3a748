/**
 * The deployed triage function carries the check-worthiness model: CDK bundling (esbuild, then the afterBundling
 * hook) puts the very files of shared/models/check-worthiness/ into the asset, and the function is told where.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Duration } from 'aws-cdk-lib';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_MODEL_DIR, FactflowFunction, MODEL_SOURCE_DIR, repositoryRoot } from '../../infra/constructs/factflow-function.ts';
import { MODEL_FILES } from '../../shared/adapters/check-worthiness-model.ts';

describe('triage bundle', () => {
  it('the synthesized triage asset holds the model files, byte for byte, and FACTFLOW_TRIAGE_MODEL_DIR names them', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'factflow-bundle-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'BundleTest');
    new FactflowFunction(stack, 'Triage', {
      entry: 'functions/workflow/triage.ts',
      description: 'triage',
      memorySize: 1024,
      timeout: Duration.seconds(30),
      stage: 'dev',
      withCheckWorthinessModel: true,
    });
    const assembly = app.synth();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { FACTFLOW_TRIAGE_MODEL_DIR: `/var/task/${BUNDLED_MODEL_DIR}` } },
    });
    const assetDir = readdirSync(assembly.directory).find((d) => d.startsWith('asset.'));
    expect(assetDir).toBeDefined();
    const bundled = path.join(assembly.directory, assetDir!, BUNDLED_MODEL_DIR);
    expect(readdirSync(bundled).sort()).toEqual([...MODEL_FILES].sort());
    for (const file of MODEL_FILES) {
      expect(readFileSync(path.join(bundled, file)).equals(readFileSync(path.join(repositoryRoot, MODEL_SOURCE_DIR, file)))).toBe(true);
    }
    expect(readdirSync(path.join(assembly.directory, assetDir!))).toContain('index.mjs');
  });

  it('the API asset carries both the docs assets and the model files (one afterBundling hook copies every kind)', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'factflow-bundle-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'ApiBundleTest');
    new FactflowFunction(stack, 'Api', {
      entry: 'functions/api/handler.ts',
      description: 'api',
      memorySize: 512,
      timeout: Duration.seconds(15),
      stage: 'dev',
      docsAssets: ['node_modules/swagger-ui-dist/swagger-ui.css'],
      withCheckWorthinessModel: true,
    });
    const assembly = app.synth();
    const assetDir = readdirSync(assembly.directory).find((d) => d.startsWith('asset.'));
    expect(assetDir).toBeDefined();
    expect(readdirSync(path.join(assembly.directory, assetDir!, BUNDLED_MODEL_DIR)).sort()).toEqual([...MODEL_FILES].sort());
    expect(readdirSync(path.join(assembly.directory, assetDir!, 'docs-assets'))).toEqual(['swagger-ui.css']);
  });
});

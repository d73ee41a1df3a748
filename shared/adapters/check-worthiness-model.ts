/**
 * Loads the check-worthiness model files once per process (a Lambda cold start, the local stack, a test worker)
 * and installs them in the domain scorer. Importing this module registers a lazy loader: the files are read
 * the first time a claim is scored.
 *
 * Where the files are: $FACTFLOW_TRIAGE_MODEL_DIR when set (the deployed triage function sets it to the copy
 * that CDK bundling puts beside its code), else shared/models/check-worthiness/ in the repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CheckWorthinessModels, setCheckWorthinessModelLoader } from '../domain/triage/check-worthiness.ts';
import { type CheckWorthinessModel, parseCheckWorthinessModel } from '../domain/triage/check-worthiness-model.ts';

export const MODEL_FILES = ['en.bin', 'en-cues.bin', 'en-transcript.bin', 'es.bin', 'ar.bin', 'bg.bin', 'tr.bin', 'multi.bin'] as const;

export function defaultModelDir(): string {
  const fromEnv = process.env.FACTFLOW_TRIAGE_MODEL_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return fileURLToPath(new URL('../models/check-worthiness/', import.meta.url));
}

/**
 * Read and parse every model in `dir`; "multi.bin" is the fallback and must be there; `<lang>-cues.bin` is blended with
 * `<lang>.bin`; `<lang>-transcript.bin` reads a transcript's sentences with their speakers and neighbours.
 */
export function loadCheckWorthinessModels(dir: string = defaultModelDir()): CheckWorthinessModels {
  if (!existsSync(path.join(dir, 'multi.bin'))) throw new Error(`check-worthiness model not found: ${path.join(dir, 'multi.bin')}`);
  const byLanguage = new Map<string, CheckWorthinessModel>();
  const cues = new Map<string, CheckWorthinessModel>();
  const transcripts = new Map<string, CheckWorthinessModel>();
  let fallback: CheckWorthinessModel | null = null;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.bin'))
    .sort()) {
    const model = parseCheckWorthinessModel(new Uint8Array(readFileSync(path.join(dir, file))));
    if (model.mode === 'cues') cues.set(model.language, model);
    else if (model.mode === 'transcript') transcripts.set(model.language, model);
    else if (model.language === 'multi') fallback = model;
    else byLanguage.set(model.language, model);
  }
  if (fallback === null) throw new Error(`no multilingual model in ${dir}`);
  return { byLanguage, fallback, cues, transcripts };
}

setCheckWorthinessModelLoader(() => loadCheckWorthinessModels());

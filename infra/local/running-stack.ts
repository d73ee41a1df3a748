/**
 * How the local CLIs find the running local stack: `npm start` writes `local-stack.json` into its data
 * folder (endpoints, table, its process id) and removes it on stop. `npm run keys` and `npm run review`
 * read it, so they need no environment of their own; when no stack is running they say in one line what
 * to start or set, never with a stack trace.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '../constructs/factflow-function.ts';
import type { LocalKeys } from './principals.ts';
import type { LocalSecrets } from './stack.ts';

export interface RunningStack {
  apiUrl: string;
  dynamoEndpoint: string;
  stepFunctionsEndpoint: string;
  tableName: string;
  pid: number;
  startedAt: string;
}

export const RUNNING_STACK_FILE = 'local-stack.json';

/** The data folder `npm start` uses (FACTFLOW_DATA_DIR, else .factflow in the repository). */
export function localDataDir(env: Record<string, string | undefined>): string {
  return env.FACTFLOW_DATA_DIR ?? path.join(repositoryRoot, '.factflow');
}

/**
 * Makes the data folder readable by its owner only (0700): it holds key hashes, task tokens, partner
 * secrets and the local secrets, and DynamoDB Local (whose files live in it) cannot be bound to loopback.
 */
export function ensurePrivateDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

export function writeRunningStack(dataDir: string, stack: Omit<RunningStack, 'pid' | 'startedAt'>): void {
  ensurePrivateDataDir(dataDir);
  const info: RunningStack = { ...stack, pid: process.pid, startedAt: new Date().toISOString() };
  writeFileSync(path.join(dataDir, RUNNING_STACK_FILE), JSON.stringify(info, null, 2), { mode: 0o600 });
}

export function removeRunningStack(dataDir: string): void {
  rmSync(path.join(dataDir, RUNNING_STACK_FILE), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The stack `npm start` is running from this data folder, or null (no file, or its process is gone). */
export function findRunningStack(env: Record<string, string | undefined>): RunningStack | null {
  const file = path.join(localDataDir(env), RUNNING_STACK_FILE);
  if (!existsSync(file)) return null;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as RunningStack;
    return typeof info.pid === 'number' && alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

/** The one line a CLI prints when it finds no running stack. */
export function noRunningStackMessage(env: Record<string, string | undefined>, what: string): string {
  return `no running local stack in ${path.relative(process.cwd(), localDataDir(env)) || localDataDir(env)}: start it with \`npm start\` (same FACTFLOW_DATA_DIR), or set ${what}`;
}

/** What `npm start` leaves in its data folder for the CLIs; each part is null when absent or unreadable. */
export interface LocalStackFiles {
  dataDir: string;
  /** The stack running from this folder now (local-stack.json, its process alive). */
  running: RunningStack | null;
  /** local-secrets.json: the webhook secrets and the API-key pepper (kept across restarts). */
  secrets: LocalSecrets | null;
  /** local-keys.json: one API key per role (kept across restarts). */
  keys: LocalKeys | null;
}

function readJson<T>(file: string): T | null {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : null;
  } catch {
    return null;
  }
}

/** The one way the CLIs (`npm run keys`, `npm run review`) find the local stack and its secrets. */
export function discoverLocalStack(env: Record<string, string | undefined>): LocalStackFiles {
  const dataDir = localDataDir(env);
  return {
    dataDir,
    running: findRunningStack(env),
    secrets: readJson<LocalSecrets>(path.join(dataDir, 'local-secrets.json')),
    keys: readJson<LocalKeys>(path.join(dataDir, 'local-keys.json')),
  };
}

/**
 * The DynamoDB client a CLI uses: DynamoDB Local at `endpoint` (with throwaway credentials unless real ones
 * are set), or, with no endpoint, AWS as the SDK's own configuration finds it.
 */
export function cliDynamoClient(endpoint: string | undefined, env: Record<string, string | undefined>): DynamoDBClient {
  if (!endpoint) return new DynamoDBClient({});
  const local = !env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {};
  return new DynamoDBClient({ endpoint, region: env.AWS_REGION ?? 'us-east-1', ...local });
}

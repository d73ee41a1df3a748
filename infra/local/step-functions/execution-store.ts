/**
 * Where the local Step Functions keeps its executions across restarts (npm start): one JSON file,
 * replaced atomically (written beside it, flushed, then renamed). Without a file, executions live in memory only.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Execution } from './types.ts';

/** An execution as saved: without its live handles. */
export type SavedExecution = Omit<Execution, 'abort' | 'done' | 'suspended'>;

export class ExecutionStore {
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stateMachineArn: string,
    private readonly file: string | undefined,
    private readonly snapshot: () => Iterable<Execution>,
  ) {}

  get persistent(): boolean {
    return this.file !== undefined;
  }

  /** Saves soon (changes within 100 ms are written together). */
  schedule(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saveNow();
    }, 100);
    this.saveTimer.unref();
  }

  saveNow(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.file) return;
    const executions: SavedExecution[] = [...this.snapshot()].map(({ abort: _a, done: _d, suspended: _s, ...rest }) => rest);
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    // Flushed to disk before the rename: a callback completion saved here is acknowledged only afterwards.
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify({ stateMachineArn: this.stateMachineArn, executions }));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }

  /** The executions saved by the last run, with their dates revived. */
  load(): Execution[] {
    if (!this.file || !existsSync(this.file)) return [];
    const saved = JSON.parse(readFileSync(this.file, 'utf8')) as { executions: SavedExecution[] };
    return saved.executions.map((raw) => ({
      ...raw,
      startDate: new Date(raw.startDate),
      ...(raw.stopDate ? { stopDate: new Date(raw.stopDate) } : {}),
      history: raw.history.map((h) => ({ ...h, timestamp: new Date(h.timestamp) })),
      abort: () => undefined,
      done: Promise.resolve(),
    }));
  }
}

/**
 * #16's throughput target, "200 claims to review in at most 0.6× today's time, in the same run": this
 * tree against a baseline commit (BENCH_BASELINE_COMMIT, 5f33190 by default: the last commit before #16's
 * work, see the default's comment), measured in the same run on the same machine. The baseline is checked out
 * in a temporary git worktree (node_modules linked to this tree's: the baseline's dependencies are a subset
 * of today's, at the same versions). Rounds alternate baseline, current, baseline, current...
 * (BENCH_THROUGHPUT_ROUNDS, 3 by default), each a fresh process with a fresh stack (throughput-round.ts),
 * so the machine's load drifts over both sides alike; the figure is the ratio of the medians.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ThroughputResult } from './throughput.ts';

/**
 * 5f33190 is the parent of 7f3f46f, the first commit of #16's work (the AWS-bills meter and the feed's day
 * index), which came before the request cuts (3c4da55, 3b9a798, 68aaf50) and the Express child (50b3d4b).
 * The commit just before the Express child (cb8a58a) would already hold four of #16's commits.
 */
export const DEFAULT_BASELINE_COMMIT = '5f33190';

export interface ThroughputComparison {
  baselineCommit: string;
  currentCommit: string;
  rounds: Array<{ baseline: ThroughputResult; current: ThroughputResult }>;
  baselineMedianSeconds: number;
  currentMedianSeconds: number;
  /** current / baseline, medians of the rounds' times. */
  ratio: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of nothing');
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** The result line a round prints last (it may print warnings before it). */
export function parseRoundOutput(stdout: string): ThroughputResult {
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (!line) throw new Error(`a throughput round printed no result:\n${stdout.slice(-2000)}`);
  return JSON.parse(line) as ThroughputResult;
}

const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();

function runRound(root: string, claims: number, templateCache: string): Promise<ThroughputResult> {
  const script = path.join(import.meta.dirname, 'throughput-round.ts');
  return new Promise((resolve, reject) => {
    // cwd is the tree under test, so tsx reads that tree's tsconfig and node_modules.
    const child = spawn(process.execPath, ['--import', 'tsx', script, root, String(claims), templateCache], {
      cwd: root,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`throughput round in ${root} exited with ${code}:\n${err.slice(-3000)}`));
      else {
        try {
          resolve(parseRoundOutput(out));
        } catch (e) {
          reject(e);
        }
      }
    });
  });
}

export async function compareThroughput(options: {
  repositoryRoot: string;
  baselineCommit: string;
  rounds: number;
  claims: number;
  log?: (line: string) => void;
}): Promise<ThroughputComparison> {
  const { repositoryRoot, claims } = options;
  const log = options.log ?? (() => {});
  const baselineCommit = git(repositoryRoot, 'rev-parse', '--verify', `${options.baselineCommit}^{commit}`);
  const dirty = git(repositoryRoot, 'status', '--porcelain', '--untracked-files=no') !== '';
  const currentCommit = `${git(repositoryRoot, 'rev-parse', '--short', 'HEAD')}${dirty ? ' (with uncommitted changes)' : ''}`;
  const scratch = mkdtempSync(path.join(tmpdir(), 'factflow-throughput-'));
  const baselineTree = path.join(scratch, 'baseline');
  git(repositoryRoot, 'worktree', 'add', '--detach', '--quiet', baselineTree, baselineCommit);
  try {
    symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(baselineTree, 'node_modules'));
    const rounds: ThroughputComparison['rounds'] = [];
    for (let r = 1; r <= Math.max(1, options.rounds); r++) {
      const baseline = await runRound(baselineTree, claims, path.join(scratch, 'baseline-template.json'));
      log(`   round ${r}: baseline ${baseline.seconds.toFixed(1)} s (${baseline.reachedAwaitingReview}/${baseline.submitted})`);
      const current = await runRound(repositoryRoot, claims, path.join(scratch, 'current-template.json'));
      log(`   round ${r}: current ${current.seconds.toFixed(1)} s (${current.reachedAwaitingReview}/${current.submitted})`);
      rounds.push({ baseline, current });
    }
    const baselineMedianSeconds = median(rounds.map((r) => r.baseline.seconds));
    const currentMedianSeconds = median(rounds.map((r) => r.current.seconds));
    return {
      baselineCommit: baselineCommit.slice(0, 7),
      currentCommit,
      rounds,
      baselineMedianSeconds,
      currentMedianSeconds,
      ratio: currentMedianSeconds / baselineMedianSeconds,
    };
  } finally {
    git(repositoryRoot, 'worktree', 'remove', '--force', baselineTree);
    rmSync(scratch, { recursive: true, force: true });
  }
}

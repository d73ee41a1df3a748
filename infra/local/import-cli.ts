/**
 * `npm run import -- FILE [--json] [--endpoint <DynamoDB URL>] [--table <name>]`: loads a newsroom's archive of
 * fact-checks (ClaimReview JSON-LD objects or arrays, JSON Lines, or a `claims:search` response) as archived
 * verdicts, with the same service as `POST /admin/imports` (shared/domain/archive/import-archive.ts), written
 * directly to the table: the stack `npm start` is running (found as `npm run keys` finds it), or on AWS with
 * TABLE_NAME and the usual credentials. Prints how many loaded, how many were already there, and each bad
 * record's line and reason. Exit code 0 when every record loaded or was already there, 1 when some were refused.
 */
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { monotonicFactory } from 'ulid';
import { DynamoArchiveStore } from '../../shared/adapters/dynamodb/archive-store.ts';
import { DynamoSimilarClaimIndex } from '../../shared/adapters/dynamodb/similar-claim-index.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/table.ts';
import { ratingScaleFrom } from '../../shared/config.ts';
import { importArchive } from '../../shared/domain/archive/import-archive.ts';
import { type CliIo, resolveTarget } from './keys-cli.ts';
import { cliDynamoClient } from './running-stack.ts';

/** Largest file the CLI reads (it is held in memory and parsed whole). Larger archives: split them (JSON Lines: `split -C 20M`). */
export const IMPORT_FILE_MAX_BYTES = 20 * 1024 * 1024;

const USAGE = 'usage: npm run import -- FILE [--json] [--endpoint <DynamoDB URL>] [--table <name>]';

export async function runImportCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{
      args: string[];
      allowPositionals: true;
      options: { json: { type: 'boolean' }; endpoint: { type: 'string' }; table: { type: 'string' } };
    }>
  >;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, endpoint: { type: 'string' }, table: { type: 'string' } } });
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const file = parsed.positionals[0];
  if (!file || parsed.positionals.length > 1) {
    io.err(USAGE);
    return 2;
  }
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    io.err(`cannot read ${file}`);
    return 2;
  }
  if (size > IMPORT_FILE_MAX_BYTES) {
    io.err(
      `${file} is ${(size / 1024 / 1024).toFixed(1)} MB; the import reads at most ${IMPORT_FILE_MAX_BYTES / 1024 / 1024} MB at a time. ` +
        'Split it (JSON Lines: `split -C 20M FILE part-`) and import the parts: nothing was imported.',
    );
    return 2;
  }
  const { values } = parsed;
  let target: Awaited<ReturnType<typeof resolveTarget>>;
  let scale: ReturnType<typeof ratingScaleFrom>;
  try {
    // The scale imported ratings are mapped onto, read as the functions read it (a bad one is refused, not cast).
    scale = ratingScaleFrom(env);
    target = await resolveTarget({ ...(values.table ? { table: values.table } : {}), ...(values.endpoint ? { endpoint: values.endpoint } : {}) }, env);
  } catch (err) {
    io.err((err as Error).message);
    return 2;
  }
  const client = cliDynamoClient(target.endpoint, env);
  const table = { doc: createDocumentClient(client), tableName: target.tableName };
  const ulid = monotonicFactory();
  const report = await importArchive(
    {
      store: new DynamoArchiveStore(table),
      index: new DynamoSimilarClaimIndex(table),
      scale,
      clock: { now: () => new Date() },
      ids: { next: () => ulid() },
    },
    readFileSync(file, 'utf8'),
    'import-cli',
  );
  client.destroy();
  if (values.json) io.out(JSON.stringify(report, null, 2));
  else {
    io.out(
      `${file} (${report.format}): ${report.records} records, ${report.imported} imported, ${report.alreadyImported} already there, ${report.errors.length} refused`,
    );
    for (const e of report.errors) io.err(`line ${e.line}: ${e.reason}`);
  }
  return report.errors.length > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runImportCli(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) });
}

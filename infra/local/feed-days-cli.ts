/**
 * `npm run backfill:feed-days`: writes the partner feed's day index (FEEDDAYS) for verdicts published
 * before that index existed, so an upgraded deployment's feed walks its older days too. Safe to rerun.
 *
 *   npm run backfill:feed-days                          # the stack `npm start` is running (its local-stack.json)
 *   npm run backfill:feed-days -- --endpoint URL --table NAME      # any DynamoDB Local
 *   TABLE_NAME=... npm run backfill:feed-days           # on AWS, with the usual credentials and region
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { backfillFeedDays } from '../../shared/adapters/dynamodb/feed-repository.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/table.ts';
import type { CliIo } from './keys-cli.ts';
import { cliDynamoClient, findRunningStack, noRunningStackMessage } from './running-stack.ts';

export async function runFeedDaysCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  let values: { table?: string | undefined; endpoint?: string | undefined };
  try {
    ({ values } = parseArgs({ args: argv, options: { table: { type: 'string' }, endpoint: { type: 'string' } }, strict: true }));
  } catch (err) {
    io.err(`${(err as Error).message}\nusage: npm run backfill:feed-days [-- --endpoint <DynamoDB URL> --table <name>]`);
    return 2;
  }
  const explicit = values.endpoint ?? env.AWS_ENDPOINT_URL_DYNAMODB;
  const onAws = !explicit && Boolean(env.TABLE_NAME);
  const running = explicit || onAws ? null : findRunningStack(env);
  const endpoint = explicit ?? running?.dynamoEndpoint;
  const tableName = values.table ?? env.TABLE_NAME ?? running?.tableName;
  if (!onAws && (!endpoint || !tableName)) {
    io.err(noRunningStackMessage(env, '--endpoint and --table (or TABLE_NAME and AWS credentials for AWS)'));
    return 2;
  }
  const client = cliDynamoClient(endpoint, env);
  try {
    const result = await backfillFeedDays({ doc: createDocumentClient(client), tableName: tableName as string });
    io.out(`${result.versions} feed versions over ${result.days.length} days; day index written for each`);
    return 0;
  } catch (err) {
    io.err(`backfill failed: ${(err as Error).name}: ${(err as Error).message}`);
    return 1;
  } finally {
    client.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runFeedDaysCli(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) });
}

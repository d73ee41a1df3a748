/**
 * The shared shell of the one-off table maintenance CLIs (`npm run backfill:*`): which table (the running
 * local stack, `--endpoint/--table`, or TABLE_NAME on AWS), one client, one line of outcome.
 */
import { parseArgs } from 'node:util';
import { createDocumentClient, type TableContext } from '../../shared/adapters/dynamodb/table.ts';
import type { CliIo } from './keys-cli.ts';
import { cliDynamoClient, findRunningStack, noRunningStackMessage } from './running-stack.ts';

export async function runTableCli(
  command: string,
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
  work: (table: TableContext) => Promise<string>,
): Promise<number> {
  let values: { table?: string | undefined; endpoint?: string | undefined };
  try {
    ({ values } = parseArgs({ args: argv, options: { table: { type: 'string' }, endpoint: { type: 'string' } }, strict: true }));
  } catch (err) {
    io.err(`${(err as Error).message}\nusage: npm run ${command} [-- --endpoint <DynamoDB URL> --table <name>]`);
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
    io.out(await work({ doc: createDocumentClient(client), tableName: tableName as string }));
    return 0;
  } catch (err) {
    io.err(`backfill failed: ${(err as Error).name}: ${(err as Error).message}`);
    return 1;
  } finally {
    client.destroy();
  }
}

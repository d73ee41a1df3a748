/**
 * `npm run backfill:feed-days`: writes the partner feed's day index (FEEDDAYS) for verdicts published
 * before that index existed, so an upgraded deployment's feed walks its older days too. Safe to rerun.
 *
 *   npm run backfill:feed-days                          # the stack `npm start` is running (its local-stack.json)
 *   npm run backfill:feed-days -- --endpoint URL --table NAME      # any DynamoDB Local
 *   TABLE_NAME=... npm run backfill:feed-days           # on AWS, with the usual credentials and region
 */
import { pathToFileURL } from 'node:url';
import { backfillFeedDays } from '../../shared/adapters/dynamodb/feed-repository.ts';
import type { CliIo } from './keys-cli.ts';
import { runTableCli } from './table-cli.ts';

export function runFeedDaysCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  return runTableCli('backfill:feed-days', argv, env, io, async (table) => {
    const result = await backfillFeedDays(table);
    return `${result.versions} feed versions over ${result.days.length} days; day index written for each`;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runFeedDaysCli(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) });
}

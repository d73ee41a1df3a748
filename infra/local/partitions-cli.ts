/**
 * `npm run backfill:partitions`: moves claims and tag entries written before the month buckets
 * (shared/adapters/dynamodb/partitions.ts) into them and writes the month index, so an upgraded
 * deployment's listings by tag, submitter and terminal status show its older claims too. Safe to rerun.
 *
 *   npm run backfill:partitions                          # the stack `npm start` is running (its local-stack.json)
 *   npm run backfill:partitions -- --endpoint URL --table NAME      # any DynamoDB Local
 *   TABLE_NAME=... npm run backfill:partitions           # on AWS, with the usual credentials and region
 */
import { pathToFileURL } from 'node:url';
import { backfillPartitionBuckets } from '../../shared/adapters/dynamodb/partitions.ts';
import type { CliIo } from './keys-cli.ts';
import { runTableCli } from './table-cli.ts';

export function runPartitionsCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  return runTableCli('backfill:partitions', argv, env, io, async (table) => {
    const result = await backfillPartitionBuckets(table);
    return `${result.claims} claims and ${result.tagEntries} tag entries moved into month buckets; ${result.months} listing months indexed`;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runPartitionsCli(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) });
}

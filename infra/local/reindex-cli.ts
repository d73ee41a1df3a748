/**
 * `npm run reindex`: rebuilds the similar-claim index from the claims and verdicts it indexes
 * (shared/adapters/dynamodb/similar-claim-reindex.ts), after an upgrade that changed how claim text is cleaned or
 * tokenized (the release notes say when): entries written before it are indexed under stale terms and
 * fingerprints, so rewordings and exact duplicates of older claims would be missed. Safe to rerun, and to run
 * while claims come in: lookups find every claim by its old terms or its new ones throughout the rebuild.
 *
 *   npm run reindex                                      # the stack `npm start` is running (its local-stack.json)
 *   npm run reindex -- --endpoint URL --table NAME       # any DynamoDB Local
 *   TABLE_NAME=... npm run reindex                       # on AWS, with the usual credentials and region
 */
import { pathToFileURL } from 'node:url';
import { rebuildSimilarClaimIndex } from '../../shared/adapters/dynamodb/similar-claim-reindex.ts';
import type { CliIo } from './keys-cli.ts';
import { runTableCli } from './table-cli.ts';

export function runReindexCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  return runTableCli('reindex', argv, env, io, async (table) => {
    const r = await rebuildSimilarClaimIndex(table);
    return (
      `similar-claim index rebuilt: ${r.entries} entries and ${r.fingerprints} fingerprints written, ${r.removed} stale index items removed` +
      (r.caughtUp > 0 ? `; ${r.caughtUp} entries of claims triaged meanwhile added back` : '') +
      (r.orphans > 0 ? `; ${r.orphans} entries whose claim is gone dropped` : '')
    );
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runReindexCli(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) });
}

/**
 * `npm run keys -- <command>`: manage principals and their API keys directly in the DynamoDB table, with
 * the same rules as the admin API (PrincipalAdministration). Keys are printed once and stored only as
 * peppered hashes.
 *
 *   npm run keys -- create --name "Jane Doe" --role fact-checker [--id jane-doe]
 *   npm run keys -- list
 *   npm run keys -- add-key <principalId>
 *   npm run keys -- revoke-key <principalId> <keyPrefix>
 *   npm run keys -- revoke <principalId>
 *   npm run keys -- integration-add <id> --name "Newsroom CMS" --reviewers jane-doe,john-roe
 *   npm run keys -- integrations
 *   npm run keys -- integration-revoke <id>
 *   options: --json (machine-readable output)  --endpoint <DynamoDB URL>  --table <name>
 *
 * Where it writes:
 * - Locally (default): the DynamoDB Local and table that `npm start` is running, found from its data
 *   folder (.factflow/local-stack.json, or FACTFLOW_DATA_DIR); or --endpoint, AWS_ENDPOINT_URL_DYNAMODB or
 *   DYNAMODB_PORT. The pepper comes from the data folder's local-secrets.json.
 * - On AWS: set TABLE_NAME (or --table) and the usual AWS credentials and region; the pepper comes from
 *   API_KEY_PEPPER or, with SECRETS_ARN set, from the application's Secrets Manager secret.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ulid } from 'ulid';
import { DynamoPrincipalRepository } from '../../shared/adapters/dynamodb/principal-repository.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/table.ts';
import { chosenId } from '../../shared/contracts/index.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { PrincipalAdministration, roles, type Role } from '../../shared/domain/principals.ts';
import { ReviewerIntegrationAdministration } from '../../shared/domain/reviewer-integrations.ts';
import { DynamoReviewerIntegrationRepository } from '../../shared/adapters/dynamodb/reviewer-integration-repository.ts';
import { cliDynamoClient, discoverLocalStack, noRunningStackMessage } from './running-stack.ts';

/** The id rule as the contract words it (shared/contracts/principal.ts), for usage errors. */
const chosenIdRule = chosenId.safeParse('').error?.issues[0]?.message ?? 'an id';

const USAGE = `usage: npm run keys -- <command> [options]
  create --name <name> --role <${roles.join('|')}> [--id <id>]   create a principal; prints its first key once
  list                                                             principals, roles and key prefixes
  add-key <principalId>                                            issue another key (rotation); printed once
  revoke-key <principalId> <keyPrefix>                             revoke one key
  revoke <principalId>                                             revoke a principal and all its keys
  integration-add <id> --name <name> --reviewers <id,id,...>       register a reviewer integration; prints its signing secret once
  integrations                                                     reviewer integrations and the reviewers each may speak for
  integration-revoke <id>                                          stop accepting an integration's signature
options: --json  --endpoint <DynamoDB URL>  --table <name>`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface CliTarget {
  tableName: string;
  /** DynamoDB endpoint override (DynamoDB Local); undefined on AWS. */
  endpoint: string | undefined;
  pepper: string;
}

/** Works out table, endpoint and pepper from flags and environment (see the header comment). */
export async function resolveTarget(flags: { table?: string; endpoint?: string }, env: Record<string, string | undefined>): Promise<CliTarget> {
  const onAws = Boolean(env.TABLE_NAME) && !env.AWS_ENDPOINT_URL_DYNAMODB && !flags.endpoint && !env.DYNAMODB_PORT;
  // Locally: an explicit endpoint, else DYNAMODB_PORT (as `npm start` reads it), else the stack that
  // `npm start` is running from the data folder; else say in one line what to set.
  const local = discoverLocalStack(env);
  const running = onAws || flags.endpoint || env.AWS_ENDPOINT_URL_DYNAMODB || env.DYNAMODB_PORT ? null : local.running;
  const tableName = flags.table ?? env.TABLE_NAME ?? running?.tableName ?? 'factflow-local';
  let endpoint: string | undefined;
  if (!onAws) {
    endpoint = flags.endpoint ?? env.AWS_ENDPOINT_URL_DYNAMODB ?? (env.DYNAMODB_PORT ? `http://127.0.0.1:${env.DYNAMODB_PORT}` : running?.dynamoEndpoint);
    if (!endpoint) throw new SetupError(noRunningStackMessage(env, '--endpoint or DYNAMODB_PORT (or TABLE_NAME and AWS credentials for AWS)'));
  }
  let pepper = env.API_KEY_PEPPER;
  if (!pepper && env.SECRETS_ARN) {
    const { loadSecrets } = await import('../../functions/commons/secrets.ts');
    pepper = (await loadSecrets(env.SECRETS_ARN)).API_KEY_PEPPER;
  }
  pepper ??= local.secrets?.apiKeyPepper;
  if (!pepper) throw new SetupError('no API-key pepper: set API_KEY_PEPPER (or SECRETS_ARN on AWS), or run `npm start` once to create the local one');
  return { tableName, endpoint, pepper };
}

class UsageError extends Error {}
/** Nothing to talk to: said in one line, without the usage text. */
class SetupError extends Error {}

/** Runs one command; returns the process exit code. */
export async function runKeysCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const parse = () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        role: { type: 'string' },
        reviewers: { type: 'string' },
        id: { type: 'string' },
        json: { type: 'boolean', default: false },
        endpoint: { type: 'string' },
        table: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [command, ...args] = positionals;
  if (values.help || !command) {
    io.out(USAGE);
    return values.help ? 0 : 2;
  }
  const print = (human: string, data: unknown) => io.out(values.json ? JSON.stringify(data, null, 2) : human);

  try {
    const target = await resolveTarget({ ...(values.table ? { table: values.table } : {}), ...(values.endpoint ? { endpoint: values.endpoint } : {}) }, env);
    // DynamoDB Local accepts any credentials; supply dummy ones when none are configured.
    const client = cliDynamoClient(target.endpoint, env);
    const table = { doc: createDocumentClient(client), tableName: target.tableName };
    const principals = new DynamoPrincipalRepository(table);
    const admin = new PrincipalAdministration(principals, target.pepper);
    const integrations = new ReviewerIntegrationAdministration(new DynamoReviewerIntegrationRepository(table), principals);
    switch (command) {
      case 'create': {
        const role = values.role as Role | undefined;
        if (!values.name || !role) throw new UsageError(`create needs --name and --role (${roles.join(', ')})`);
        if (!(roles as readonly string[]).includes(role)) throw new UsageError(`--role: "${role}" is not a role; use one of ${roles.join(', ')}`);
        if (values.id !== undefined && !chosenId.safeParse(values.id).success) throw new UsageError(`--id: ${chosenIdRule}`);
        const { principal, key } = await admin.create({ id: values.id ?? `p-${ulid().toLowerCase()}`, name: values.name, role });
        print(`created ${principal.id} (${principal.role})\nAPI key (shown once, store it now): ${key.key}`, {
          principal,
          key: { key: key.key, prefix: key.record.prefix },
        });
        return 0;
      }
      case 'list': {
        const all = await admin.list();
        print(
          all.length === 0
            ? 'no principals'
            : all
                .map(
                  (p) =>
                    `${p.id.padEnd(28)} ${p.role.padEnd(13)} ${p.revoked ? 'REVOKED ' : ''}${p.name}\n${p.keys.map((k) => `    ${k.prefix}…  ${k.createdAt}${k.revoked ? '  revoked' : ''}`).join('\n')}`,
                )
                .join('\n'),
          all,
        );
        return 0;
      }
      case 'add-key': {
        const [principalId] = args;
        if (!principalId) throw new UsageError('add-key needs a principal id');
        const key = await admin.addKey(principalId);
        print(`new key for ${principalId} (shown once, store it now): ${key.key}`, { key: key.key, prefix: key.record.prefix });
        return 0;
      }
      case 'revoke-key': {
        const [principalId, prefix] = args;
        if (!principalId || !prefix) throw new UsageError('revoke-key needs a principal id and a key prefix');
        await admin.revokeKey(principalId, prefix);
        print(`revoked key ${prefix}… of ${principalId}`, { revoked: { principalId, prefix } });
        return 0;
      }
      case 'revoke': {
        const [principalId] = args;
        if (!principalId) throw new UsageError('revoke needs a principal id');
        const principal = await admin.revoke(principalId);
        print(`revoked ${principal.id}: its keys no longer work`, { principal });
        return 0;
      }
      case 'integration-add': {
        const [id] = args;
        const reviewers = (values.reviewers ?? '')
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean);
        if (!id || !chosenId.safeParse(id).success || !values.name || reviewers.length === 0) {
          throw new UsageError(`integration-add needs an id (${chosenIdRule}), --name and --reviewers`);
        }
        const { integration, secret } = await integrations.register({ id, name: values.name, reviewers });
        print(
          `registered ${integration.id}, speaking for ${integration.reviewers.join(', ')}\nsigning secret (shown once, store it now): ${secret}\nit signs decisions to /webhooks/review-decisions/${integration.id}`,
          { integration, secret },
        );
        return 0;
      }
      case 'integrations': {
        const all = await integrations.list();
        print(
          all.length === 0
            ? 'no reviewer integrations'
            : all.map((i) => `${i.id.padEnd(28)} ${i.revoked ? 'REVOKED ' : ''}${i.name}\n    speaks for: ${i.reviewers.join(', ')}`).join('\n'),
          all,
        );
        return 0;
      }
      case 'integration-revoke': {
        const [id] = args;
        if (!id) throw new UsageError('integration-revoke needs an integration id');
        const integration = await integrations.revoke(id);
        print(`revoked ${integration.id}: its signature is no longer accepted`, { integration });
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof DomainError || err instanceof SetupError) {
      io.err(err.message);
      return 1;
    }
    const name = err instanceof Error ? err.name : '';
    if (name === 'ResourceNotFoundException') io.err('the table does not exist at this endpoint (is `npm start` running? pass --endpoint and --table)');
    else if (/ECONNREFUSED|fetch failed/.test(String((err as Error).message ?? '')) || (err as { code?: string }).code === 'ECONNREFUSED') {
      io.err('cannot reach DynamoDB: start the local stack (`npm start`, which prints its DynamoDB endpoint) and pass it with --endpoint');
    } else io.err(`failed: ${name || 'error'}: ${(err as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runKeysCli(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) });
}

/**
 * The baseline for the API-overhead benchmark: a bare `node:http` server that makes exactly the DynamoDB
 * and Step Functions calls the Hono app makes for the two measured routes, with the SDK and nothing else
 * (no router, no validation library, no middleware). What the app costs beyond this is its overhead.
 *
 * GET  /claims/{id}/verdict: GetItem (API key, which carries a copy of its principal) + Query (latest verdict).
 * POST /claims: the same authentication, TransactWriteItems (claim, trail event, tag entries),
 *      StartExecution, TransactWriteItems (workflowStartedAt + event), GetItem (consistent).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { monotonicFactory } from 'ulid';
import { hashApiKey } from '../../shared/domain/principals.ts';

export interface BaselineOptions {
  tableName: string;
  pepper: string;
  stateMachineArn: string;
  stepFunctionsEndpoint: string;
}

export interface BaselineServer {
  url: string;
  close(): Promise<void>;
}

export async function startBaselineServer(opts: BaselineOptions): Promise<BaselineServer> {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const sfn = new SFNClient({ endpoint: opts.stepFunctionsEndpoint });
  const ulid = monotonicFactory();
  const TableName = opts.tableName;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  };

  async function authenticate(req: IncomingMessage): Promise<Record<string, unknown> | null> {
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ')) return null;
    const { Item } = await doc.send(new GetCommand({ TableName, Key: { pk: `APIKEY#${hashApiKey(auth.slice(7), opts.pepper)}`, sk: '#APIKEY' } }));
    if (!Item || Item.revoked) return null;
    return (Item.principal as Record<string, unknown> | undefined) ?? null;
  }

  async function getVerdict(req: IncomingMessage, res: ServerResponse, claimId: string) {
    if (!(await authenticate(req))) return json(res, 401, { status: 401 });
    const out = await doc.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `CLAIM#${claimId}`, ':prefix': 'VERDICT#' },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const item = out.Items?.[0];
    if (!item) return json(res, 404, { status: 404 });
    const { pk: _pk, sk: _sk, entity: _e, ...verdict } = item;
    return json(res, 200, verdict);
  }

  async function postClaim(req: IncomingMessage, res: ServerResponse, raw: string) {
    const principal = await authenticate(req);
    if (!principal) return json(res, 401, { status: 401 });
    const body = JSON.parse(raw) as {
      statement: string;
      claimant: unknown;
      appearances: Array<{ url: string; date: string }>;
      tags?: string[];
      context?: string;
    };
    const id = ulid();
    const now = new Date().toISOString();
    const appearances = [...body.appearances].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
    const claim = {
      id,
      statement: body.statement,
      claimant: body.claimant,
      appearances,
      firstAppearance: appearances[0],
      context: body.context,
      tags: body.tags ?? [],
      priority: 'normal',
      status: 'received',
      submittedBy: principal.id,
      createdAt: now,
      updatedAt: now,
      revision: 1,
    };
    const event = (type: string) => ({ pk: `CLAIM#${id}`, sk: `EVENT#${ulid()}`, entity: 'event', claimId: id, type, actor: String(principal.id), at: now });
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName,
              Item: {
                ...claim,
                pk: `CLAIM#${id}`,
                sk: '#CLAIM',
                entity: 'claim',
                gsi1pk: 'STATUS#received',
                gsi1sk: `${now}#${id}`,
                gsi2pk: `SUBMITTER#${String(principal.id)}`,
                gsi2sk: `${now}#${id}`,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName, Item: event('claim.submitted') } },
          ...claim.tags.map((tag) => ({ Put: { TableName, Item: { pk: `TAG#${tag}`, sk: `${now}#${id}`, entity: 'tag', claimId: id } } })),
        ],
      }),
    );
    await sfn.send(new StartExecutionCommand({ stateMachineArn: opts.stateMachineArn, name: id, input: JSON.stringify({ claimId: id, round: 1 }) }));
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName,
              Key: { pk: `CLAIM#${id}`, sk: '#CLAIM' },
              UpdateExpression: 'SET #u = :now, #r = #r + :one, #w = :now',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#u': 'updatedAt', '#r': 'revision', '#w': 'workflowStartedAt' },
              ExpressionAttributeValues: { ':now': now, ':one': 1 },
            },
          },
          { Put: { TableName, Item: event('workflow.started') } },
        ],
      }),
    );
    const { Item } = await doc.send(new GetCommand({ TableName, Key: { pk: `CLAIM#${id}`, sk: '#CLAIM' }, ConsistentRead: true }));
    res.setHeader('location', `/claims/${id}`);
    return json(res, 202, Item);
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const verdict = /^\/claims\/([0-9A-Z]{26})\/verdict$/.exec(url);
      const work =
        req.method === 'GET' && verdict
          ? getVerdict(req, res, verdict[1]!)
          : req.method === 'POST' && url === '/claims'
            ? postClaim(req, res, Buffer.concat(chunks).toString('utf8'))
            : Promise.resolve(json(res, 404, { status: 404 }));
      work.catch(() => json(res, 500, { status: 500 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

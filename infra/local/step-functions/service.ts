/**
 * The Step Functions API over HTTP in AWS's JSON 1.0 protocol (`X-Amz-Target: AWSStepFunctions.<Op>`),
 * so @aws-sdk/client-sfn and the AWS CLI talk to the local engine unchanged.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalStepFunctionsEngine } from './engine.ts';
import { ServiceError, type Execution } from './types.ts';

type Body = Record<string, unknown>;

const seconds = (d: Date | undefined) => (d ? d.getTime() / 1000 : undefined);

function summary(e: Execution) {
  return {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: seconds(e.startDate),
    stopDate: seconds(e.stopDate),
  };
}

/** Pages are positions in a list, encoded as an opaque token. */
function page<T>(items: T[], maxResults: unknown, nextToken: unknown): { items: T[]; nextToken?: string } {
  const size = typeof maxResults === 'number' && maxResults > 0 ? Math.min(maxResults, 1000) : 100;
  const start = typeof nextToken === 'string' ? Number(Buffer.from(nextToken, 'base64url').toString()) || 0 : 0;
  const slice = items.slice(start, start + size);
  const next = start + size < items.length ? Buffer.from(String(start + size)).toString('base64url') : undefined;
  return { items: slice, ...(next ? { nextToken: next } : {}) };
}

export function operations(engine: LocalStepFunctionsEngine): Record<string, (body: Body) => unknown> {
  const requireString = (body: Body, field: string): string => {
    const v = body[field];
    if (typeof v !== 'string' || v.length === 0) throw new ServiceError('ValidationException', `${field} is required`);
    return v;
  };
  return {
    StartExecution: (body) => {
      const arn = requireString(body, 'stateMachineArn');
      if (arn !== engine.stateMachineArn) throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
      const name = typeof body.name === 'string' ? body.name : crypto.randomUUID();
      const { execution } = engine.start(name, typeof body.input === 'string' ? body.input : '{}');
      return { executionArn: execution.executionArn, startDate: seconds(execution.startDate) };
    },
    DescribeExecution: (body) => {
      const e = engine.describe(requireString(body, 'executionArn'));
      return { ...summary(e), input: e.input, output: e.output, error: e.error, cause: e.cause };
    },
    GetExecutionHistory: (body) => {
      const e = engine.describe(requireString(body, 'executionArn'));
      const events = body.reverseOrder === true ? [...e.history].reverse() : e.history;
      const { items, nextToken } = page(events, body.maxResults, body.nextToken);
      return { events: items.map((ev) => ({ ...ev, timestamp: seconds(ev.timestamp) })), nextToken };
    },
    ListExecutions: (body) => {
      const arn = requireString(body, 'stateMachineArn');
      if (arn !== engine.stateMachineArn) throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
      const all = [...engine.executions.values()]
        .filter((e) => !body.statusFilter || e.status === body.statusFilter)
        .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
      const { items, nextToken } = page(all, body.maxResults, body.nextToken);
      return { executions: items.map(summary), nextToken };
    },
    StopExecution: (body) => ({
      stopDate: seconds(engine.stop(requireString(body, 'executionArn'), body.error as string | undefined, body.cause as string | undefined)),
    }),
    SendTaskSuccess: (body) => {
      engine.sendTaskSuccess(requireString(body, 'taskToken'), requireString(body, 'output'));
      return {};
    },
    SendTaskFailure: (body) => {
      engine.sendTaskFailure(requireString(body, 'taskToken'), body.error as string | undefined, body.cause as string | undefined);
      return {};
    },
    SendTaskHeartbeat: (body) => {
      engine.sendTaskHeartbeat(requireString(body, 'taskToken'));
      return {};
    },
    // The local service runs the claim workflow and the Express workflow it starts. Executions of an Express
    // state machine are not described or listed here, as on AWS (their events go to its log group).
    ListStateMachines: () => ({
      stateMachines: [
        { stateMachineArn: engine.stateMachineArn, name: engine.stateMachineArn.split(':').pop(), type: 'STANDARD', creationDate: 0 },
        ...[...engine.express.keys()].map((arn) => ({ stateMachineArn: arn, name: arn.split(':').pop(), type: 'EXPRESS', creationDate: 0 })),
      ],
    }),
    DescribeStateMachine: (body) => {
      const arn = requireString(body, 'stateMachineArn');
      if (arn !== engine.stateMachineArn) throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
      return {
        stateMachineArn: arn,
        name: arn.split(':').pop(),
        status: 'ACTIVE',
        type: 'STANDARD',
        definition: JSON.stringify(engine.definitionJson),
        roleArn: 'arn:aws:iam::000000000000:role/local',
        creationDate: 0,
      };
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const json = JSON.stringify(body, (_k, v: unknown) => (v === undefined ? undefined : v));
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
  res.end(json);
}

export interface LocalStepFunctionsService {
  endpoint: string;
  server: Server;
  close(): Promise<void>;
}

export async function serveStepFunctions(engine: LocalStepFunctionsEngine, port = 0): Promise<LocalStepFunctionsService> {
  const ops = operations(engine);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const op = target.startsWith('AWSStepFunctions.') ? ops[target.slice('AWSStepFunctions.'.length)] : undefined;
      if (req.method !== 'POST' || !op)
        return send(res, 400, { __type: 'UnknownOperationException', message: `unsupported operation ${target}` }, 'UnknownOperationException');
      try {
        const raw = Buffer.concat(chunks).toString('utf8');
        const body = raw ? (JSON.parse(raw) as Body) : {};
        send(res, 200, op(body));
      } catch (err) {
        if (err instanceof ServiceError) return send(res, err.status, { __type: err.type, message: err.message }, err.type);
        if (err instanceof SyntaxError) return send(res, 400, { __type: 'SerializationException', message: 'body is not JSON' }, 'SerializationException');
        send(res, 500, { __type: 'InternalFailure', message: (err as Error).message }, 'InternalFailure');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

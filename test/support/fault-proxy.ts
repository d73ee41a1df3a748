/**
 * A faulty HTTP proxy for the reliability suite: it stands in front of DynamoDB Local or the local Step
 * Functions service and, for the requests a rule matches (by `X-Amz-Target` operation and, optionally, text
 * in the body), answers an error, a throttling error, a delay or a dropped connection instead of (or before)
 * forwarding. Everything else passes through untouched.
 *
 *   const proxy = await startFaultProxy(dynamoEndpoint);
 *   proxy.inject({ operation: 'TransactWriteItems', bodyIncludes: '"claim.submitted"', times: 10, fault: faults.dynamoThrottle });
 *   ... requests ...
 *   proxy.clear();
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  /** An AWS JSON-protocol error answer. */
  | { kind: 'error'; status: number; type: string; message?: string }
  /** Wait, then forward. */
  | { kind: 'delay'; ms: number }
  /** Forward at once (the upstream applies the request), then hold its answer back for a while. */
  | { kind: 'hold-answer'; ms: number }
  /** Accept the request, wait, then drop the connection without an answer (a socket timeout, as seen by the client). */
  | { kind: 'drop'; afterMs: number }
  /** Accept the request and never answer (a frozen service); the connection is dropped at clear() or close(). */
  | { kind: 'hang' };

export const faults = {
  dynamoThrottle: {
    kind: 'error',
    status: 400,
    type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message: 'The level of configured provisioned throughput for the table was exceeded.',
  },
  dynamoInternal: { kind: 'error', status: 500, type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' },
  sfnThrottle: { kind: 'error', status: 400, type: 'ThrottlingException', message: 'Rate exceeded' },
  sfnInternal: { kind: 'error', status: 500, type: 'InternalFailure', message: 'An internal error occurred' },
} as const satisfies Record<string, Fault>;

export interface FaultRule {
  /** The operation in `X-Amz-Target` (the part after the dot), e.g. `TransactWriteItems`, `StartExecution`. */
  operation?: string;
  /** Only requests whose body contains this text. */
  bodyIncludes?: string;
  /** How many matching requests to fault (default: until cleared). */
  times?: number;
  fault: Fault;
}

export interface FaultProxy {
  url: string;
  /** Faults injected since the last clear(), per operation. */
  injected: Map<string, number>;
  inject(rule: FaultRule): void;
  /** Removes every rule and resets the counts. */
  clear(): void;
  close(): Promise<void>;
}

function operationOf(headers: IncomingHttpHeaders): string {
  const target = String(headers['x-amz-target'] ?? '');
  return target.slice(target.lastIndexOf('.') + 1);
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const rules: Array<FaultRule & { left: number }> = [];
  const injected = new Map<string, number>();
  const sockets = new Set<Socket>();
  const hung = new Set<Socket>();

  const forward = (method: string, url: string, headers: IncomingHttpHeaders, body: Buffer, res: import('node:http').ServerResponse, holdMs = 0) => {
    const out = request({ host: upstream.hostname, port: upstream.port, method, path: url, headers: { ...headers, host: upstream.host } }, (up) => {
      const answer = () => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      };
      if (holdMs > 0) setTimeout(answer, holdMs);
      else answer();
    });
    out.on('error', () => res.destroy());
    out.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation = operationOf(req.headers);
      const text = body.toString('utf8');
      const rule = rules.find((r) => r.left > 0 && (!r.operation || r.operation === operation) && (!r.bodyIncludes || text.includes(r.bodyIncludes)));
      if (!rule) return forward(req.method ?? 'POST', req.url ?? '/', req.headers, body, res);
      rule.left--;
      injected.set(operation, (injected.get(operation) ?? 0) + 1);
      const { fault } = rule;
      switch (fault.kind) {
        case 'error': {
          const payload = JSON.stringify({ __type: fault.type, message: fault.message ?? fault.type });
          const shortType = fault.type.slice(fault.type.indexOf('#') + 1);
          res.writeHead(fault.status, {
            'content-type': 'application/x-amz-json-1.0',
            'x-amzn-errortype': shortType,
            'content-length': Buffer.byteLength(payload),
          });
          res.end(payload);
          return;
        }
        case 'delay':
          setTimeout(() => forward(req.method ?? 'POST', req.url ?? '/', req.headers, body, res), fault.ms);
          return;
        case 'hold-answer':
          forward(req.method ?? 'POST', req.url ?? '/', req.headers, body, res, fault.ms);
          return;
        case 'drop':
          setTimeout(() => req.socket.destroy(), fault.afterMs);
          return;
        case 'hang':
          hung.add(req.socket);
          return;
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    injected,
    inject: (rule) => rules.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY }),
    clear: () => {
      rules.length = 0;
      injected.clear();
      for (const s of hung) s.destroy();
      hung.clear();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

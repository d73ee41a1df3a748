/**
 * A Step Functions endpoint that accepts StartExecution and runs nothing. The API-overhead benchmark
 * points both the Hono app and the baseline at it, so a POST makes the same calls in both (DynamoDB
 * transaction, StartExecution, update) without flooding the local workflow with thousands of executions.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubStepFunctions {
  endpoint: string;
  started: number;
  close(): Promise<void>;
}

export async function startStubStepFunctions(): Promise<StubStepFunctions> {
  const stub: StubStepFunctions = { endpoint: '', started: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target !== 'AWSStepFunctions.StartExecution') {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ __type: 'UnknownOperationException' }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { stateMachineArn: string; name: string };
      stub.started++;
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ executionArn: `${body.stateMachineArn.replace(':stateMachine:', ':execution:')}:${body.name}`, startDate: Date.now() / 1000 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  stub.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return stub;
}

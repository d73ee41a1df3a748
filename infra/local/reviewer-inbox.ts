/**
 * A stand-in for a newsroom's review tool, for local use: it receives review requests exactly as a real
 * integration would (verifying the Standard Webhooks signature), keeps them, and lists them at GET /.
 * Decisions go back with `npm run review -- ...` (infra/local/review-cli.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  id: string;
  type: string;
  receivedAt: string;
  data: Record<string, unknown>;
}

export interface ReviewerInbox {
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startReviewerInbox(secret: string, opts: { port?: number; onRequest?: (r: ReceivedRequest) => void } = {}): Promise<ReviewerInbox> {
  const received: ReceivedRequest[] = [];
  const verifier = new Webhook(secret);
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(received.slice(-50).reverse(), null, 2));
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      try {
        const headers = {
          'webhook-id': String(req.headers['webhook-id'] ?? ''),
          'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
          'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
        };
        const payload = verifier.verify(raw, headers) as { type: string; data: Record<string, unknown> };
        const request = { id: headers['webhook-id'], type: payload.type, receivedAt: new Date().toISOString(), data: payload.data };
        if (!received.some((r) => r.id === request.id)) {
          received.push(request);
          opts.onRequest?.(request);
        }
        res.writeHead(204).end();
      } catch {
        res.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

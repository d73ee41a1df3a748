/**
 * A test reviewer tool: receives review requests, verifies their Standard Webhooks signature with the
 * `standardwebhooks` library, and answers with signed decisions, as a newsroom integration would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { ReviewRequestData } from '../../shared/contracts/webhooks.ts';

export interface ReviewRequest {
  webhookId: string;
  type: string;
  /** The payload as sent (its contract: shared/contracts/webhooks.ts). */
  data: ReviewRequestData;
  verified: boolean;
}

export class TestReviewer {
  readonly requests: ReviewRequest[] = [];
  private server!: Server;
  url = '';
  /** Set after the stack starts (its secrets are generated then). */
  requestSecret = '';
  status = 204;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = {
          'webhook-id': String(req.headers['webhook-id']),
          'webhook-timestamp': String(req.headers['webhook-timestamp']),
          'webhook-signature': String(req.headers['webhook-signature']),
        };
        let verified = false;
        let payload: { type: string; data: ReviewRequest['data'] };
        try {
          payload = new Webhook(this.requestSecret).verify(raw, headers) as typeof payload;
          verified = true;
        } catch {
          payload = JSON.parse(raw) as typeof payload;
        }
        this.requests.push({ webhookId: headers['webhook-id'], type: payload.type, data: payload.data, verified });
        res.writeHead(verified ? this.status : 401).end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/reviews`;
    return this;
  }

  forClaim(claimId: string, type = 'review.requested'): ReviewRequest[] {
    return this.requests.filter((r) => r.data.claim?.id === claimId && r.type === type);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** Sends a decision webhook signed with `secret`; returns the API's response. */
export async function sendDecision(
  apiUrl: string,
  secret: string,
  data: Record<string, unknown>,
  opts: { webhookId?: string; timestamp?: Date; tamper?: (body: string) => string; signature?: string } = {},
): Promise<Response> {
  const id = opts.webhookId ?? `msg_${randomUUID()}`;
  const at = opts.timestamp ?? new Date();
  const body = JSON.stringify({ type: 'review.decision', timestamp: at.toISOString(), data });
  const signature = opts.signature ?? new Webhook(secret).sign(id, at, body);
  return fetch(`${apiUrl}/webhooks/review-decisions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body: opts.tamper ? opts.tamper(body) : body,
  });
}

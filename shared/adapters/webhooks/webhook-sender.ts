import { Webhook } from 'standardwebhooks';
import type { DeliveryAttempt, WebhookSender } from '../../domain/ports.ts';
import { backoff } from '../../domain/backoff.ts';

export interface WebhookSenderOptions {
  timeoutMs: number;
  /** Total attempts including the first. */
  attempts: number;
  backoffMs: number;
}

/**
 * Standard Webhooks sender: signs with the `standardwebhooks` reference library and POSTs with a timeout,
 * retrying on network errors, 429 and 5xx with exponential backoff and full jitter. Every attempt is
 * returned so callers can record it.
 */
export class StandardWebhookSender implements WebhookSender {
  constructor(private readonly options: WebhookSenderOptions = { timeoutMs: 5000, attempts: 3, backoffMs: 500 }) {}

  async send(target: { url: string; secret: string }, message: { id: string; type: string; data: Record<string, unknown> }): Promise<DeliveryAttempt[]> {
    const attempts: DeliveryAttempt[] = [];
    const signer = new Webhook(target.secret);
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      const started = Date.now();
      const now = new Date();
      const body = JSON.stringify({ type: message.type, timestamp: now.toISOString(), data: message.data });
      const timestamp = Math.floor(now.getTime() / 1000);
      try {
        const res = await fetch(target.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'factflow-webhooks/0.1',
            'webhook-id': message.id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signer.sign(message.id, now, body),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        await res.body?.cancel();
        const ok = res.status >= 200 && res.status < 300;
        attempts.push({ attempt, at: now.toISOString(), status: res.status, ok, durationMs: Date.now() - started });
        if (ok || !(res.status === 429 || res.status >= 500)) return attempts;
      } catch (err) {
        const error = err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'network error';
        attempts.push({ attempt, at: now.toISOString(), status: null, ok: false, error, durationMs: Date.now() - started });
      }
      if (attempt < this.options.attempts) {
        await backoff(attempt, { baseMs: this.options.backoffMs, jitter: 'full' });
      }
    }
    return attempts;
  }
}

/** Verifies an inbound Standard Webhooks message over its raw body; throws on a bad or stale signature. */
export function verifyWebhook(secret: string, rawBody: string, headers: Record<string, string | undefined>): unknown {
  const plain: Record<string, string> = {};
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    const value = headers[name];
    if (value !== undefined) plain[name] = value;
  }
  return new Webhook(secret).verify(rawBody, plain);
}

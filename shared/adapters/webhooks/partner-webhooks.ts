/**
 * One Standard Webhooks-signed POST to a partner's endpoint (retries are scheduled by the delivery
 * worker, minutes apart, not slept through here). Signed with the `standardwebhooks` reference library,
 * sent with node:http(s) so the socket's own DNS lookup goes through the SSRF guard. Redirects are not
 * followed: a 3xx is recorded as a failed attempt, so a redirect cannot lead us to an internal address.
 */
import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import type { DeliveryAttempt, PartnerSendResult, PartnerWebhookClient } from '../../domain/ports.ts';
import { TargetRejected, type WebhookTargetValidator } from './target-validation.ts';

export const PARTNER_USER_AGENT = 'factflow-partner-webhooks/0.1';

export class StandardPartnerWebhookClient implements PartnerWebhookClient {
  constructor(private readonly targets: WebhookTargetValidator) {}

  async send(
    target: { url: string; secret: string },
    message: { id: string; type: string; data: Record<string, unknown> },
    timeoutMs: number,
  ): Promise<PartnerSendResult> {
    const started = Date.now();
    const now = new Date();
    const at = now.toISOString();
    const failed = (error: string, status: number | null = null): DeliveryAttempt => ({
      attempt: 0,
      at,
      status,
      ok: false,
      error,
      durationMs: Date.now() - started,
    });
    let url: URL;
    try {
      // Syntax and literal addresses now; names are checked by the lookup at connect time.
      url = await this.targets.check(target.url, { resolve: false });
    } catch (err) {
      return failed(err instanceof TargetRejected ? `blocked target: ${err.message}` : 'invalid target');
    }
    const body = JSON.stringify({ type: message.type, timestamp: at, data: message.data });
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': PARTNER_USER_AGENT,
      'webhook-id': message.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(target.secret).sign(message.id, now, body),
    };
    try {
      const status = await post(url, headers, body, timeoutMs, this.targets.lookup());
      const ok = status >= 200 && status < 300;
      if (status >= 300 && status < 400) return failed('redirects are not followed; point the subscription at the final URL', status);
      // 410 Gone: the endpoint is gone for good; the subscription is disabled at once rather than retried.
      if (status === 410) return { ...failed(`endpoint answered ${status}`, status), unsubscribed: 'the endpoint answered 410 Gone' };
      return ok ? { attempt: 0, at, status, ok, durationMs: Date.now() - started } : failed(`endpoint answered ${status}`, status);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.name === 'TimeoutError') return failed(`timeout after ${timeoutMs} ms`);
      if (e.code === 'EBLOCKEDTARGET') return failed(`blocked target: ${e.message}`);
      return failed(`network error${e.code ? ` (${e.code})` : ''}`);
    }
  }
}

function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  lookup: ReturnType<WebhookTargetValidator['lookup']>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, { method: 'POST', headers, lookup, agent: false }, (res) => {
      // The status is all we need; drain the body without buffering it.
      res.resume();
      clearTimeout(timer);
      resolve(res.statusCode ?? 0);
    });
    const timer = setTimeout(() => {
      const err = new Error('timeout');
      err.name = 'TimeoutError';
      request.destroy(err);
    }, timeoutMs);
    request.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    request.end(body);
  });
}

/**
 * Reads an article at a URL for POST /documents, through the same SSRF guard as outbound webhooks
 * (WebhookTargetValidator: https only, no credentials, public addresses only, checked again inside the socket's DNS
 * lookup). Redirects are followed by hand, at most three, each target checked like the first, so a redirect to a
 * private address is refused. A timeout, a size cap and a content-type check apply; each failure is a
 * DomainError('invalid') naming `/url` and the rule, which the API answers as a problem (never a 5xx).
 */
import http from 'node:http';
import https from 'node:https';
import type { DocumentFetcher } from '../../domain/services/documents.ts';
import { DomainError } from '../../domain/errors.ts';
import type { WebhookTargetValidator } from '../webhooks/target-validation.ts';

export interface PageFetcherOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects?: number;
}

const refuse = (rule: string, message: string) => new DomainError('invalid', message, { field: '/url', rule });

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export class GuardedPageFetcher implements DocumentFetcher {
  constructor(
    private readonly targets: Pick<WebhookTargetValidator, 'check' | 'lookup'>,
    private readonly options: PageFetcherOptions,
  ) {}

  async fetch(raw: string): Promise<{ body: string; contentType: 'text/html' | 'text/plain'; finalUrl: string }> {
    let url = await this.check(raw);
    const deadline = Date.now() + this.options.timeoutMs;
    for (let hop = 0; ; hop++) {
      const res = await this.get(url, deadline);
      if (res.status >= 300 && res.status < 400 && res.headers.location) {
        if (hop >= (this.options.maxRedirects ?? 3)) throw refuse('redirects', 'the page redirects more than 3 times');
        url = await this.check(new URL(res.headers.location, url).toString());
        continue;
      }
      if (res.status === 404 || res.status === 410) throw refuse('not_found', `the page answered ${res.status}: there is nothing at this URL`);
      if (res.status === 401 || res.status === 403) throw refuse('forbidden', `the page answered ${res.status}: it is not public (paste its text instead)`);
      if (res.status < 200 || res.status >= 300) throw refuse('unreadable', `the page answered ${res.status}; paste its text instead`);
      const type = String(res.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      if (type === 'application/pdf') throw refuse('content_type', 'the URL is a PDF; PDF documents are not read yet: paste its text');
      if (type.startsWith('image/') || type.startsWith('video/') || type.startsWith('audio/'))
        throw refuse('content_type', `the URL is ${type.split('/')[0]} (${type}), not an article`);
      if (type !== 'text/html' && type !== 'application/xhtml+xml' && type !== 'text/plain')
        throw refuse('content_type', `the URL serves ${type || 'an unknown type'}; only HTML and plain text are read`);
      return { body: res.body.toString('utf8'), contentType: type === 'text/plain' ? 'text/plain' : 'text/html', finalUrl: url.toString() };
    }
  }

  private async check(raw: string): Promise<URL> {
    try {
      return await this.targets.check(raw);
    } catch (err) {
      if (err instanceof DomainError)
        throw refuse(String(err.detail?.rule ?? 'url'), err.message.replace(/webhook target/gi, 'URL').replace(/webhook targets/gi, 'URLs'));
      throw err;
    }
  }

  private get(url: URL, deadline: number): Promise<RawResponse> {
    const remaining = Math.max(1, deadline - Date.now());
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(
        url,
        {
          method: 'GET',
          headers: { accept: 'text/html, text/plain;q=0.9', 'user-agent': 'factflow/0.1 (document reader)' },
          lookup: this.targets.lookup(),
          timeout: remaining,
        },
        (res) => {
          const declared = Number(res.headers['content-length'] ?? 0);
          if (declared > this.options.maxBytes) {
            res.destroy();
            reject(refuse('too_big', `the page is ${declared} bytes; at most ${this.options.maxBytes} are read`));
            return;
          }
          const chunks: Buffer[] = [];
          let total = 0;
          res.on('data', (chunk: Buffer) => {
            total += chunk.length;
            if (total > this.options.maxBytes) {
              res.destroy();
              reject(refuse('too_big', `the page is larger than ${this.options.maxBytes} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', () => reject(refuse('unreadable', 'the page could not be read')));
        },
      );
      const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), remaining);
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      req.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (err.code === 'ETIMEDOUT') reject(refuse('timeout', `the page did not answer within ${this.options.timeoutMs} ms`));
        else if (err.code === 'EBLOCKEDTARGET') reject(refuse('public-address', err.message));
        else reject(refuse('unreachable', 'the page could not be reached'));
      });
      req.on('close', () => clearTimeout(timer));
      req.end();
    });
  }
}

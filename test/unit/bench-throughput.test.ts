/**
 * The throughput comparison's arithmetic and bookkeeping (test/bench/throughput*.ts): the median of rounds,
 * a round's result line found among its warnings, and the measurement counting a claim that never reached
 * review as lost (with its execution's reason) and one reviewed twice as duplicated, against a fake stack.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { median, parseRoundOutput } from '../bench/throughput-compare.ts';
import { measureWorkflowThroughput } from '../bench/throughput.ts';

describe('throughput comparison helpers', () => {
  it('takes the median of odd and even numbers of rounds', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it("reads a round's result from its last JSON line, after any warnings", () => {
    const result = { submitted: 2, seconds: 1.5 };
    expect(parseRoundOutput(`(node:1) Warning: something\n${JSON.stringify(result)}\n`)).toEqual(result);
    expect(() => parseRoundOutput('no result here')).toThrow(/no result/);
  });
});

describe('measureWorkflowThroughput', () => {
  let server: Server;
  let apiUrl = '';
  const submitted: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.method === 'POST') {
        const id = `c${submitted.length}`;
        submitted.push(id);
        res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
      } else {
        // The third measured claim (c7 after 5 warm-up claims) never reaches awaiting review.
        const id = req.url?.split('/').at(-1) ?? '';
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, status: id === 'c7' ? 'failed' : 'awaiting_review' }));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('counts lost claims with their reason, duplicated review requests and extra executions', async () => {
    const result = await measureWorkflowThroughput(
      {
        apiUrl,
        key: 'k',
        reviewRequests: (id) => (id === 'c7' ? 0 : id === 'c6' ? 2 : submitted.includes(id) ? 1 : 0),
        executions: () => [
          ...submitted.map((name) => (name === 'c7' ? { name, status: 'FAILED', error: 'States.TaskFailed' } : { name, status: 'RUNNING' })),
          { name: 'stray', status: 'RUNNING' },
        ],
      },
      4,
      5,
    );
    expect(result).toMatchObject({
      submitted: 4,
      accepted: 4,
      reachedAwaitingReview: 3,
      lost: 1,
      failures: { 'FAILED States.TaskFailed': 1 },
      duplicatedReviewRequests: 1,
      duplicatedClaims: 1,
      executions: 4,
    });
  });
});

describe('measureWorkflowThroughput, a stack that sheds load', () => {
  let server: Server;
  let apiUrl = '';
  const keys: string[] = [];
  const accepted = new Map<string, string>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.method !== 'POST') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'awaiting_review' }));
        return;
      }
      const key = String(req.headers['idempotency-key']);
      const attempt = keys.filter((k) => k === key).length;
      keys.push(key);
      // Every claim's first attempt is refused with Retry-After 0; one claim (throughput-2-…) is refused
      // for good, without Retry-After, on its second.
      if (attempt === 0) {
        res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '0' });
        res.end(JSON.stringify({ type: '/problems/unavailable', status: 503, detail: 'briefly unavailable' }));
      } else if (key.startsWith('throughput-2-')) {
        res.writeHead(503, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ type: '/problems/unavailable', status: 503, detail: 'down' }));
      } else {
        const id = accepted.get(key) ?? `c${accepted.size}`;
        accepted.set(key, id);
        res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('retries a 503 after its Retry-After with the same Idempotency-Key, and counts a submission still refused', async () => {
    const result = await measureWorkflowThroughput({ apiUrl, key: 'k', reviewRequests: (id) => (id.startsWith('c') ? 1 : 0), executions: () => [] }, 4, 0);
    expect(result).toMatchObject({
      submitted: 4,
      accepted: 3,
      lost: 1,
      retried: { '503 unavailable: briefly unavailable': 4 },
      refused: { '503 unavailable: down': 1 },
    });
    // Each claim kept one key over its attempts: 4 keys, 8 requests.
    expect(new Set(keys).size).toBe(4);
    expect(keys).toHaveLength(8);
  });
});

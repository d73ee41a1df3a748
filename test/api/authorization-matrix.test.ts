/**
 * The authorization matrix: every route in the OpenAPI document × every role, plus no key, an unknown key,
 * a revoked key and a key of a revoked principal. The routes come from the document (and the app's route
 * table, so a route left out of the document fails here too); the roles each route admits come from the
 * document's `x-roles`, which `secured(...)` writes from the same list it enforces. Every response is
 * checked against the document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import { generateApiKey, roles, type Role } from '../../shared/domain/principals.ts';
import { contractClient, type CheckedClient, type DocumentedOperation, type OpenApiContract } from '../support/openapi-validator.ts';
import { startTestStack } from '../support/test-stack.ts';

let stack: LocalStack;
let api: CheckedClient;
let contract: OpenApiContract;
let claimId: string;
const identities: Record<string, string | undefined> = {};

/** Routes served without an API key, on purpose. */
const PUBLIC_ROUTES = new Set([
  'GET /health',
  'GET /openapi.json',
  'GET /docs',
  'GET /docs/assets/init.js',
  'GET /docs/assets/swagger-ui-bundle.js',
  'GET /docs/assets/swagger-ui.css',
  // The public fact-check pages, the embeddable card and oEmbed (test/public/public-pages.test.ts).
  'GET /assets/fact-check.css',
  'GET /fact-checks',
  'GET /fact-checks/{id}',
  'GET /fact-checks/{id}/versions/{version}',
  'GET /fact-checks/{id}/embed',
  'GET /oembed',
  // The site root (PUBLISHER_URL's default) redirects to the public fact-check index (test/e2e/links.test.ts).
  'GET /',
]);

/**
 * Pinned expectations for the routes this matrix was written with: should both the enforcement and the
 * document be loosened together, these still fail.
 */
const PINNED: Record<string, Role[]> = {
  'POST /claims': ['fact-checker', 'admin'],
  'GET /claims': ['fact-checker', 'reviewer', 'admin'],
  'GET /claims/{id}': ['fact-checker', 'reviewer', 'admin'],
  'GET /claims/{id}/history': ['fact-checker', 'reviewer', 'admin'],
  'POST /claims/{id}/withdraw': ['fact-checker', 'admin'],
  'POST /claims/{id}/retriage': ['fact-checker', 'admin'],
  'POST /admin/principals': ['admin'],
  'GET /admin/principals': ['admin'],
  'POST /admin/principals/{id}/keys': ['admin'],
  'DELETE /admin/principals/{id}/keys/{prefix}': ['admin'],
  'POST /admin/principals/{id}/revoke': ['admin'],
  'POST /admin/reviews/{reviewId}/resend': ['admin'],
  'GET /verdicts/search': ['partner', 'fact-checker', 'reviewer'],
  'POST /verdicts/search': ['partner', 'fact-checker', 'reviewer'],
};

const label = (op: DocumentedOperation) => `${op.method.toUpperCase()} ${op.path}`;

/** The roles an API-key route admits, as documented: `x-roles`, or the "Roles: a, b." sentence. */
function documentedRoles(op: DocumentedOperation): Role[] | undefined {
  if (Array.isArray(op.operation['x-roles'])) return op.operation['x-roles'] as Role[];
  const sentence = /Roles: ([a-z\-, ]+)\./.exec(op.operation.description ?? '')?.[1];
  return sentence?.split(',').map((r) => r.trim() as Role);
}

const usesApiKey = (op: DocumentedOperation) => (op.operation.security ?? []).some((s) => 'ApiKey' in s);

/** A concrete request for an operation: parameters filled, a JSON body for writes. */
function requestFor(op: DocumentedOperation): { path: string; init: RequestInit & { json?: unknown } } {
  const path = op.path
    .replace('{id}', op.path.startsWith('/claims') ? claimId : 'matrix-target')
    .replace('{prefix}', 'ff_AAAAAAA')
    .replace(/\{[^}]+\}/g, 'matrix-value');
  const writes = ['post', 'put', 'patch'].includes(op.method);
  return { path, init: { method: op.method.toUpperCase(), ...(writes ? { json: {} } : {}) } };
}

beforeAll(async () => {
  stack = await startTestStack();
  ({ api, contract } = await contractClient(stack.apiUrl));
  for (const role of roles) identities[role] = stack.keys[role].key;
  identities['no key'] = undefined;
  identities['unknown key'] = generateApiKey();

  const admin = stack.keys.admin.key;
  const keyHolder = await api('/admin/principals', { method: 'POST', key: admin, json: { id: 'revoked-key-holder', name: 'Revoked key', role: 'admin' } });
  await api(`/admin/principals/revoked-key-holder/keys/${keyHolder.body.key.prefix}`, { method: 'DELETE', key: admin });
  identities['revoked key'] = keyHolder.body.key.key;
  const revokedPrincipal = await api('/admin/principals', {
    method: 'POST',
    key: admin,
    json: { id: 'revoked-principal', name: 'Revoked principal', role: 'admin' },
  });
  await api('/admin/principals/revoked-principal/revoke', { method: 'POST', key: admin, json: {} });
  identities['revoked principal'] = revokedPrincipal.body.key.key;

  const claim = await api('/claims', {
    method: 'POST',
    key: stack.keys['fact-checker'].key,
    json: {
      statement: 'The new metro line carries 400,000 passengers a day, the operator said.',
      claimant: { name: 'Metro operator' },
      appearances: [{ url: 'https://example.org/metro', date: '2024-09-01' }],
    },
  });
  claimId = claim.body.id;
});

afterAll(async () => {
  await stack?.stop();
});

describe('every route is in the matrix', () => {
  it('serves no route that is neither documented nor deliberately public', () => {
    const app = createApp(() => stack.runtime);
    const documented = new Set(contract.operations().map(label));
    const served = app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    const undocumented = [...new Set(served)].filter((r) => !documented.has(r) && !PUBLIC_ROUTES.has(r));
    expect(undocumented, 'document these routes (with their roles) so the matrix covers them').toEqual([]);
  });

  it('knows the roles of every API-key route, and they match the pinned expectations', () => {
    for (const op of contract.operations().filter(usesApiKey)) {
      const declared = documentedRoles(op);
      expect(declared, `${label(op)} must declare its roles (secured(...) writes x-roles)`).toBeDefined();
      for (const r of declared ?? []) expect(roles).toContain(r);
      const pinned = PINNED[label(op)];
      if (pinned) expect([...(declared ?? [])].sort()).toEqual([...pinned].sort());
    }
    for (const route of Object.keys(PINNED)) expect(contract.operations().map(label)).toContain(route);
  });

  it('gives every operation a security requirement', () => {
    for (const op of contract.operations()) expect(op.operation.security?.length ?? 0, label(op)).toBeGreaterThan(0);
  });
});

describe('each route admits exactly its roles', () => {
  it('answers each identity as the document says', async () => {
    const rows: string[] = [];
    for (const op of contract.operations()) {
      const allowed = usesApiKey(op) ? (documentedRoles(op) ?? []) : [];
      for (const [who, key] of Object.entries(identities)) {
        const { path, init } = requestFor(op);
        const res = await api(path, { ...init, ...(key !== undefined ? { key } : {}) });
        const cell = `${label(op)} as ${who}: ${res.status} ${res.body?.type ?? ''}`;
        rows.push(cell);
        if (!usesApiKey(op)) {
          // Signed webhooks: an API key is no substitute for the signature.
          expect(res.status, cell).toBe(401);
          expect(res.body.type, cell).toBe('/problems/invalid-signature');
        } else if (key === undefined || !(roles as readonly string[]).includes(who)) {
          expect(res.status, cell).toBe(401);
          expect(res.body.type, cell).toBe('/problems/unauthenticated');
          expect(res.headers.get('www-authenticate'), cell).toMatch(/^Bearer/);
        } else if (allowed.includes(who as Role)) {
          expect([401, 403], cell).not.toContain(res.status);
        } else {
          expect(res.status, cell).toBe(403);
          expect(res.body.type, cell).toBe('/problems/forbidden');
        }
      }
    }
    expect(rows.length).toBe(contract.operations().length * Object.keys(identities).length);
  });
});

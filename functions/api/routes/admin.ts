/**
 * Administration of principals and API keys (admin role only). The same rules back `npm run keys`
 * (PrincipalAdministration in the domain). Keys are returned once, at creation; listings show prefixes.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { ulid } from 'ulid';
import { MAX_LIVE_KEYS, PrincipalAdministration } from '../../../shared/domain/principals.ts';
import {
  internalErrorResponse,
  issuedKeySchema,
  keyIssueSchema,
  keyPrefixParam,
  principalCreatedSchema,
  principalCreationSchema,
  principalIdParam,
  principalListSchema,
  principalSchema,
  revocationSchema,
} from '../schemas.ts';
import { secured, type ApiEnv } from '../security.ts';
import { errorResponses, jsonBody } from './openapi-helpers.ts';

const principalExample = {
  id: 'jane-doe',
  name: 'Jane Doe (Desk A)',
  role: 'fact-checker',
  createdAt: '2024-10-04T09:00:00.000Z',
  revoked: false,
  keys: [{ prefix: 'ff_Q2x8vZ1', createdAt: '2024-10-04T09:00:00.000Z', revoked: false }],
};
const keyExample = { key: 'ff_Q2x8vZ1m3kR9cT0pWnY7bLq4sJd6hFz2aXe5uVg8iKo', prefix: 'ff_Q2x8vZ1', createdAt: '2024-10-04T09:00:00.000Z' };

const createPrincipal = createRoute({
  method: 'post',
  path: '/admin/principals',
  tags: ['Administration'],
  summary: 'Create a principal with its first API key (the key is shown once)',
  description: 'Roles: admin.',
  ...secured('admin'),
  request: { body: jsonBody(principalCreationSchema) },
  responses: {
    201: {
      description: 'Created; `key.key` is the only copy of the key',
      content: { 'application/json': { schema: principalCreatedSchema, example: { principal: principalExample, key: keyExample } } },
    },
    ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const listPrincipals = createRoute({
  method: 'get',
  path: '/admin/principals',
  tags: ['Administration'],
  summary: 'List every principal with its keys (prefixes only)',
  description: 'Roles: admin.',
  ...secured('admin'),
  responses: {
    200: {
      description: 'All principals, oldest first',
      content: { 'application/json': { schema: principalListSchema, example: { items: [principalExample] } } },
    },
    ...errorResponses(401, 403, 429, 503),
    ...internalErrorResponse,
  },
});

const addKey = createRoute({
  method: 'post',
  path: '/admin/principals/{id}/keys',
  tags: ['Administration'],
  summary: 'Issue another API key to a principal (for rotation; the key is shown once)',
  description: `Send \`{}\` as the body. A principal has at most ${MAX_LIVE_KEYS} keys in use; one more answers 409 until one is revoked. Roles: admin.`,
  ...secured('admin'),
  request: { params: principalIdParam, body: jsonBody(keyIssueSchema) },
  responses: {
    201: { description: 'The new key; the only copy', content: { 'application/json': { schema: issuedKeySchema, example: keyExample } } },
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const revokeKey = createRoute({
  method: 'delete',
  path: '/admin/principals/{id}/keys/{prefix}',
  tags: ['Administration'],
  summary: 'Revoke one API key of a principal (by its prefix)',
  description: 'Takes effect on the next request. Roles: admin.',
  ...secured('admin'),
  request: { params: keyPrefixParam },
  responses: {
    204: { description: 'Revoked' },
    ...errorResponses(401, 403, 404, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const revokePrincipal = createRoute({
  method: 'post',
  path: '/admin/principals/{id}/revoke',
  tags: ['Administration'],
  summary: 'Revoke a principal: every key it holds stops working',
  description: 'Send `{}` (or `{"reason": "..."}`) as the body. An admin cannot revoke their own principal (409). Roles: admin.',
  ...secured('admin'),
  request: { params: principalIdParam, body: jsonBody(revocationSchema) },
  responses: {
    200: {
      description: 'The revoked principal',
      content: { 'application/json': { schema: principalSchema, example: { ...principalExample, revoked: true } } },
    },
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
    ...internalErrorResponse,
  },
});

const administration = (c: { get(key: 'runtime'): ApiEnv['Variables']['runtime'] }) =>
  new PrincipalAdministration(c.get('runtime').principals, c.get('runtime').pepper);

export const adminRoutes = new OpenAPIHono<ApiEnv>()
  .openapi(createPrincipal, async (c) => {
    const body = c.req.valid('json');
    const admin = administration(c);
    const { principal, key } = await admin.create({ id: body.id ?? `p-${ulid().toLowerCase()}`, name: body.name, role: body.role });
    c.header('cache-control', 'no-store');
    return c.json({ principal: await admin.describe(principal), key: { key: key.key, prefix: key.record.prefix, createdAt: key.record.createdAt } }, 201);
  })
  .openapi(listPrincipals, async (c) => c.json({ items: await administration(c).list() }, 200))
  .openapi(addKey, async (c) => {
    const key = await administration(c).addKey(c.req.valid('param').id);
    c.header('cache-control', 'no-store');
    return c.json({ key: key.key, prefix: key.record.prefix, createdAt: key.record.createdAt }, 201);
  })
  .openapi(revokeKey, async (c) => {
    const { id, prefix } = c.req.valid('param');
    await administration(c).revokeKey(id, prefix);
    return c.body(null, 204);
  })
  .openapi(revokePrincipal, async (c) => {
    const admin = administration(c);
    const revoked = await admin.revoke(c.req.valid('param').id, c.get('principal'));
    return c.json(await admin.describe(revoked), 200);
  });

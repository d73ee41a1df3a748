/** Principals and their API keys (the admin routes). */
import { z } from '@hono/zod-openapi';
import { apiKeyRecord, principalRecord, role } from '../../../shared/contracts/index.ts';
import { text } from './input-rules.ts';

export const roleSchema = role;

export const principalIdParam = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a principal id')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'jane-doe' }),
});

export const keyPrefixParam = principalIdParam.extend({
  prefix: z
    .string()
    .regex(/^ff_[A-Za-z0-9_-]{7}$/, 'a key prefix (the first 10 characters of a key)')
    .openapi({ param: { name: 'prefix', in: 'path' }, example: 'ff_Q2x8vZ1' }),
});

export const principalCreationSchema = z
  .strictObject({
    name: text(1, 200).openapi({ example: 'Jane Doe (Desk A)' }),
    role: roleSchema.meta({ example: 'fact-checker' }),
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{2,63}$/, '3 to 64 lower-case letters, digits and hyphens')
      .optional()
      .openapi({ description: 'Optional stable id; generated when absent.', example: 'jane-doe' }),
  })
  .openapi('PrincipalCreation');

// Records are the contract's (shared/contracts/principal.ts) with OpenAPI metadata through zod's own `.meta()`.
/** A key as listed: the stored record less its hash and principal (the key itself is never stored). */
export const apiKeyInfoSchema = apiKeyRecord
  .pick({ prefix: true, createdAt: true, revoked: true })
  .extend({ prefix: apiKeyRecord.shape.prefix.meta({ example: 'ff_Q2x8vZ1' }) })
  .meta({ id: 'ApiKeyInfo' });

export const principalSchema = principalRecord
  .extend({
    id: principalRecord.shape.id.meta({ example: 'jane-doe' }),
    name: principalRecord.shape.name.meta({ example: 'Jane Doe (Desk A)' }),
    keys: z.array(apiKeyInfoSchema),
  })
  .meta({ id: 'Principal' });

export const issuedKeySchema = z
  .object({
    key: z.string().openapi({ description: 'The API key. Shown once; only its peppered hash is stored.', example: 'ff_Q2x8vZ1m3kR9...' }),
    prefix: apiKeyRecord.shape.prefix,
    createdAt: apiKeyRecord.shape.createdAt,
  })
  .openapi('IssuedApiKey');

export const principalCreatedSchema = z.object({ principal: principalSchema, key: issuedKeySchema }).openapi('PrincipalCreated');

export const principalListSchema = z.object({ items: z.array(principalSchema) }).openapi('PrincipalList');

export const keyIssueSchema = z.strictObject({}).openapi('ApiKeyRequest');
export const revocationSchema = z.strictObject({ reason: text(1, 1000).optional() }).openapi('Revocation');

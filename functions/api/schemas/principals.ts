/** Principals and their API keys (the admin routes). */
import { z } from '@hono/zod-openapi';
import { apiKeyRecord, chosenId, principalId, principalRecord, reviewerIntegrationRecord, role } from '../../../shared/contracts/index.ts';
import { text } from './input-rules.ts';

export const roleSchema = role;

export const principalIdParam = z.object({
  id: principalId.meta({ param: { name: 'id', in: 'path' }, example: 'jane-doe' }),
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
    id: chosenId.optional().meta({ description: 'Optional stable id; generated when absent.', example: 'jane-doe' }),
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

export const reviewerIntegrationCreationSchema = z
  .strictObject({
    id: chosenId.meta({ example: 'newsroom-cms' }),
    name: text(1, 200).openapi({ example: 'Newsroom CMS (desk A)' }),
    reviewers: z
      .array(z.string().min(1).max(64))
      .min(1)
      .max(100)
      .openapi({ description: 'Principal ids of the reviewers this integration may speak for.', example: ['jane-doe'] }),
  })
  .openapi('ReviewerIntegrationCreation');

/** An integration as the admin API answers it: the stored record less its secret, with where it sends decisions. */
export const reviewerIntegrationSchema = reviewerIntegrationRecord
  .omit({ secret: true })
  .extend({ decisionUrl: z.string() })
  .meta({ id: 'ReviewerIntegration' });

export const reviewerIntegrationCreatedSchema = z
  .object({
    integration: reviewerIntegrationSchema,
    secret: z.string().openapi({ description: 'The signing secret (Standard Webhooks `whsec_...`); the only copy.' }),
  })
  .openapi('ReviewerIntegrationCreated');
export const reviewerIntegrationIdParam = z.object({ id: chosenId.meta({ param: { name: 'id', in: 'path' }, example: 'newsroom-cms' }) });

/** Listing claims and reading a claim's history: the query parameters and the pages. */
import { z } from '@hono/zod-openapi';
import { claimStatus, principalId, tag } from '../../../shared/contracts/index.ts';
import { claimEventSchema, claimSchema } from './claims.ts';
import { pageQuery } from './paging.ts';

/** An ISO 8601 date or date-time with offset, as a bound on `createdAt`. */
const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

export const claimListQuery = z
  .strictObject({
    // The contract's enum (built before zod-openapi extended zod: OpenAPI details through `.meta()`).
    status: claimStatus.optional().meta({ param: { name: 'status', in: 'query' }, example: 'awaiting_review' }),
    submitter: principalId
      .optional()
      .meta({ param: { name: 'submitter', in: 'query' }, description: 'Principal id of the submitter.', example: 'local-fact-checker' }),
    tag: tag.optional().meta({ param: { name: 'tag', in: 'query' }, example: 'ukraine' }),
    from: instant.optional().openapi({ param: { name: 'from', in: 'query' }, description: 'Created at or after (ISO 8601).', example: '2024-10-01' }),
    to: instant.optional().openapi({
      param: { name: 'to', in: 'query' },
      description: 'Created at or before (ISO 8601; a date includes that whole day).',
      example: '2024-10-31T23:59:59Z',
    }),
    ...pageQuery,
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

export const historyQuery = z.strictObject(pageQuery);

export const claimPageSchema = z
  .object({
    items: z.array(claimSchema),
    next: z.string().nullable().openapi({ description: 'Cursor of the next page; null on the last page.' }),
    links: z.object({ next: z.string().nullable() }),
  })
  .openapi('ClaimPage');

export const historyPageSchema = z
  .object({
    items: z.array(claimEventSchema),
    next: z.string().nullable(),
    links: z.object({ next: z.string().nullable() }),
  })
  .openapi('ClaimHistoryPage');

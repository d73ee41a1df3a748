/** Paging: the `limit` and `cursor` query parameters every listing takes. */
import { z } from '@hono/zod-openapi';

export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ param: { name: 'limit', in: 'query' }, description: 'Items per page, 1 to 100 (default 20).', example: 20 }),
  cursor: z
    .string()
    .min(1)
    .max(2048)
    .optional()
    .openapi({
      param: { name: 'cursor', in: 'query' },
      description: 'The opaque `next` value of the previous page, unchanged.',
      example: 'eyJwayI6Ii4uLiJ9.Zm9vYmFy',
    }),
};

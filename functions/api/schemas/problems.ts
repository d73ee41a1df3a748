/** Problem details (RFC 9457): the body of every error answer, and the 500 every route may give. */
import { z } from '@hono/zod-openapi';

export const problemSchema = z
  .object({
    type: z.string().openapi({ example: '/problems/validation-failed' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), rule: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

/** The 500 every route may give: a generic problem, with nothing internal in it. */
export const internalErrorResponse = {
  500: {
    description: 'Unexpected failure on our side (logged; the body holds nothing internal)',
    content: { 'application/problem+json': { schema: problemSchema } },
  },
} as const;

/**
 * zod 4 gives each schema its methods when it is created, so contract schemas made before zod-openapi
 * extended zod have no `.openapi()`. The API schemas must load whatever was imported first.
 */
import { describe, expect, it } from 'vitest';
import { claimStatus } from '../../../shared/contracts/index.ts';

describe('contracts load order', () => {
  it('the API schemas load after the contracts module was loaded on its own', async () => {
    expect(claimStatus.options).toContain('received');
    const schemas = await import('../../../functions/api/schemas.ts');
    expect(schemas.claimSubmissionSchema.safeParse({}).success).toBe(false);
  });
});

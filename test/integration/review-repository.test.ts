/**
 * The review repository against DynamoDB Local: the decision path reads a review and the task token that
 * resumes its workflow together, in one request, while an ordinary read of the review never carries the token.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoReviewRepository } from '../../shared/adapters/dynamodb/review-repository.ts';
import type { Review } from '../../shared/domain/review.ts';
import { recordedTable } from '../support/recorded-table.ts';

let reviews: DynamoReviewRepository;
let requests: string[] = [];

const review = (id: string): Review => ({
  id,
  claimId: `claim-of-${id}`,
  round: 1,
  status: 'open',
  approvalsRequired: 1,
  submittedBy: 'p-submitter',
  decisions: [],
  requestedAt: '2025-03-01T10:00:00.000Z',
  deadline: '2025-03-02T10:00:00.000Z',
  escalated: false,
});

beforeAll(async () => {
  const recorded = await recordedTable('reviews');
  requests = recorded.requests;
  reviews = new DynamoReviewRepository(recorded.table);
});

describe('reading a review for a decision', () => {
  it('answers the review and its task token in one request; get answers the review without the token', async () => {
    await reviews.open(review('r-1'), 'token-1', 3600);
    requests.length = 0;
    const read = await reviews.getWithToken('r-1');
    expect(requests).toEqual(['QueryCommand']);
    expect(read).toEqual({ review: review('r-1'), taskToken: 'token-1' });
    const plain = await reviews.get('r-1');
    expect(plain).toEqual(review('r-1'));
    expect(JSON.stringify(plain)).not.toContain('token-1');
  });

  it('answers the token the escalation step put in place of the first', async () => {
    await reviews.open(review('r-2'), 'token-first', 3600);
    await reviews.replaceToken('r-2', 'token-fresh', 3600);
    expect((await reviews.getWithToken('r-2'))?.taskToken).toBe('token-fresh');
  });

  it('answers null for a review that does not exist', async () => {
    expect(await reviews.getWithToken('r-missing')).toBeNull();
  });
});

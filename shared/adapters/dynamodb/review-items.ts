/** Review items' writes that more than one repository operation builds (review-repository.ts). */
import type { ReviewDelivery } from '../../contracts/index.ts';
import { keys } from './table.ts';

/** The gsi1 partition of reviews whose request is waiting for a retry (sort key: when it is due). */
export const REVIEW_DELIVERIES_DUE = 'REVIEW_DELIVERY#retrying';

/**
 * The update recording where a review request's delivery stands. A review whose request is being retried sits
 * in a gsi1 partition of its own, ordered by when it is due: the reconciler reads the due ones with one Query.
 * Any other state leaves the index.
 */
export function deliveryUpdate(tableName: string, id: string, delivery: ReviewDelivery) {
  const listed = delivery.state === 'retrying' && delivery.nextAttemptAt;
  return {
    TableName: tableName,
    Key: keys.review(id),
    UpdateExpression: listed ? 'SET #delivery = :delivery, #gsi1pk = :pk, #gsi1sk = :sk' : 'SET #delivery = :delivery REMOVE #gsi1pk, #gsi1sk',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: { '#delivery': 'delivery', '#gsi1pk': 'gsi1pk', '#gsi1sk': 'gsi1sk' },
    ExpressionAttributeValues: { ':delivery': delivery, ...(listed ? { ':pk': REVIEW_DELIVERIES_DUE, ':sk': `${delivery.nextAttemptAt}#${id}` } : {}) },
  };
}

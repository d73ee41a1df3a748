import type { PartnerEventData } from '../../../contracts/webhooks.ts';
import type { PartnerEvent } from '../../partner.ts';
import type { Verdict } from '../../verdict.ts';

/** The webhook payload: what changed, small, with links to the full verdict and its ClaimReview. */
export function notificationPayload(verdict: Verdict, event: PartnerEvent, baseUrl: string): PartnerEventData {
  const self = `${baseUrl}/claims/${verdict.claimId}/verdict/versions/${verdict.version}`;
  return {
    event,
    claimId: verdict.claimId,
    version: verdict.version,
    publishedAt: verdict.publishedAt,
    rating: verdict.rating,
    summary: verdict.summary,
    ...(verdict.correctionNote ? { correctionNote: verdict.correctionNote } : {}),
    claimReviewed: verdict.claim.statement,
    links: {
      verdict: self,
      claimReview: `${self}?format=claimreview`,
      latest: `${baseUrl}/claims/${verdict.claimId}/verdict`,
      page: `${baseUrl}/fact-checks/${verdict.claimId}`,
    },
  };
}

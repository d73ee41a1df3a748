/** What the partner services need: the core services, the partner store, the webhook client and the delivery policy. */
import type { DeliveryPolicy } from '../../partner.ts';
import type { PartnerRepository, PartnerWebhookClient } from '../../ports.ts';
import type { Services } from '../context.ts';

/** Validates a partner's target URL (SSRF guard); throws DomainError('invalid') naming `url`. */
export interface TargetCheck {
  check(url: string): Promise<unknown>;
}

export interface PartnerDeps {
  services: Pick<Services, 'clock' | 'ids' | 'verdicts' | 'settings'>;
  partners: PartnerRepository;
  client: PartnerWebhookClient;
  targets: TargetCheck;
  policy: DeliveryPolicy;
  maxSubscriptions: number;
  random?: () => number;
}

/**
 * Every record is defined once, in shared/contracts/: the domain's types are `RecordOf` (z.infer) of the
 * contract schemas, and the API's response schemas are the contract's schemas with OpenAPI metadata added.
 * These checks fail when a copy comes back: a domain interface redeclaring a contract record, or an API
 * schema written out again by hand (its fields are then other zod instances than the contract's).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import * as contracts from '../../../shared/contracts/index.ts';
import { partnerEventData, reviewRequestData } from '../../../shared/contracts/webhooks.ts';
import type { RecordOf } from '../../../shared/contracts/index.ts';
import {
  apiKeyInfoSchema,
  type appearanceSchema,
  type claimantSchema,
  claimEventSchema,
  claimSchema,
  type claimSubmissionSchema,
  deliverySchema,
  principalSchema,
  ratingSchema,
  reviewerIntegrationSchema,
  type subscriptionRequestSchema,
  subscriptionSchema,
  verdictSchema,
} from '../../../functions/api/schemas.ts';
import type { correctionSchema } from '../../../functions/api/routes/corrections.ts';
import type { candidatePickSchema, documentSubmissionSchema, speakerTurnSchema } from '../../../functions/api/schemas/documents.ts';
import type { Appearance, Claim, Claimant, ClaimEvent, ClaimSubmission } from '../../../shared/domain/claim.ts';
import type { Candidate, ClaimMatch, DocumentAnalysis } from '../../../shared/domain/documents/analysis.ts';
import type { DocumentClaimant } from '../../../shared/domain/documents/attribution.ts';
import type { FactDocument } from '../../../shared/domain/documents/document.ts';
import type { BlockHint } from '../../../shared/domain/documents/html.ts';
import type { Segment, SpeakerTurn } from '../../../shared/domain/documents/segmentation.ts';
import type { CandidatePick, PickOutcome } from '../../../shared/domain/services/documents.ts';
import type { EvidenceRecord, ProviderOutcome } from '../../../shared/domain/evidence.ts';
import type { Delivery, DeliveryAttemptRecord, StoredSubscription, Subscription } from '../../../shared/domain/partner.ts';
import type { DeliveryAttempt, IndexedClaim } from '../../../shared/domain/ports.ts';
import type { ApiKeyRecord, Principal } from '../../../shared/domain/principals.ts';
import type { RatingLabel, RatingScale } from '../../../shared/domain/rating-scale.ts';
import type { ReviewerIntegration } from '../../../shared/domain/reviewer-integrations.ts';
import type { CorrectionInput } from '../../../shared/domain/services/corrections.ts';
import type { SubscriptionInput } from '../../../shared/domain/services/partners/subscriptions.ts';
import type { CapturedReviewPolicy, CorrectionProposal, Review, ReviewDecision, ReviewPolicy } from '../../../shared/domain/review.ts';
import type { TriageResult } from '../../../shared/domain/triage/types.ts';
import type { PartnerNotification, Verdict } from '../../../shared/domain/verdict.ts';

const root = join(import.meta.dirname, '../../..');
const contractsDir = join(root, 'shared/contracts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** The type names the contracts define as records (`export type X = RecordOf<typeof x>`). */
const recordNames = readdirSync(contractsDir).flatMap((f) =>
  [...readFileSync(join(contractsDir, f), 'utf8').matchAll(/export type (\w+) = RecordOf</g)].map((m) => m[1] as string),
);

type Def = { type: string; innerType?: Schema; element?: Schema };
type Schema = { _zod: { def: Def } };
const wrappers = new Set(['optional', 'nullable', 'array']);

/**
 * Whether `api` is `contract`, or a metadata-only clone of it (`.meta()` keeps the definition object), under
 * the same optional/nullable/array wrappers. A field written out again by hand has a definition of its own.
 */
function sameDefinition(api: Schema, contract: Schema): boolean {
  if (api._zod.def === contract._zod.def) return true;
  const [a, c] = [api._zod.def, contract._zod.def];
  if (a.type !== c.type || !wrappers.has(a.type)) return false;
  const [ai, ci] = [a.innerType ?? a.element, c.innerType ?? c.element];
  return ai !== undefined && ci !== undefined && sameDefinition(ai, ci);
}

/** The object schema inside optional/nullable/array wrappers. */
function objectOf(schema: z.ZodType): z.ZodObject {
  let s = schema as unknown as Schema;
  while (s._zod.def.type !== 'object') s = (s._zod.def.innerType ?? s._zod.def.element) as Schema;
  return s as unknown as z.ZodObject;
}

/** Each field of `contract` (less `omitted`) is the contract's own schema in `api`: derived, not copied. */
function expectDerived(api: z.ZodType, contract: z.ZodObject, omitted: string[] = []): void {
  const apiShape = objectOf(api).shape as Record<string, Schema>;
  const contractShape = contract.shape as Record<string, Schema>;
  const copied = Object.keys(contractShape)
    .filter((k) => !omitted.includes(k))
    .filter((k) => !(apiShape[k] && sameDefinition(apiShape[k], contractShape[k] as Schema)));
  expect(copied).toEqual([]);
}

describe('contracts: one definition of every record', () => {
  it('finds the contract records (the checks below are not vacuous)', () => {
    expect(recordNames).toEqual(
      expect.arrayContaining([
        'EvidenceRecord',
        'ProviderOutcome',
        'TriageResult',
        'ClaimSignature',
        'Claim',
        'ClaimEvent',
        'ReviewSummary',
        'Verdict',
        'RatingLabel',
        'Review',
        'ReviewDecision',
        'PartnerNotification',
        'FactDocument',
        'Candidate',
        'Segment',
        'Subscription',
        'Delivery',
        'DeliveryAttempt',
        'Principal',
        'ApiKeyRecord',
        'ReviewerIntegration',
      ]),
    );
  });

  it('no contract record is declared again as an interface or object type outside shared/contracts', () => {
    const copies: string[] = [];
    for (const file of ['functions', 'shared', 'infra', 'test/support'].flatMap((d) => sourceFiles(join(root, d)))) {
      if (file.startsWith(contractsDir)) continue;
      const source = readFileSync(file, 'utf8');
      for (const name of recordNames) {
        if (new RegExp(String.raw`\b(?:interface\s+${name}\b|type\s+${name}\s*=\s*\{)`).test(source)) copies.push(`${relative(root, file)}: ${name}`);
      }
    }
    expect(copies).toEqual([]);
  });

  it('the domain types are the contract records', () => {
    expectTypeOf<EvidenceRecord>().toEqualTypeOf<RecordOf<typeof contracts.evidenceRecord>>();
    expectTypeOf<ProviderOutcome>().toEqualTypeOf<RecordOf<typeof contracts.providerOutcome>>();
    expectTypeOf<TriageResult>().toEqualTypeOf<RecordOf<typeof contracts.triageResult>>();
    expectTypeOf<Claim>().toEqualTypeOf<RecordOf<typeof contracts.claimRecord>>();
    expectTypeOf<ClaimEvent>().toEqualTypeOf<RecordOf<typeof contracts.claimEvent>>();
    expectTypeOf<Verdict>().toEqualTypeOf<RecordOf<typeof contracts.verdictRecord>>();
    expectTypeOf<RatingLabel>().toEqualTypeOf<RecordOf<typeof contracts.ratingLabel>>();
    expectTypeOf<RatingScale>().toEqualTypeOf<RecordOf<typeof contracts.ratingScale>>();
    expectTypeOf<Review>().toEqualTypeOf<RecordOf<typeof contracts.reviewRecord>>();
    expectTypeOf<ReviewDecision>().toEqualTypeOf<RecordOf<typeof contracts.reviewDecision>>();
    expectTypeOf<CorrectionProposal>().toEqualTypeOf<RecordOf<typeof contracts.correctionProposal>>();
    expectTypeOf<ReviewPolicy>().toEqualTypeOf<RecordOf<typeof contracts.reviewPolicy>>();
    expectTypeOf<CapturedReviewPolicy>().toEqualTypeOf<RecordOf<typeof contracts.capturedReviewPolicy>>();
    expectTypeOf<PartnerNotification>().toEqualTypeOf<RecordOf<typeof contracts.partnerNotification>>();
    expectTypeOf<FactDocument>().toEqualTypeOf<RecordOf<typeof contracts.documentRecord>>();
    expectTypeOf<DocumentAnalysis>().toEqualTypeOf<RecordOf<typeof contracts.documentAnalysis>>();
    expectTypeOf<Candidate>().toEqualTypeOf<RecordOf<typeof contracts.documentCandidate>>();
    expectTypeOf<ClaimMatch>().toEqualTypeOf<RecordOf<typeof contracts.claimMatch>>();
    expectTypeOf<DocumentClaimant>().toEqualTypeOf<RecordOf<typeof contracts.documentClaimant>>();
    expectTypeOf<Segment>().toEqualTypeOf<RecordOf<typeof contracts.documentSegment>>();
    expectTypeOf<BlockHint>().toEqualTypeOf<RecordOf<typeof contracts.blockHint>>();
    expectTypeOf<SpeakerTurn>().toEqualTypeOf<RecordOf<typeof contracts.speakerTurn>>();
    expectTypeOf<CandidatePick>().toEqualTypeOf<RecordOf<typeof contracts.candidatePick>>();
    expectTypeOf<PickOutcome>().toEqualTypeOf<RecordOf<typeof contracts.pickOutcome>>();
    expectTypeOf<Subscription>().toEqualTypeOf<RecordOf<typeof contracts.subscriptionRecord>>();
    expectTypeOf<StoredSubscription>().toEqualTypeOf<RecordOf<typeof contracts.storedSubscription>>();
    expectTypeOf<Delivery>().toEqualTypeOf<RecordOf<typeof contracts.deliveryRecord>>();
    expectTypeOf<DeliveryAttempt>().toEqualTypeOf<RecordOf<typeof contracts.deliveryAttempt>>();
    expectTypeOf<DeliveryAttemptRecord>().toEqualTypeOf<DeliveryAttempt>();
    expectTypeOf<SubscriptionInput>().toEqualTypeOf<RecordOf<typeof contracts.subscriptionRequest>>();
    expectTypeOf<Principal>().toEqualTypeOf<RecordOf<typeof contracts.principalRecord>>();
    expectTypeOf<ApiKeyRecord>().toEqualTypeOf<RecordOf<typeof contracts.apiKeyRecord>>();
    expectTypeOf<ReviewerIntegration>().toEqualTypeOf<RecordOf<typeof contracts.reviewerIntegrationRecord>>();
    expectTypeOf<IndexedClaim>().toEqualTypeOf<RecordOf<typeof contracts.indexedClaim>>();
  });

  it("the API's claim response is built from the contract's records", () => {
    // claimant and appearances: the submission's schemas (input rules on the contract's fields; typed below);
    // triage: the contract's less `related` (checked on the next line).
    const internal = ['revision', 'workflowStartedAt', 'workflowRun', 'reopenedAt', 'verdictVersion'];
    expectDerived(claimSchema, contracts.claimRecord, [...internal, 'claimant', 'appearances', 'firstAppearance', 'triage']);
    expectDerived(claimSchema.shape.evidence, contracts.evidenceRecord);
    expectDerived(claimSchema.shape.triage, contracts.triageResult, ['related']);
    expectDerived(claimSchema.shape.review, contracts.reviewSummary);
    expectDerived(claimSchema.shape.providerOutcomes, contracts.providerOutcomeSummary);
    expectDerived(claimEventSchema, contracts.claimEvent);
  });

  it("the API's verdict response is built from the contract's records", () => {
    // claim.claimant and claim's appearances: the submission's schemas, as on the claim.
    expectDerived(verdictSchema, contracts.verdictRecord, ['claim']);
    expectDerived(verdictSchema.shape.claim, contracts.reviewedClaim, ['claimant', 'appearances', 'firstAppearance']);
    expectDerived(verdictSchema.shape.evidence, contracts.evidenceRecord);
    expectDerived(ratingSchema, contracts.ratingLabel);
  });

  it("the webhook payloads are built from the contract's records", () => {
    const request = reviewRequestData.shape;
    expectDerived(request.evidence, contracts.evidenceRecord);
    expectDerived(request.correction, contracts.correctionProposal);
    expectDerived(request.related, contracts.duplicateMatch);
    expectDerived(request.triage, z.object({ checkWorthiness: contracts.checkWorthiness }));
    const claim = contracts.claimRecord.pick({ id: true, statement: true, claimant: true, firstAppearance: true });
    expectDerived(request.claim, claim);
    const { claimId, version, publishedAt, rating, summary, correctionNote } = contracts.verdictRecord.shape;
    expectDerived(partnerEventData, z.object({ claimId, version, publishedAt, rating, summary, correctionNote }));
  });

  it("the partners API's subscription and delivery are the contract's records less their internal fields", () => {
    expectDerived(subscriptionSchema, contracts.subscriptionRecord, ['partnerId']);
    expectDerived(deliverySchema, contracts.deliveryRecord, ['partnerId', 'notificationId', 'attemptsThisSend']);
    expectDerived(deliverySchema.shape.attempts, contracts.deliveryAttempt);
  });

  it("the admin API's principal, key and reviewer integration are the contract's records less what is never shown", () => {
    expectDerived(principalSchema, contracts.principalRecord);
    expectDerived(apiKeyInfoSchema, contracts.apiKeyRecord, ['hash', 'principalId']);
    expectDerived(reviewerIntegrationSchema, contracts.reviewerIntegrationRecord, ['secret']);
  });

  it('the check itself tells a derived schema from a copy', () => {
    expect(() => expectDerived(contracts.claimEvent.meta({ id: 'Clone' }), contracts.claimEvent)).not.toThrow();
    expect(() => expectDerived(contracts.claimEvent.extend({ type: z.string() }), contracts.claimEvent)).toThrow();
  });

  it("the API's input schemas give the contract's submission types", () => {
    expectTypeOf<RecordOf<typeof claimSubmissionSchema>>().toEqualTypeOf<ClaimSubmission>();
    expectTypeOf<RecordOf<typeof claimantSchema>>().toEqualTypeOf<Claimant>();
    expectTypeOf<RecordOf<typeof appearanceSchema>>().toEqualTypeOf<Appearance>();
    expectTypeOf<RecordOf<typeof documentSubmissionSchema>>().toEqualTypeOf<RecordOf<typeof contracts.documentSubmission>>();
    expectTypeOf<RecordOf<typeof speakerTurnSchema>>().toEqualTypeOf<SpeakerTurn>();
    expectTypeOf<RecordOf<typeof candidatePickSchema>>().toEqualTypeOf<CandidatePick>();
    expectTypeOf<RecordOf<typeof subscriptionRequestSchema>>().toEqualTypeOf<SubscriptionInput>();
    expectTypeOf<RecordOf<typeof correctionSchema>>().toEqualTypeOf<CorrectionInput>();
  });
});

/**
 * The API's schemas: one zod definition each gives the TypeScript type, the validation and the OpenAPI
 * document. Records are the contracts' (shared/contracts) with OpenAPI metadata added; each file in
 * schemas/ holds one area's.
 */
export { claimStatuses, priorities } from '../../shared/contracts/index.ts';
export * from './schemas/claim-listing.ts';
export * from './schemas/claims.ts';
export * from './schemas/input-rules.ts';
export * from './schemas/paging.ts';
export * from './schemas/partners.ts';
export * from './schemas/principals.ts';
export * from './schemas/problems.ts';
export * from './schemas/review-decisions.ts';
export * from './schemas/verdicts.ts';
export * from './schemas/documents.ts';

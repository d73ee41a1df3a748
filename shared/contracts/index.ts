/**
 * The contracts: the one definition of every enum and record the system exchanges (API bodies, workflow
 * step input and output, webhook payloads, stored records) and of its configuration. Each is a zod 4
 * schema; the TypeScript types are `z.infer` of it, so a shape cannot drift between the domain, the API,
 * the workflow and the infrastructure without a compile error.
 *
 * Why the domain may depend on zod here: zod is a pure, dependency-free validation library (no I/O, no
 * AWS, no HTTP), so importing it keeps the domain's rule "nothing from AWS or HTTP". The domain imports
 * these modules mostly for their types, and for a few enum value lists (roles, priorities); the edges
 * (handlers, adapters, configuration) parse with the schemas at run time. The alternative (hand-written
 * domain interfaces plus schemas kept in step by tests) is two copies of every shape, which is what this
 * module removes. Contracts import nothing from the domain except pure predicates, never the reverse at run
 * time for anything but these lists, so there is no import cycle with side effects.
 *
 * OpenAPI: schemas here carry only zod's own metadata (`.meta({ id })` names a component); the API
 * (functions/api/schemas.ts) adds OpenAPI-specific metadata such as examples with `.openapi()`.
 *
 * Rule kept by test/unit/contracts/single-source.test.ts: no list of enum literals defined here may be
 * written out again anywhere else in the code.
 */
export * from './claim.ts';
export * from './claim-record.ts';
export * from './configuration.ts';
export * from './document.ts';
export * from './evidence.ts';
export * from './partner.ts';
export * from './principal.ts';
export * from './rating.ts';
export * from './review.ts';
export * from './triage.ts';
export * from './verdict.ts';
export * from './workflow-steps.ts';
export * from './exact-optional.ts';
export * from './check-worthiness-model.ts';

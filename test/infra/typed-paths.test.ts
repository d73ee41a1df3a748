/**
 * The workflow's JsonPaths are typed by the contracts (infra/constructs/typed-states.ts): a path a state does
 * not have, a Choice comparing a field with a value the contract does not allow, or a result written where the
 * state keeps another type does not compile. Each `@ts-expect-error` below is such a mistake, as renaming a
 * contract's field or literal would make it; the type-check (npm test's first step) fails if one compiles.
 */
import { JsonPath } from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { condition, discardResult, pathTo, type ReadPath, resultPathFor } from '../../infra/constructs/typed-states.ts';
import { automatedState, claimState, failedClaimState } from '../../infra/constructs/workflow-states.ts';
import type { CaughtError, ReviewAnswer, TriageOutcome } from '../../shared/contracts/index.ts';

describe("the workflow's typed paths", () => {
  it('render the JsonPath strings CDK takes', () => {
    expect(claimState.path('$.decision.decision')).toBe('$.decision.decision');
    expect(resultPathFor<CaughtError>(claimState.resultPath('$.error'))).toBe('$.error');
    expect(discardResult).toBe(JsonPath.DISCARD);
    expect(condition.stringEquals(claimState.path('$.automated.outcome.next'), 'review').renderCondition()).toEqual({
      Variable: '$.automated.outcome.next',
      StringEquals: 'review',
    });
    expect(condition.numberLessThanPath(claimState.path('$.round'), claimState.path('$.policy.maxRounds')).renderCondition()).toEqual({
      Variable: '$.round',
      NumericLessThanPath: '$.policy.maxRounds',
    });
  });

  it('read the type the contract gives the field', () => {
    expectTypeOf(claimState.path('$.decision.decision')).toEqualTypeOf<ReadPath<ReviewAnswer['decision']>>();
    expectTypeOf(automatedState.path('$.triage.outcome')).toEqualTypeOf<ReadPath<TriageOutcome>>();
    expectTypeOf(claimState.path('$.automated.outcome.next')).toEqualTypeOf<ReadPath<'review' | 'close' | 'record_failure'>>();
  });

  it('refuse a path, a value or a result the contracts do not have', () => {
    // @ts-expect-error a field the claim workflow's state does not have
    claimState.path('$.decision.verdict');
    // @ts-expect-error a decision the settled-decision contract does not know
    condition.stringEquals(claimState.path('$.decision.decision'), 'approved');
    // @ts-expect-error a triage outcome the contract does not know
    condition.stringEquals(automatedState.path('$.triage.outcome'), 'continued');
    // @ts-expect-error a number compared as a string
    condition.stringEquals(claimState.path('$.round'), '1');
    // @ts-expect-error an error written where the state keeps the round
    resultPathFor<CaughtError>(claimState.resultPath('$.round'));
    // @ts-expect-error the reviewer's answer written where the state keeps the Express child's result
    resultPathFor<ReviewAnswer>(claimState.resultPath('$.automated'));
    // @ts-expect-error a timeout (seconds) read from a string
    pathTo<number>(failedClaimState.path('$.error.Cause'));
    expect(claimState.path('$.round')).toBe('$.round');
  });
});

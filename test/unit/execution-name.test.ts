import { describe, expect, it } from 'vitest';
import { claimIdOfExecution, executionName } from '../../shared/adapters/step-functions/workflow-engine.ts';

describe('workflow execution names', () => {
  const claimId = '01JD3Y5R6Q4M8X2V7N9B1C0KZT';

  it('a first run is named after its claim, a re-opened run after the claim and its run', () => {
    expect(executionName(claimId)).toBe(claimId);
    expect(executionName(claimId, 2)).toBe(`${claimId}-r2`);
  });

  it('an execution-end event of any run is traced back to its claim', () => {
    expect(claimIdOfExecution(executionName(claimId))).toBe(claimId);
    expect(claimIdOfExecution(executionName(claimId, 1))).toBe(claimId);
    expect(claimIdOfExecution(executionName(claimId, 12))).toBe(claimId);
  });
});

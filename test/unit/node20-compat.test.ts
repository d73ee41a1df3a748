import { describe, expect, it } from 'vitest';
import { StateMachine } from 'aws-local-stepfunctions';
import '../../infra/local/step-functions/node20-compat.ts';

describe('the local Step Functions interpreter on this Node version', () => {
  it('has Promise.withResolvers, which aws-local-stepfunctions calls for every Task', () => {
    expect(typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers).toBe('function');
  });

  it('runs a Task through a local handler instead of a Catch swallowing a TypeError', async () => {
    const machine = new StateMachine({
      StartAt: 'Work',
      States: {
        Work: {
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:000000000000:function:work',
          End: true,
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
        },
        Caught: { Type: 'Pass', Result: { caught: true }, End: true },
      },
    });
    const run = machine.run({ n: 20 }, { overrides: { taskResourceLocalHandlers: { Work: async (input) => ({ doubled: (input as { n: number }).n * 2 }) } } });
    await expect(run.result).resolves.toEqual({ doubled: 40 });
  });
});

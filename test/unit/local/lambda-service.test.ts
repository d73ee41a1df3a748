/**
 * The local Lambda Invoke API (infra/local/lambda-service.ts) answers @aws-sdk/client-lambda as Lambda does: an
 * asynchronous (`Event`) invocation is answered 202 at once and retried as the template's EventInvokeConfig says;
 * a synchronous one answers the result or the function's error; an unknown function is ResourceNotFoundException.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import type { CloudTemplate } from '../../../infra/local/cloud-template.ts';
import { serveLambda, type LocalLambdaService } from '../../../infra/local/lambda-service.ts';

const template: CloudTemplate = {
  Resources: {
    Flaky: { Type: 'AWS::Lambda::Function', Properties: { Timeout: 5 } },
    Once: { Type: 'AWS::Lambda::Function', Properties: { Timeout: 5 } },
    OnceConfig: { Type: 'AWS::Lambda::EventInvokeConfig', Properties: { FunctionName: { Ref: 'Once' }, Qualifier: '$LATEST', MaximumRetryAttempts: 0 } },
  },
};

let service: LocalLambdaService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

function start(failFirst: number) {
  const calls: Array<{ name: string; payload: unknown }> = [];
  const lambdas = {
    has: (name: string) => name in template.Resources,
    invoke: async (name: string, payload: unknown) => {
      calls.push({ name, payload });
      if (calls.filter((c) => c.name === name).length <= failFirst) throw Object.assign(new Error('boom'), { name: 'Unavailable' });
      return { echoed: payload };
    },
  };
  return { calls, lambdas };
}

const client = (endpoint: string) => new LambdaClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const payload = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe('the local Lambda Invoke API', () => {
  it('answers an Event invocation 202 at once and retries a failed run twice, as Lambda does by default', async () => {
    const { calls, lambdas } = start(2);
    service = await serveLambda(lambdas, template, { retryDelayMs: 10 });
    const out = await client(service.endpoint).send(
      new InvokeCommand({ FunctionName: 'Flaky', InvocationType: 'Event', Payload: payload({ documentId: 'd1' }) }),
    );
    expect(out.StatusCode).toBe(202);
    await service.idle();
    expect(calls).toHaveLength(3);
    expect(service.invocations).toEqual([{ functionName: 'Flaky', payload: { documentId: 'd1' }, attempts: 3, outcome: 'succeeded', error: 'Unavailable' }]);
  });

  it("retries no more than the function's EventInvokeConfig allows", async () => {
    const { calls, lambdas } = start(1);
    service = await serveLambda(lambdas, template, { retryDelayMs: 10 });
    const arn = 'arn:aws:lambda:us-east-1:000000000000:function:Once';
    expect((await client(service.endpoint).send(new InvokeCommand({ FunctionName: arn, InvocationType: 'Event', Payload: payload({}) }))).StatusCode).toBe(202);
    await service.idle();
    expect(calls).toHaveLength(1);
    expect(service.invocations[0]).toMatchObject({ functionName: 'Once', attempts: 1, outcome: 'failed' });
  });

  it("answers a RequestResponse invocation with the result, or the function's error", async () => {
    const { lambdas } = start(1);
    service = await serveLambda(lambdas, template);
    const lambda = client(service.endpoint);
    const failed = await lambda.send(new InvokeCommand({ FunctionName: 'Flaky', Payload: payload({ n: 1 }) }));
    expect(failed.FunctionError).toBe('Unhandled');
    expect(JSON.parse(new TextDecoder().decode(failed.Payload))).toMatchObject({ errorType: 'Unavailable', errorMessage: 'boom' });
    const ok = await lambda.send(new InvokeCommand({ FunctionName: 'Flaky', Payload: payload({ n: 2 }) }));
    expect(ok.StatusCode).toBe(200);
    expect(JSON.parse(new TextDecoder().decode(ok.Payload))).toEqual({ echoed: { n: 2 } });
  });

  it('refuses an unknown function as Lambda does', async () => {
    const { lambdas } = start(0);
    service = await serveLambda(lambdas, template);
    await expect(client(service.endpoint).send(new InvokeCommand({ FunctionName: 'Nope', InvocationType: 'Event' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});

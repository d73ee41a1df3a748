/**
 * cdk-nag's AwsSolutions rules run inside every synth (infra/app.ts) and fail it on any finding that is not
 * acknowledged next to its construct, with a reason.
 */
import { Stack } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';

describe('cdk-nag', () => {
  it.each(['dev', 'prod'] as const)('passes on the %s stage: every finding is fixed or acknowledged', (stage) => {
    const { app } = buildApp({ 'aws:cdk:bundling-stacks': [], stage });
    expect(() => app.synth()).not.toThrow();
  });

  it('fails the synth on a finding nobody acknowledged', () => {
    const { app, stack } = buildApp({ 'aws:cdk:bundling-stacks': [], stage: 'dev' });
    // A topic without encryption or a TLS-only policy (AwsSolutions-SNS2, -SNS3).
    new Topic(Stack.of(stack), 'UnreviewedTopic');
    expect(() => app.synth()).toThrow(/AwsSolutions-SNS[23]/);
  });
});

/**
 * Long documents are processed outside the API request (issue 14): an asynchronously invoked function defined in
 * infra/constructs/document-processing.ts, which only the API may invoke, and which the local stack finds and runs
 * from the same template (its name in the API's environment, its retries in its EventInvokeConfig).
 */
import { describe, expect, it } from 'vitest';
import { DOCUMENT_PROCESSING_RETRIES } from '../../infra/constructs/document-processing.ts';
import { functionEntries, functionReferences, type CloudTemplate } from '../../infra/local/cloud-template.ts';
import { lambdaSettings } from '../../infra/local/lambda-service.ts';
import { logicalId, resourcesOfType, synthesize, type Stage } from './templates.ts';

const stages: Stage[] = ['dev', 'prod'];

describe('the document processor', () => {
  it.each(stages)('runs functions/documents/process-document.ts with the check-worthiness models, named to the API (%s)', (stage) => {
    const s = synthesize(stage);
    const processorId = logicalId(s, s.stack.documentProcessing.processor);
    const processor = s.json.Resources[processorId]!;
    expect(processor.Metadata?.['factflow:entry']).toBe('functions/documents/process-document.ts');
    expect(processor.Properties.Environment.Variables.FACTFLOW_TRIAGE_MODEL_DIR).toBe('/var/task/models/check-worthiness');
    const api = s.json.Resources[logicalId(s, s.stack.api.handler)]!;
    expect(api.Properties.Environment.Variables.DOCUMENT_PROCESSOR_FUNCTION).toEqual({ Ref: processorId });
  });

  it.each(stages)('is invoked asynchronously with two retries and events dropped after an hour (%s)', (stage) => {
    const s = synthesize(stage);
    const configs = resourcesOfType(s, 'AWS::Lambda::EventInvokeConfig');
    expect(configs).toHaveLength(1);
    expect(configs[0]![1].Properties).toEqual({
      FunctionName: { Ref: logicalId(s, s.stack.documentProcessing.processor) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: DOCUMENT_PROCESSING_RETRIES.retryAttempts,
      MaximumEventAgeInSeconds: DOCUMENT_PROCESSING_RETRIES.maxEventAgeSeconds,
    });
  });

  it('may be invoked by the API alone, and only as the function itself (no versions, aliases or wildcards)', () => {
    const s = synthesize('prod');
    const processorId = logicalId(s, s.stack.documentProcessing.processor);
    const apiRoleId = s.json.Resources[logicalId(s, s.stack.api.handler)]!.Properties.Role['Fn::GetAtt'][0] as string;
    const invokers: Array<{ roles: unknown; resources: unknown }> = [];
    for (const [, policy] of resourcesOfType(s, 'AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>) {
        const actions = [statement.Action].flat();
        const onProcessor = JSON.stringify(statement.Resource).includes(processorId) || JSON.stringify(statement.Resource).includes('"*"');
        if (onProcessor && actions.some((a) => a === 'lambda:InvokeFunction' || a === 'lambda:*' || a === '*')) {
          invokers.push({ roles: policy.Properties.Roles, resources: statement.Resource });
        }
      }
    }
    expect(invokers).toEqual([{ roles: [{ Ref: apiRoleId }], resources: { 'Fn::GetAtt': [processorId, 'Arn'] } }]);
    // Nothing else (no resource policy) lets another principal invoke it.
    expect(resourcesOfType(s, 'AWS::Lambda::Permission').filter(([, p]) => JSON.stringify(p.Properties.FunctionName).includes(processorId))).toEqual([]);
  });

  it('is found by the local stack in the same template: its local name, its handler module and its retries', () => {
    const s = synthesize('dev');
    const template = s.json as unknown as CloudTemplate;
    const processorId = logicalId(s, s.stack.documentProcessing.processor);
    expect(functionReferences(template, 'functions/api/handler.ts')).toEqual({ DOCUMENT_PROCESSOR_FUNCTION: processorId });
    expect(functionEntries(template).get(processorId)).toBe('functions/documents/process-document.ts');
    const { asyncConfig, timeoutSeconds } = lambdaSettings(template);
    expect(asyncConfig.get(processorId)).toEqual({ retryAttempts: 2, maxEventAgeSeconds: 3600 });
    expect(timeoutSeconds.get(processorId)).toBe(120);
  });
});

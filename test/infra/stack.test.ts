/**
 * What the CDK app deploys, read from the synthesized templates of both stages: the table, the functions,
 * the API, the workflow, the secret, the reconciler schedule, and what each stage keeps or drops.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp, settingsFromContext } from '../../infra/app.ts';
import { SECRET_KEYS } from '../../functions/commons/secrets.ts';
import { API_LIMITS } from '../../infra/constructs/api.ts';
import { worstCaseCallMs, type AwsCallBudget } from '../../shared/adapters/aws-clients.ts';
import { logicalId, resourcesOfType, synthesize, type Stage } from './templates.ts';

const stages: Stage[] = ['dev', 'prod'];

describe('the table', () => {
  it.each(stages)('is on-demand with point-in-time recovery, TTL on expiresAt and only gsi1 and gsi2 (%s)', (stage) => {
    const s = synthesize(stage);
    const tables = resourcesOfType(s, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const p = tables[0]![1].Properties;
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(p.GlobalSecondaryIndexes.map((g: { IndexName: string }) => g.IndexName)).toEqual(['gsi1', 'gsi2']);
  });

  it('is retained and deletion-protected in prod', () => {
    const [, table] = resourcesOfType(synthesize('prod'), 'AWS::DynamoDB::Table')[0]!;
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
  });

  it('is deleted with the stack in dev', () => {
    const [, table] = resourcesOfType(synthesize('dev'), 'AWS::DynamoDB::Table')[0]!;
    expect(table.DeletionPolicy).toBe('Delete');
    expect(table.Properties.DeletionProtectionEnabled).toBe(false);
  });
});

/** Memory (MB) and timeout (s) chosen per function. */
const sizing: Record<string, [number, number]> = {
  Api: [512, 15],
  Triage: [1024, 30],
  GatherEvidence: [256, 40],
  RecordEvidence: [256, 15],
  RequestReview: [256, 60],
  PublishVerdict: [256, 15],
  CloseClaim: [256, 15],
  StartPendingClaims: [256, 60],
  DeliverNotifications: [256, 120],
  RecordExecutionEnd: [256, 15],
  ProcessDocument: [1024, 120],
};

describe('the functions', () => {
  it('are the API, one per workflow step, the reconciler, the partner delivery worker, the execution-end recorder and the document processor', () => {
    const s = synthesize('dev');
    expect(Object.keys(s.stack.functions).sort()).toEqual(Object.keys(sizing).sort());
    expect(resourcesOfType(s, 'AWS::Lambda::Function')).toHaveLength(Object.keys(sizing).length);
  });

  it.each(stages)('run Node.js 22 or newer on arm64 with X-Ray tracing and JSON logs, source maps applied only at log level DEBUG (%s)', (stage) => {
    const s = synthesize(stage);
    for (const [, fn] of resourcesOfType(s, 'AWS::Lambda::Function')) {
      const p = fn.Properties;
      expect(Number(/^nodejs(\d+)\.x$/.exec(p.Runtime)?.[1])).toBeGreaterThanOrEqual(22);
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.TracingConfig).toEqual({ Mode: 'Active' });
      expect(p.Handler).toBe('index.handler');
      // --enable-source-maps parses the whole map at every cold start; the asset's loader applies the map only
      // when the function logs at DEBUG (infra/constructs/bundling.ts; test/infra/bundling.test.ts runs it).
      expect(p.Environment.Variables.NODE_OPTIONS).toBeUndefined();
      expect(p.LoggingConfig.LogFormat).toBe('JSON');
      expect(p.LoggingConfig.ApplicationLogLevel).toBe(stage === 'prod' ? 'INFO' : 'DEBUG');
    }
  });

  it('each write to an explicit log group with retention, not the deprecated logRetention', () => {
    for (const stage of stages) {
      const s = synthesize(stage);
      expect(resourcesOfType(s, 'Custom::LogRetention')).toEqual([]);
      for (const [, fn] of resourcesOfType(s, 'AWS::Lambda::Function')) {
        const groupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;
        const group = s.json.Resources[groupId]!;
        expect(group.Type).toBe('AWS::Logs::LogGroup');
        expect(group.Properties.RetentionInDays).toBe(stage === 'prod' ? 90 : 14);
        expect(group.DeletionPolicy).toBe(stage === 'prod' ? 'Retain' : 'Delete');
      }
    }
  });

  it('have memory and timeout chosen per function', () => {
    const s = synthesize('dev');
    for (const [name, [memory, timeout]] of Object.entries(sizing)) {
      const fn = s.json.Resources[logicalId(s, s.stack.functions[name]!)]!;
      expect({ name, memory: fn.Properties.MemorySize, timeout: fn.Properties.Timeout }).toEqual({ name, memory, timeout });
    }
  });

  it('bound their AWS SDK calls: the API on the short budget, every other function on the background one, each inside its own timeout', () => {
    const s = synthesize('dev');
    for (const name of Object.keys(sizing)) {
      const fn = s.json.Resources[logicalId(s, s.stack.functions[name]!)]!;
      const budget = fn.Properties.Environment.Variables.AWS_CALL_BUDGET as AwsCallBudget;
      expect({ name, budget }).toEqual({ name, budget: name === 'Api' ? 'api' : 'background' });
      // One hung call, retried to its bound, still ends before Lambda kills the function.
      expect(worstCaseCallMs(budget)).toBeLessThan(fn.Properties.Timeout * 1000);
    }
    // A waiting caller gets its answer (a 503 at worst) in about 3 s.
    expect(worstCaseCallMs('api')).toBeLessThanOrEqual(4000);
  });

  it('log debug detail in dev and info and up in prod', () => {
    for (const [stage, application, system] of [
      ['dev', 'DEBUG', 'INFO'],
      ['prod', 'INFO', 'WARN'],
    ] as const) {
      for (const [, fn] of resourcesOfType(synthesize(stage), 'AWS::Lambda::Function')) {
        expect(fn.Properties.LoggingConfig).toMatchObject({ ApplicationLogLevel: application, SystemLogLevel: system });
      }
    }
  });

  it("publish metrics in the stage's namespace and name the handler module the local stack runs", () => {
    for (const stage of stages) {
      for (const [, fn] of resourcesOfType(synthesize(stage), 'AWS::Lambda::Function')) {
        expect(fn.Properties.Environment.Variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'factflow', POWERTOOLS_METRICS_NAMESPACE: `factflow/${stage}` });
        expect(fn.Metadata?.['factflow:entry']).toMatch(/^functions\/.+\.ts$/);
      }
    }
  });
});

describe('the API', () => {
  it('is an HTTP API sending payload v2 to the Hono function', () => {
    const s = synthesize('dev');
    s.template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalId(s, s.stack.api.handler), 'Arn'] },
    });
  });

  it.each(stages)('logs every request to its access log and throttles by default (%s)', (stage) => {
    const s = synthesize(stage);
    const [, apiStage] = resourcesOfType(s, 'AWS::ApiGatewayV2::Stage')[0]!;
    const destination = apiStage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0] as string;
    expect(s.json.Resources[destination]!.Type).toBe('AWS::Logs::LogGroup');
    expect(s.json.Resources[destination]!.Properties.RetentionInDays).toBe(stage === 'prod' ? 90 : 14);
    const format = JSON.parse(apiStage.Properties.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', latencyMs: '$context.responseLatency' });
    expect(apiStage.Properties.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 });
  });

  it("throttles at the gateway in step with the application's own limits per key and per client address", () => {
    const s = synthesize('dev');
    const [, apiStage] = resourcesOfType(s, 'AWS::ApiGatewayV2::Stage')[0]!;
    const env = s.json.Resources[logicalId(s, s.stack.functions.Api!)]!.Properties.Environment.Variables as Record<string, string>;
    expect(env).toMatchObject({
      RATE_LIMIT_PER_MINUTE: String(API_LIMITS.perPrincipalPerMinute),
      AUTH_FAILURES_PER_MINUTE: String(API_LIMITS.authFailuresPerAddressPerMinute),
      NEGATIVE_KEY_CACHE_SECONDS: String(API_LIMITS.negativeKeyCacheSeconds),
    });
    const gateway = apiStage.Properties.DefaultRouteSettings as { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };
    // One principal inside its quota is never throttled by the gateway alone…
    expect(gateway.ThrottlingRateLimit).toBeGreaterThanOrEqual(Number(env.RATE_LIMIT_PER_MINUTE) / 60);
    expect(gateway.ThrottlingBurstLimit).toBeGreaterThanOrEqual(gateway.ThrottlingRateLimit);
    // …and one address's failed attempts stay far below the gateway's burst.
    expect(Number(env.AUTH_FAILURES_PER_MINUTE)).toBeLessThan(gateway.ThrottlingBurstLimit);
  });
});

describe('the workflow', () => {
  const machines = (stage: Stage) => resourcesOfType(synthesize(stage), 'AWS::StepFunctions::StateMachine');
  const logged = (logGroup: string) => ({
    Level: 'ALL',
    // Task tokens and claim text stay out of the log.
    IncludeExecutionData: false,
    Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp(logGroup), 'Arn'] } } }],
  });

  it.each(stages)('is a Standard state machine logging ALL to its own log group, traced with X-Ray (%s)', (stage) => {
    const s = synthesize(stage);
    expect(
      machines(stage)
        .map(([, m]) => m.Properties.StateMachineType)
        .sort(),
    ).toEqual(['EXPRESS', 'STANDARD']);
    s.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: logged('StateMachineLogs'),
    });
  });

  it.each(stages)('runs its automated steps in an Express state machine logging ALL to its own log group (its only history), traced (%s)', (stage) => {
    synthesize(stage).template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'EXPRESS',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: logged('AutomatedStepsLogs'),
    });
  });
});

describe('the secret', () => {
  it('is one JSON secret with a generated API-key pepper, retained in prod only', () => {
    for (const stage of stages) {
      const secrets = resourcesOfType(synthesize(stage), 'AWS::SecretsManager::Secret');
      expect(secrets).toHaveLength(1);
      const [, secret] = secrets[0]!;
      expect(secret.Properties.GenerateSecretString).toMatchObject({ GenerateStringKey: 'API_KEY_PEPPER', PasswordLength: 48 });
      expect(Object.keys(JSON.parse(secret.Properties.GenerateSecretString.SecretStringTemplate as string))).toEqual([
        'REVIEW_REQUEST_SECRET',
        'REVIEW_DECISION_SECRET',
      ]);
      expect(secret.DeletionPolicy).toBe(stage === 'prod' ? 'Retain' : 'Delete');
    }
  });

  it('is named to every function by its ARN, never by value', () => {
    const s = synthesize('prod');
    const secretId = resourcesOfType(s, 'AWS::SecretsManager::Secret')[0]![0];
    for (const [, fn] of resourcesOfType(s, 'AWS::Lambda::Function')) {
      const vars = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(vars.SECRETS_ARN).toEqual({ Ref: secretId });
      expect(Object.keys(vars).filter((k) => k === 'API_KEY_PEPPER' || k.endsWith('_SECRET'))).toEqual([]);
    }
  });
});

describe('the stack outputs', () => {
  it('name what the deploy steps need: the API URL, the secret and the alarm topic', () => {
    const outputs = synthesize('prod').template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'SecretArn', 'AlarmTopicArn']));
  });
});

describe('operator settings (context "settings")', () => {
  it('reach every function as environment variables', () => {
    const { stack } = buildApp({
      'aws:cdk:bundling-stacks': [],
      stage: 'dev',
      settings: JSON.stringify({ REVIEWER_WEBHOOK_URL: 'https://newsroom.example/reviews', PUBLIC_BASE_URL: 'https://factflow.example' }),
    });
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(Object.keys(sizing).length);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        REVIEWER_WEBHOOK_URL: 'https://newsroom.example/reviews',
        PUBLIC_BASE_URL: 'https://factflow.example',
      });
    }
  });

  it('refuse secrets, which belong in Secrets Manager and never in a template', () => {
    expect(() => settingsFromContext({ API_KEY_PEPPER: 'x'.repeat(32) })).toThrow(/API_KEY_PEPPER is a secret/);
    expect(() => settingsFromContext('{"REVIEW_DECISION_SECRET":"whsec_abc"}')).toThrow(/REVIEW_DECISION_SECRET is a secret/);
    expect(() => settingsFromContext({ DOCUMENT_WEBHOOK_SECRET: 'whsec_abc' })).toThrow(/DOCUMENT_WEBHOOK_SECRET is a secret/);
    expect(() => settingsFromContext({ EVIDENCE_LIMIT: 20 })).toThrow(/EVIDENCE_LIMIT must be a string/);
  });

  it('refuse the secret names the functions read from the factflow secret, every one of them (one list)', () => {
    for (const key of SECRET_KEYS) expect(() => settingsFromContext({ [key]: 'whsec_abc' })).toThrow(new RegExp(`${key} is a secret`));
  });

  it('are validated at synth with the schema the functions parse at cold start', () => {
    expect(() => settingsFromContext({ REVIEWER_WEBHOOK_URL: 'not a url' })).toThrow(/context "settings": REVIEWER_WEBHOOK_URL:/);
    expect(() => settingsFromContext({ REVIEW_MAX_ROUNDS: '0' })).toThrow(/REVIEW_MAX_ROUNDS/);
    expect(() => buildApp({ settings: { TRIAGE_AUTO_CLOSE: 'yes' } })).toThrow(/TRIAGE_AUTO_CLOSE/);
    expect(settingsFromContext({ REVIEW_MAX_ROUNDS: '5', LOG_LEVEL: 'DEBUG' })).toEqual({ REVIEW_MAX_ROUNDS: '5', LOG_LEVEL: 'DEBUG' });
    // The rating scale is JSON inside a string: its content is checked at synth too.
    const twice = JSON.stringify({
      name: 'desk',
      labels: [
        { id: 'false', label: 'False', category: 'false' },
        { id: 'false', label: 'Wrong', category: 'false' },
      ],
    });
    expect(() => settingsFromContext({ RATING_SCALE: twice })).toThrow(/RATING_SCALE: labels.1.id: "false" is taken by an earlier label/);
  });
});

describe('the reconciler', () => {
  it('runs every five minutes', () => {
    const s = synthesize('dev');
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(s, s.stack.maintenance.reconciler), 'Arn'] } })],
    });
    expect(s.json.Resources[logicalId(s, s.stack.maintenance.reconciler)]!.Metadata?.['factflow:entry']).toBe('functions/maintenance/start-pending-claims.ts');
  });
});

describe('executions that end unhappily', () => {
  it.each(stages)("are routed by an EventBridge rule on the workflow's FAILED, TIMED_OUT and ABORTED status changes to RecordExecutionEnd (%s)", (stage) => {
    const s = synthesize(stage);
    const machineId = logicalId(s, s.stack.workflow.stateMachine);
    const rules = resourcesOfType(s, 'AWS::Events::Rule').filter(([, r]) => r.Properties.EventPattern?.source?.includes('aws.states'));
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0]!;
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [{ Ref: machineId }] },
    });
    const target = rule.Properties.Targets[0];
    const fnId = s.stack.getLogicalId(s.stack.functions.RecordExecutionEnd!.node.defaultChild as never);
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
    expect(target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 86_400 });
  });
});

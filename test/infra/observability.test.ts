/**
 * What an operator is told about: alarms on failed and timed-out executions, expired reviews, the API's
 * 5xx rate, each function's errors and throttles and DynamoDB throttling, all notifying one encrypted,
 * TLS-only topic; and a dashboard.
 */
import { describe, expect, it } from 'vitest';
import { logicalId, resourcesOfType, synthesize } from './templates.ts';

const s = () => synthesize('prod');

function alarm(idPart: string) {
  const found = resourcesOfType(s(), 'AWS::CloudWatch::Alarm').filter(([id]) => id.startsWith(`Observability${idPart}`));
  expect(found, `one alarm ${idPart}`).toHaveLength(1);
  return found[0]![1].Properties;
}

describe('alarms', () => {
  it('fire on failed and on timed-out workflow executions', () => {
    const machine = { Name: 'StateMachineArn', Value: { Ref: logicalId(s(), s().stack.workflow.stateMachine) } };
    expect(alarm('ExecutionsFailed')).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [machine],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarm('ExecutionsTimedOut')).toMatchObject({ Namespace: 'AWS/States', MetricName: 'ExecutionsTimedOut', Dimensions: [machine] });
  });

  it('fire when a review expires without a decision (the ReviewsExpired metric the close step emits)', () => {
    expect(alarm('ReviewsExpired')).toMatchObject({
      Namespace: 'factflow/prod',
      MetricName: 'ReviewsExpired',
      Dimensions: [{ Name: 'service', Value: 'factflow' }],
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 1,
    });
  });

  it('fire when more than 5% of API requests answer 5xx', () => {
    const p = alarm('Api5xxRate');
    expect(p.Threshold).toBe(5);
    const expression = p.Metrics.find((m: { Expression?: string }) => m.Expression);
    expect(expression.Expression).toBe('IF(requests >= 20, 100 * errors / requests, 0)');
    const names = p.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat).map(
      (m: { MetricStat: { Metric: { MetricName: string; Namespace: string } } }) => `${m.MetricStat.Metric.Namespace} ${m.MetricStat.Metric.MetricName}`,
    );
    expect(names.sort()).toEqual(['AWS/ApiGateway 5xx', 'AWS/ApiGateway Count']);
  });

  it('fire on errors and on throttles of each function', () => {
    for (const [name, fn] of Object.entries(s().stack.functions)) {
      const dimensions = [{ Name: 'FunctionName', Value: { Ref: logicalId(s(), fn) } }];
      expect(alarm(`${name}Errors`)).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: dimensions, Threshold: 1 });
      expect(alarm(`${name}Throttles`)).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Throttles', Dimensions: dimensions, Threshold: 1 });
    }
  });

  it('fire on DynamoDB throttling of the table or either index', () => {
    const p = alarm('DynamoDbThrottles');
    const stats = p.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat).map(
      (m: { MetricStat: { Metric: { MetricName: string; Dimensions: Array<{ Name: string; Value: unknown }> } } }) => {
        const index = m.MetricStat.Metric.Dimensions.find((d) => d.Name === 'GlobalSecondaryIndexName')?.Value ?? 'table';
        return `${index} ${m.MetricStat.Metric.MetricName}`;
      },
    );
    expect(stats.sort()).toEqual([
      'gsi1 ReadThrottleEvents',
      'gsi1 WriteThrottleEvents',
      'gsi2 ReadThrottleEvents',
      'gsi2 WriteThrottleEvents',
      'table ReadThrottleEvents',
      'table WriteThrottleEvents',
    ]);
  });

  it('all notify the alarm topic and stay quiet without data', () => {
    const topicId = logicalId(s(), s().stack.observability.alarmTopic);
    const alarms = resourcesOfType(s(), 'AWS::CloudWatch::Alarm');
    // 6: failed and timed-out executions, expired reviews, undelivered review requests, API 5xx rate, DynamoDB throttles.
    expect(alarms.length).toBe(6 + 2 * Object.keys(s().stack.functions).length);
    for (const [, a] of alarms) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(a.Properties.TreatMissingData).toBe('notBreaching');
    }
  });
});

describe('the alarm topic', () => {
  it('is encrypted with a rotating key CloudWatch may use, and accepts TLS only', () => {
    const topicId = logicalId(s(), s().stack.observability.alarmTopic);
    const topic = s().json.Resources[topicId]!;
    const keyId = topic.Properties.KmsMasterKeyId['Fn::GetAtt'][0] as string;
    const key = s().json.Resources[keyId]!;
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(JSON.stringify(key.Properties.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
    const [, policy] = resourcesOfType(s(), 'AWS::SNS::TopicPolicy')[0]!;
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });
});

describe('the dashboard', () => {
  it('shows business metrics, executions, the API, functions, the table and the alarms', () => {
    const dashboards = resourcesOfType(s(), 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]![1].Properties.DashboardName).toBe('factflow-prod');
    const body = JSON.stringify(dashboards[0]![1].Properties.DashboardBody);
    for (const title of [
      'Claims, verdicts, expired reviews',
      'Workflow executions',
      'API requests and errors',
      'API latency',
      'Function errors',
      'Function throttles',
      'DynamoDB consumed capacity',
      'DynamoDB throttle events',
      'Alarms',
    ]) {
      expect(body).toContain(title);
    }
    for (const metric of ['ClaimsSubmitted', 'VerdictsPublished', 'ReviewsExpired']) expect(body).toContain(metric);
  });
});

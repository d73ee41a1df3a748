import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { type CfnStage, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { FactflowFunction } from './factflow-function.ts';
import type { Stage } from '../../shared/contracts/index.ts';

export interface ApiProps {
  stage: Stage;
  table: Table;
  stateMachine: IStateMachine;
  environment: Record<string, string>;
}

/**
 * The API's request limits, in one place. API Gateway's stage throttle bounds the total across every
 * client (it cannot count per key or per address); the application bounds each principal
 * (RATE_LIMIT_PER_MINUTE) and each client address's failed authentications (AUTH_FAILURES_PER_MINUTE),
 * in memory per instance. The gateway's steady rate is above what one principal may use, so a client
 * inside its quota is never throttled by the gateway on its own, and below what a flood of guessed keys
 * from many addresses would cost (each costs at most one key lookup per address per refill).
 */
export const API_LIMITS = {
  gatewayRatePerSecond: 100,
  gatewayBurst: 200,
  perPrincipalPerMinute: 600,
  authFailuresPerAddressPerMinute: 30,
  negativeKeyCacheSeconds: 10,
} as const;

/** API Gateway HTTP API in front of the one Hono Lambda. */
export class Api extends Construct {
  readonly handler: FactflowFunction;
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.handler = new FactflowFunction(this, 'Handler', {
      entry: 'functions/api/handler.ts',
      // /docs serves Swagger UI from these files (functions/api/routes/docs.ts reads docs-assets/ first).
      docsAssets: ['node_modules/swagger-ui-dist/swagger-ui-bundle.js', 'node_modules/swagger-ui-dist/swagger-ui.css'],
      description: 'factflow REST API (Hono)',
      memorySize: 512,
      timeout: Duration.seconds(15),
      callBudget: 'api',
      // The API scores claims too (POST /claims/{id}/retriage, documents), so it carries the same model files.
      withCheckWorthinessModel: true,
      stage: props.stage,
      environment: {
        TABLE_NAME: props.table.tableName,
        STATE_MACHINE_ARN: props.stateMachine.stateMachineArn,
        RATE_LIMIT_PER_MINUTE: String(API_LIMITS.perPrincipalPerMinute),
        AUTH_FAILURES_PER_MINUTE: String(API_LIMITS.authFailuresPerAddressPerMinute),
        NEGATIVE_KEY_CACHE_SECONDS: String(API_LIMITS.negativeKeyCacheSeconds),
        ...props.environment,
      },
    });
    // DeleteItem: partners delete their webhook subscriptions.
    this.handler.useTable(props.table, ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'], ['gsi1', 'gsi2']);
    // Sign-off records that the workflow was told a decision only while the claim is not withdrawn: a
    // ConditionCheck on the claim item in the same transaction (ReviewRepository.markResumed).
    this.handler.useTable(props.table, ['ConditionCheckItem']);
    // The archive import indexes the fact-checks it imports: the similar-claim index's PartiQL writes, on the table only.
    this.handler.useTable(props.table, ['PartiQLInsert', 'PartiQLUpdate']);
    props.stateMachine.grantStartExecution(this.handler);
    props.stateMachine.grantTaskResponse(this.handler);
    props.stateMachine.grantExecution(this.handler, 'states:StopExecution', 'states:DescribeExecution');

    const policy = this.handler.role?.node.tryFindChild('DefaultPolicy');
    if (policy) {
      const stack = Stack.of(this);
      const machineId = stack.getLogicalId(props.stateMachine.node.defaultChild as CfnStateMachine);
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${stack.region}:${stack.account}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machineId}"}]}]}:*]`,
        reason:
          'states:StopExecution and states:DescribeExecution on the executions of this one state machine: executions are named after claims, unknown at deploy time.',
      });
    }
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'factflow fact-check workflow API',
      defaultIntegration: new HttpLambdaIntegration('Hono', this.handler),
      createDefaultStage: true,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.stage === 'prod' ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS,
      removalPolicy: props.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const stage = this.httpApi.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        requestTime: '$context.requestTime',
        method: '$context.httpMethod',
        path: '$context.path',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: API_LIMITS.gatewayBurst, throttlingRateLimit: API_LIMITS.gatewayRatePerSecond };
    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Every route is authenticated in the application by API key (peppered hash lookup) and authorized by role; decision webhooks are authenticated by Standard Webhooks signatures, which an API Gateway authorizer cannot verify over the raw body.',
    });
    new CfnOutput(this, 'Url', { value: this.httpApi.apiEndpoint, description: 'factflow API base URL' }).overrideLogicalId('ApiUrl');
  }
}

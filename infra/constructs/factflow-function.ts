import { AssetHashType, DockerImage, type Duration, RemovalPolicy, Validations, type CfnResource } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, Code, LoggingFormat, Runtime, SystemLogLevel, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AwsCallBudget } from '../../shared/adapters/aws-clients.ts';
import { LOADER_FILE, type BundleSpec } from './bundling.ts';
import type { Stage } from '../../shared/contracts/index.ts';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Template metadata naming the handler module: the local Step Functions service runs this very file. */
export const ENTRY_METADATA = 'factflow:entry';

export interface FactflowFunctionProps {
  /** Path of the handler module, relative to the repository root (e.g. functions/workflow/triage.ts). */
  entry: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment?: Record<string, string>;
  stage: Stage;
  /** How long its AWS SDK calls may take (shared/adapters/aws-clients.ts); background unless a caller waits. */
  callBudget?: AwsCallBudget;
  /** Files (repository-relative) copied into the bundle's `docs-assets/` folder, read at run time (the API's /docs assets). */
  docsAssets?: readonly string[];
  /**
   * Copy the check-worthiness model files (shared/models/check-worthiness/*.bin) into the bundle at
   * models/check-worthiness/ and point FACTFLOW_TRIAGE_MODEL_DIR at them: the triage function reads them once per
   * cold start; the local stack reads the very same files from the repository.
   */
  withCheckWorthinessModel?: boolean;
}

/** Where the bundled model files live inside the deployed function (/var/task is the Lambda code root). */
export const BUNDLED_MODEL_DIR = 'models/check-worthiness';
export const MODEL_SOURCE_DIR = 'shared/models/check-worthiness';

/**
 * Every Lambda of factflow: Node.js 24 on arm64, an ESM bundle built by infra/constructs/bundling.ts (the AWS SDK
 * bundled, lazily loaded parts in chunks, English-only zod messages, source maps beside the bundle and applied only
 * at log level DEBUG), X-Ray tracing, JSON logs into an explicit log group with retention (the deprecated
 * `logRetention` would add a custom-resource Lambda).
 */
export class FactflowFunction extends NodejsFunction {
  readonly logGroupResource: LogGroup;

  constructor(scope: Construct, id: string, props: FactflowFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.stage === 'prod' ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS,
      removalPolicy: props.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // An explicit role instead of the AWSLambdaBasicExecutionRole managed policy: it may write to its own
    // log group and nothing else; every other permission is granted by what the function uses.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    const nodeProps: NodejsFunctionProps = {
      role,
      code: bundledCode(bundleSpecOf(props)),
      handler: `${path.basename(LOADER_FILE, '.mjs')}.handler`,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      // Lambda filters JSON logs by level and Powertools Logger follows it (AWS_LAMBDA_LOG_LEVEL):
      // debug detail (and source-mapped stack traces, see bundling.ts) in dev, info and up in prod.
      applicationLogLevelV2: props.stage === 'prod' ? ApplicationLogLevel.INFO : ApplicationLogLevel.DEBUG,
      systemLogLevelV2: props.stage === 'prod' ? SystemLogLevel.WARN : SystemLogLevel.INFO,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'factflow',
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace(props.stage),
        AWS_CALL_BUDGET: props.callBudget ?? 'background',
        ...props.environment,
        ...(props.withCheckWorthinessModel === true ? { FACTFLOW_TRIAGE_MODEL_DIR: `/var/task/${BUNDLED_MODEL_DIR}` } : {}),
      },
    };
    super(scope, id, nodeProps);
    this.logGroupResource = logGroup;
    (this.node.defaultChild as CfnResource).addMetadata(ENTRY_METADATA, props.entry);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Only X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) is granted on "*": those actions support no resource-level permissions.',
    });
  }

  /**
   * Grants exactly the DynamoDB actions a function uses, on the table and the named indexes only
   * (grantReadWriteData would add actions it never calls and every index).
   */
  useTable(table: Table, actions: DynamoAction[], indexes: string[] = []): this {
    this.addToRolePolicy(
      new PolicyStatement({
        actions: actions.map((a) => `dynamodb:${a}`),
        resources: [table.tableArn, ...indexes.map((i) => `${table.tableArn}/index/${i}`)],
      }),
    );
    this.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /** Grants actions on one index only (a Query of the index, without a Query of the base table). */
  useIndex(table: Table, index: string, actions: Array<'Query' | 'Scan'>): this {
    this.addToRolePolicy(new PolicyStatement({ actions: actions.map((a) => `dynamodb:${a}`), resources: [`${table.tableArn}/index/${index}`] }));
    this.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }
}

/** What the asset of a function holds: its entry, and the files it carries beside the bundle. */
export function bundleSpecOf(props: Pick<FactflowFunctionProps, 'entry' | 'docsAssets' | 'withCheckWorthinessModel'>): BundleSpec {
  return {
    entry: props.entry,
    ...(props.docsAssets?.length ? { docsAssets: props.docsAssets } : {}),
    ...(props.withCheckWorthinessModel === true ? { models: { sourceDir: MODEL_SOURCE_DIR, bundleDir: BUNDLED_MODEL_DIR } } : {}),
  };
}

/**
 * The function's code asset, bundled on this machine by infra/constructs/bundle-cli.ts (a child process:
 * CDK's local bundler answers synchronously). Skipped, like every asset, when the stack is excluded from
 * bundling (`aws:cdk:bundling-stacks: []`: the local stack and the infrastructure tests).
 */
function bundledCode(spec: BundleSpec): Code {
  return Code.fromAsset(repositoryRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type; never pulled: bundling is local only (no Docker here or in CI).
      image: DockerImage.fromRegistry('factflow-local-bundling-only'),
      // Never run either, but part of CDK's asset cache key (the local bundler, a function, is not): without the spec
      // here every function of a stack would get the first one's asset.
      command: ['node', 'infra/constructs/bundle-cli.ts', JSON.stringify(spec)],
      local: {
        tryBundle(outputDir: string): boolean {
          const cli = path.join(repositoryRoot, 'infra', 'constructs', 'bundle-cli.ts');
          const run = spawnSync(process.execPath, ['--import', 'tsx', cli, JSON.stringify(spec), outputDir], {
            cwd: repositoryRoot,
            encoding: 'utf8',
            env: { ...process.env, NODE_OPTIONS: '' },
          });
          if (run.status !== 0) throw new Error(`bundling ${spec.entry} failed: ${run.stderr || run.error?.message || `exit ${run.status}`}`);
          return true;
        },
      },
    },
  });
}

/** The CloudWatch namespace of factflow's own metrics (functions/commons/observability.ts), one per stage. */
export function metricsNamespace(stage: Stage): string {
  return `factflow/${stage}`;
}

/** PartiQLInsert and PartiQLUpdate are what BatchExecuteStatement's INSERT and UPDATE statements need (no action of its own). */
export type DynamoAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem'
  | 'PartiQLInsert'
  | 'PartiQLUpdate';

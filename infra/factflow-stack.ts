import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api } from './constructs/api.ts';
import { DocumentProcessing } from './constructs/document-processing.ts';
import { ExecutionEnds } from './constructs/execution-ends.ts';
import type { FactflowFunction } from './constructs/factflow-function.ts';
import { Maintenance } from './constructs/maintenance.ts';
import { PartnerDelivery } from './constructs/partner-delivery.ts';
import { Observability } from './constructs/observability.ts';
import { AppSecrets } from './constructs/secrets.ts';
import { Storage } from './constructs/storage.ts';
import { Workflow } from './constructs/workflow.ts';
import type { Stage } from '../shared/contracts/index.ts';

export interface FactflowStackProps extends StackProps {
  stage: Stage;
  /** Non-secret settings passed to every function as environment variables. */
  settings?: Record<string, string>;
}

/**
 * factflow on AWS, one construct per concern. The stage decides what survives a `cdk destroy` (prod
 * retains the table, its secret and its logs; the table is deletion-protected), how long logs are kept
 * and how much the functions log.
 */
export class FactflowStack extends Stack {
  readonly storage: Storage;
  readonly secrets: AppSecrets;
  readonly workflow: Workflow;
  readonly api: Api;
  readonly documentProcessing: DocumentProcessing;
  readonly maintenance: Maintenance;
  readonly partnerDelivery: PartnerDelivery;
  readonly executionEnds: ExecutionEnds;
  readonly observability: Observability;
  /** Every function of the app by a short name (alarms, dashboard, tests). */
  readonly functions: Record<string, FactflowFunction>;

  constructor(scope: Construct, id: string, props: FactflowStackProps) {
    super(scope, id, props);
    const environment = { FACTFLOW_STAGE: props.stage, ...props.settings };
    this.storage = new Storage(this, 'Storage', { stage: props.stage });
    this.secrets = new AppSecrets(this, 'Secrets', { stage: props.stage });
    this.workflow = new Workflow(this, 'Workflow', { stage: props.stage, table: this.storage.table, environment });
    this.api = new Api(this, 'Api', { stage: props.stage, table: this.storage.table, stateMachine: this.workflow.stateMachine, environment });
    // Long documents (issue 14): processed by an asynchronously invoked function, not inside the API request.
    this.documentProcessing = new DocumentProcessing(this, 'DocumentProcessing', { stage: props.stage, table: this.storage.table, environment });
    this.documentProcessing.allowEnqueue(this.api.handler);
    this.maintenance = new Maintenance(this, 'Maintenance', {
      stage: props.stage,
      table: this.storage.table,
      stateMachine: this.workflow.stateMachine,
      environment,
    });
    // Partner push (issue 5): the delivery worker, every minute.
    this.partnerDelivery = new PartnerDelivery(this, 'PartnerDelivery', { stage: props.stage, table: this.storage.table, environment });
    // Executions that end without recording it (States.Runtime, timeouts, outside stops) still close their claim.
    this.executionEnds = new ExecutionEnds(this, 'ExecutionEnds', {
      stage: props.stage,
      table: this.storage.table,
      stateMachine: this.workflow.stateMachine,
      environment,
    });
    this.functions = {
      Api: this.api.handler,
      ...capitalized(this.workflow.functions),
      StartPendingClaims: this.maintenance.reconciler,
      DeliverNotifications: this.partnerDelivery.worker,
      RecordExecutionEnd: this.executionEnds.handler,
      ProcessDocument: this.documentProcessing.processor,
    };
    // Every function composes the whole runtime (webhook signing, key hashes, cursor signing), so each
    // reads the one secret: on AWS no runtime is ever built from development fallbacks.
    for (const fn of Object.values(this.functions)) this.secrets.grantTo(fn);
    this.observability = new Observability(this, 'Observability', {
      stage: props.stage,
      table: this.storage.table,
      stateMachine: this.workflow.stateMachine,
      httpApi: this.api.httpApi,
      functions: this.functions,
    });
  }
}

function capitalized<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k[0]!.toUpperCase() + k.slice(1), v]));
}

import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api } from './constructs/api.ts';
import { Storage } from './constructs/storage.ts';
import { Workflow } from './constructs/workflow.ts';

export interface FactflowStackProps extends StackProps {
  stage: 'dev' | 'prod';
  /** Non-secret settings passed to every function as environment variables. */
  settings?: Record<string, string>;
}

export class FactflowStack extends Stack {
  readonly storage: Storage;
  readonly workflow: Workflow;
  readonly api: Api;

  constructor(scope: Construct, id: string, props: FactflowStackProps) {
    super(scope, id, props);
    const environment = { FACTFLOW_STAGE: props.stage, ...props.settings };
    this.storage = new Storage(this, 'Storage', { stage: props.stage });
    this.workflow = new Workflow(this, 'Workflow', { stage: props.stage, table: this.storage.table, environment });
    this.api = new Api(this, 'Api', { stage: props.stage, table: this.storage.table, stateMachine: this.workflow.stateMachine, environment });
  }
}

import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { FactflowFunction } from './factflow-function.ts';
import type { Stage } from '../../shared/contracts/index.ts';

export interface DocumentProcessingProps {
  stage: Stage;
  table: Table;
  environment: Record<string, string>;
}

/** Lambda's asynchronous retries of a failed processing run, and how long an event may wait before it is dropped. */
export const DOCUMENT_PROCESSING_RETRIES = { retryAttempts: 2, maxEventAgeSeconds: 3600 } as const;

/**
 * Long documents (over DOCUMENT_SYNC_MAX_CHARS) are processed outside the API request: the API stores the document,
 * answers 202 with a link to poll, and invokes this function asynchronously (InvocationType `Event`). An asynchronous
 * invocation rather than a Step Functions execution: the work is one step (segment, score, match, save, notify), and
 * Lambda's event queue already gives the retries (twice, minutes apart) a transient failure needs; a non-transient
 * failure is recorded on the document itself ("failed", which the poll shows). The local stack serves the same Invoke
 * call (infra/local/lambda-service.ts) and runs this very handler with the retries configured here.
 */
export class DocumentProcessing extends Construct {
  readonly processor: FactflowFunction;

  constructor(scope: Construct, id: string, props: DocumentProcessingProps) {
    super(scope, id);
    this.processor = new FactflowFunction(this, 'ProcessDocument', {
      entry: 'functions/documents/process-document.ts',
      description: 'Processes long documents after the API answered 202: segmentation, check-worthiness, matching, document.processed',
      // Scoring is CPU-bound (the trained model and the segmenter): 1,024 MB buys about 0.6 vCPU. A 200,000-character
      // document (the largest accepted) is about 22 times the 1,500-word bench article (~1 s warm): well inside 120 s.
      memorySize: 1024,
      timeout: Duration.seconds(120),
      withCheckWorthinessModel: true,
      stage: props.stage,
      environment: props.environment,
    });
    // Reads the document (a Query over its partition), the similar-claim index (BatchGetItem) and matched verdicts
    // (GetItem, Query); saves the result as one transaction (head UpdateItem, parts PutItem, surplus parts DeleteItem).
    this.processor.useTable(props.table, ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem']);
    this.processor.configureAsyncInvoke({
      retryAttempts: DOCUMENT_PROCESSING_RETRIES.retryAttempts,
      maxEventAge: Duration.seconds(DOCUMENT_PROCESSING_RETRIES.maxEventAgeSeconds),
    });
  }

  /** Lets a function queue documents: lambda:InvokeFunction on the processor only, and its name in DOCUMENT_PROCESSOR_FUNCTION. */
  allowEnqueue(fn: FactflowFunction): void {
    // Not grantInvoke: it also grants every version and alias (`<arn>:*`), which nothing here invokes.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.processor.functionArn] }));
    fn.addEnvironment('DOCUMENT_PROCESSOR_FUNCTION', this.processor.functionName);
  }
}

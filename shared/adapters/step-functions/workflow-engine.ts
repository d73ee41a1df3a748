import {
  DescribeExecutionCommand,
  SFNClient,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DomainError } from '../../domain/errors.ts';
import { awsClientConfig } from '../aws-clients.ts';
import type { WorkflowEngine } from '../../domain/ports.ts';

/**
 * Step Functions behind the domain's WorkflowEngine port. Locally the same client talks to the local
 * service (AWS_ENDPOINT_URL_SFN); nothing else differs.
 */
export class StepFunctionsWorkflowEngine implements WorkflowEngine {
  constructor(
    private readonly stateMachineArn: string,
    private readonly client = new SFNClient(awsClientConfig()),
  ) {}

  /** Execution ARNs are derived from the state machine ARN and the claim id (the execution name). */
  executionArn(claimId: string): string {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}`;
  }

  async start(claimId: string, input: Record<string, unknown>): Promise<{ executionId: string; alreadyStarted: boolean }> {
    try {
      // The execution is named after the claim: Step Functions refuses a second execution of the same
      // name, so a retried submission can never start the workflow twice.
      const out = await this.client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: claimId, input: JSON.stringify(input) }));
      return { executionId: out.executionArn ?? this.executionArn(claimId), alreadyStarted: false };
    } catch (err) {
      if (err instanceof Error && err.name === 'ExecutionAlreadyExists') {
        return { executionId: this.executionArn(claimId), alreadyStarted: true };
      }
      throw err;
    }
  }

  async stop(claimId: string, cause: string): Promise<void> {
    const executionArn = this.executionArn(claimId);
    try {
      const { status } = await this.client.send(new DescribeExecutionCommand({ executionArn }));
      if (status !== 'RUNNING') return;
      await this.client.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause }));
    } catch (err) {
      if (err instanceof Error && err.name === 'ExecutionDoesNotExist') return;
      throw err;
    }
  }

  async completeTask(taskToken: string, output: Record<string, unknown>): Promise<void> {
    await this.callback(() => this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })));
  }

  async failTask(taskToken: string, error: string, cause: string): Promise<void> {
    await this.callback(() => this.client.send(new SendTaskFailureCommand({ taskToken, error, cause })));
  }

  private async callback(send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      if (name === 'TaskTimedOut') throw new DomainError('gone', 'the review deadline has passed; this review can no longer be decided');
      if (name === 'TaskDoesNotExist' || name === 'InvalidToken') {
        throw new DomainError('gone', 'this review is no longer waiting for a decision');
      }
      throw err;
    }
  }
}

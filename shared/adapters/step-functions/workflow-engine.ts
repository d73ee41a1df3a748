import type { SFNClient, SFNClientConfig } from '@aws-sdk/client-sfn';
import { DomainError } from '../../domain/errors.ts';
import { awsClientConfig } from '../aws-clients.ts';
import type { WorkflowEngine } from '../../domain/ports.ts';

type Sdk = typeof import('@aws-sdk/client-sfn');

/**
 * The execution name: the claim id, and for a re-opened claim its run (`<claimId>-r1`, ...), since Step Functions
 * refuses a name it has seen (for 90 days). Claim ids are ULIDs, which never contain "-".
 */
export function executionName(claimId: string, run?: number): string {
  return run === undefined ? claimId : `${claimId}-r${run}`;
}

/** The claim an execution belongs to, from its name. */
export function claimIdOfExecution(name: string): string {
  return name.replace(/-r\d+$/, '');
}

/**
 * Step Functions behind the domain's WorkflowEngine port. Locally the same client talks to the local
 * service (AWS_ENDPOINT_URL_SFN); nothing else differs.
 *
 * The SDK module is imported on the first call, not at load: most invocations of most functions never call
 * Step Functions, and a Lambda cold start should not read that code (it is a chunk of its own in the bundle).
 */
export class StepFunctionsWorkflowEngine implements WorkflowEngine {
  private sdk: Promise<{ sdk: Sdk; client: SFNClient }> | undefined;

  /** @param client a client to use (tests point one at a stub), or the configuration of the one built on first use */
  constructor(
    private readonly stateMachineArn: string,
    private readonly client: SFNClient | SFNClientConfig = awsClientConfig(),
  ) {}

  private connect(): Promise<{ sdk: Sdk; client: SFNClient }> {
    this.sdk ??= import('@aws-sdk/client-sfn').then((sdk) => ({
      sdk,
      client: this.client instanceof sdk.SFNClient ? this.client : new sdk.SFNClient(this.client as SFNClientConfig),
    }));
    return this.sdk;
  }

  /** Execution ARNs are derived from the state machine ARN and the execution name (the claim id and its run). */
  executionArn(claimId: string, run?: number): string {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName(claimId, run)}`;
  }

  async start(claimId: string, input: Record<string, unknown>, run?: number): Promise<{ executionId: string; alreadyStarted: boolean }> {
    try {
      // The execution is named after the claim: Step Functions refuses a second execution of the same
      // name, so a retried submission can never start the workflow twice.
      const { sdk, client } = await this.connect();
      const out = await client.send(
        new sdk.StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: executionName(claimId, run), input: JSON.stringify(input) }),
      );
      return { executionId: out.executionArn ?? this.executionArn(claimId, run), alreadyStarted: false };
    } catch (err) {
      if (err instanceof Error && err.name === 'ExecutionAlreadyExists') {
        return { executionId: this.executionArn(claimId, run), alreadyStarted: true };
      }
      throw err;
    }
  }

  async stop(claimId: string, cause: string, run?: number): Promise<void> {
    const executionArn = this.executionArn(claimId, run);
    try {
      const { sdk, client } = await this.connect();
      const { status } = await client.send(new sdk.DescribeExecutionCommand({ executionArn }));
      if (status !== 'RUNNING') return;
      await client.send(new sdk.StopExecutionCommand({ executionArn, error: 'Withdrawn', cause }));
    } catch (err) {
      if (err instanceof Error && err.name === 'ExecutionDoesNotExist') return;
      throw err;
    }
  }

  async completeTask(taskToken: string, output: Record<string, unknown>): Promise<void> {
    const { sdk, client } = await this.connect();
    await this.callback(() => client.send(new sdk.SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })));
  }

  async failTask(taskToken: string, error: string, cause: string): Promise<void> {
    const { sdk, client } = await this.connect();
    await this.callback(() => client.send(new sdk.SendTaskFailureCommand({ taskToken, error, cause })));
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

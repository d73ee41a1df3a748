/**
 * Execution status changes in the shape EventBridge delivers them on AWS ("Step Functions Execution
 * Status Change", source `aws.states`), so a rule's target handler runs locally on the same event.
 */
import { randomUUID } from 'node:crypto';
import type { Execution, ExecutionStatus } from './types.ts';

export interface ExecutionStatusChange {
  version: '0';
  id: string;
  'detail-type': 'Step Functions Execution Status Change';
  source: 'aws.states';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    executionArn: string;
    stateMachineArn: string;
    name: string;
    status: ExecutionStatus;
    startDate: number;
    stopDate: number | null;
    input: string;
    output: string | null;
    error: string | null;
    cause: string | null;
  };
}

export function statusChangeEvent(execution: Execution): ExecutionStatusChange {
  const [, , , region = 'us-east-1', account = '000000000000'] = execution.executionArn.split(':');
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    account,
    time: (execution.stopDate ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [execution.executionArn],
    detail: {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: execution.startDate.getTime(),
      stopDate: execution.stopDate?.getTime() ?? null,
      input: execution.input,
      output: execution.output ?? null,
      error: execution.error ?? null,
      cause: execution.cause ?? null,
    },
  };
}

/** Does an EventBridge event pattern (the subset rules here use: exact values per field) match the event? */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (!pattern || typeof pattern !== 'object' || Array.isArray(pattern)) return false;
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = (event as Record<string, unknown> | null)?.[key];
    if (Array.isArray(expected)) return expected.includes(actual);
    return matchesPattern(expected, actual);
  });
}

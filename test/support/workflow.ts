/**
 * What the workflow tests look at, in one place: the API as a client sees it, the stored items in
 * DynamoDB, the claim's trail, and the execution history from the (local) Step Functions API.
 */
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createFactflowClient, type FactflowClient, type Schema } from '../../client/index.ts';
import type { LocalStack } from '../../infra/local/stack.ts';
import type { ClaimEvent } from '../../shared/contracts/index.ts';
import { createPrincipal } from '../../infra/local/principals.ts';
import { sendDecision, TestReviewer, type ReviewRequest } from './reviewer.ts';
import { readStoredClaim } from './stored-claim.ts';
import { eventually } from './test-stack.ts';

/** A TestReviewer whose endpoint answers from a script (e.g. 500, 503, then 204) before its usual status. */
export class ScriptedReviewer extends TestReviewer {
  private script: number[] = [];

  constructor() {
    super();
    let base = 204;
    Object.defineProperty(this, 'status', {
      get: () => this.script.shift() ?? base,
      set: (v: number) => (base = v),
    });
  }

  /** The next deliveries are answered with these statuses, in order. */
  answerNext(...statuses: number[]): void {
    this.script = [...statuses];
  }

  async request(claimId: string, type = 'review.requested', nth = 1, timeoutMs = 30_000): Promise<ReviewRequest> {
    return eventually(async () => this.forClaim(claimId, type).filter((r) => r.verified)[nth - 1], timeoutMs, `${type} #${nth} for ${claimId}`);
  }
}

/** A claim as GET /claims/{id} answers it (the generated client's type). */
export type ClaimBody = Schema<'Claim'>;

/** A trail entry as stored (the contract's claim event). */
export type TrailEvent = Pick<ClaimEvent, 'type' | 'actor' | 'at' | 'detail'>;

export class WorkflowProbe {
  readonly doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  readonly sfn = new SFNClient({});

  constructor(private readonly stack: LocalStack) {}

  private readonly clients = new Map<string, FactflowClient>();

  /** The typed client (client/, generated from /openapi.json) acting with `key`; the admin's by default. */
  as(key: string = this.stack.keys.admin.key): FactflowClient {
    const client = this.clients.get(key) ?? createFactflowClient({ baseUrl: this.stack.apiUrl, key });
    this.clients.set(key, client);
    return client;
  }

  /** The typed client without a key (webhooks, and the 401 answers). */
  get anonymous(): FactflowClient {
    return createFactflowClient({ baseUrl: this.stack.apiUrl });
  }

  /** Submits a claim (as the fact-checker unless another key is given) and returns its id. */
  async submit(body: Partial<Schema<'ClaimSubmission'>> & { statement: string }, key = this.stack.keys['fact-checker'].key): Promise<string> {
    const { data, error, response } = await this.as(key).POST('/claims', {
      body: { claimant: { name: 'A spokesperson' }, appearances: [{ url: 'https://example.org/a', date: '2024-10-03' }], ...body },
    });
    if (!data || response.status !== 202) throw new Error(`submission refused: ${response.status} ${JSON.stringify(error)}`);
    return data.id;
  }

  async claim(id: string): Promise<ClaimBody> {
    const { data, error, response } = await this.as().GET('/claims/{id}', { params: { path: { id } } });
    if (!data) throw new Error(`GET /claims/${id}: ${response.status} ${JSON.stringify(error)}`);
    return data;
  }

  async untilStatus(id: string, status: string, timeoutMs = 30_000): Promise<ClaimBody> {
    return eventually(
      async () => {
        const c = await this.claim(id);
        return c.status === status ? c : undefined;
      },
      timeoutMs,
      `claim ${id} to be ${status}`,
    );
  }

  /** The stored claim (claim and details items), keys included. */
  async storedClaim(id: string): Promise<Record<string, unknown>> {
    return (await readStoredClaim(this.doc, this.stack.tableName, id)) ?? {};
  }

  async storedReview(reviewId: string): Promise<Record<string, unknown>> {
    const out = await this.doc.send(new GetCommand({ TableName: this.stack.tableName, Key: { pk: `REVIEW#${reviewId}`, sk: '#REVIEW' } }));
    return out.Item ?? {};
  }

  async storedVerdicts(claimId: string): Promise<Array<Record<string, unknown>>> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.stack.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':pk': `CLAIM#${claimId}`, ':v': 'VERDICT#' },
      }),
    );
    return out.Items ?? [];
  }

  /** The claim's trail, oldest first. */
  async trail(claimId: string): Promise<TrailEvent[]> {
    const items: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.stack.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
          ExpressionAttributeValues: { ':pk': `CLAIM#${claimId}`, ':e': 'EVENT#' },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items as unknown as TrailEvent[];
  }

  /** Waits until the trail holds `count` events of `type`; returns the trail then. */
  async untilTrail(claimId: string, type: string, count = 1, timeoutMs = 30_000): Promise<TrailEvent[]> {
    return eventually(
      async () => {
        const trail = await this.trail(claimId);
        return trail.filter((e) => e.type === type).length >= count ? trail : undefined;
      },
      timeoutMs,
      `${count} × ${type} on the trail of ${claimId}`,
    );
  }

  async trailTypes(claimId: string): Promise<string[]> {
    return (await this.trail(claimId)).map((e) => e.type);
  }

  /** The claim's execution, or with `run` the execution of its re-opened run (`<claimId>-r<run>`). */
  executionArn(claimId: string, run?: number): string {
    return `${this.stack.stateMachineArn.replace(':stateMachine:', ':execution:')}:${claimId}${run === undefined ? '' : `-r${run}`}`;
  }

  /**
   * Waits for the claim's execution (of run `run`, when re-opened) to end with `status`, then returns its
   * history: `entered` are the states the Standard execution entered (what it bills); `steps` the same with
   * each child (Express) execution's states in place after the Task that started it, found as an operator
   * finds them, by the child's ARN in the Task's events (the local engine keeps the child's events, which
   * go to its log group on AWS).
   */
  async execution(
    claimId: string,
    status: 'SUCCEEDED' | 'FAILED' | 'RUNNING' = 'SUCCEEDED',
    timeoutMs = 30_000,
    run?: number,
  ): Promise<{ events: HistoryEvent[]; entered: string[]; steps: string[] }> {
    const executionArn = this.executionArn(claimId, run);
    await eventually(
      async () => {
        const d = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
        return d.status === status ? d : undefined;
      },
      timeoutMs,
      `execution ${claimId} to be ${status}`,
    );
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }));
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    const entered = events.filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails?.name ?? '');
    const children = this.stack.engine.childExecutions(executionArn);
    const steps = events.flatMap((e): string[] => {
      if (e.type?.endsWith('StateEntered')) return [e.stateEnteredEventDetails?.name ?? ''];
      if (e.type !== 'TaskSubmitted' || e.taskSubmittedEventDetails?.resource !== 'startExecution.sync:2') return [];
      const childArn = (JSON.parse(e.taskSubmittedEventDetails.output ?? '{}') as { ExecutionArn?: string }).ExecutionArn;
      const child = children.find((c) => c.executionArn === childArn);
      return (child?.history ?? []).filter((h) => h.type.endsWith('StateEntered')).map((h) => (h.stateEnteredEventDetails as { name: string }).name);
    });
    return { events, entered, steps };
  }

  /** Sends a signed decision naming `reviewerId` (the seeded reviewer by default). */
  async decide(
    reviewId: string,
    decision: Record<string, unknown>,
    opts: Parameters<typeof sendDecision>[3] & { reviewerId?: string } = {},
  ): Promise<Response> {
    const { reviewerId, ...rest } = opts;
    return sendDecision(
      this.stack.apiUrl,
      this.stack.secrets.reviewDecisionSecret,
      { reviewId, reviewerId: reviewerId ?? this.stack.keys.reviewer.principalId, ...decision },
      rest,
    );
  }

  /** Registers another reviewer principal (for quorum). */
  async registerReviewer(id: string): Promise<string> {
    await createPrincipal(this.stack.runtime.principals, this.stack.runtime.pepper, { id, name: `Reviewer ${id}`, role: 'reviewer' });
    return id;
  }
}

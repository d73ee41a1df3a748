/**
 * Re-triage re-opens what the opt-in auto-close policy closed, end to end through HTTP on the local stack
 * (TRIAGE_AUTO_CLOSE=true): a model that under-scores closes a real claim; once the model is replaced,
 * POST /claims/{id}/retriage puts the claim back into the workflow (a new run of the execution, from triage to the
 * reviewer) with the priority of its new score, and the trail says so. A claim the new model still scores below the
 * threshold stays closed while auto-close is on, and is re-opened with priority low once the operator turns it off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/stack.ts';
import { loadCheckWorthinessModels } from '../../shared/adapters/check-worthiness-model.ts';
import { type CheckWorthinessModels, installCheckWorthinessModels } from '../../shared/domain/triage/check-worthiness.ts';
import type { CheckWorthinessModel } from '../../shared/domain/triage/check-worthiness-model.ts';
import { ScriptedReviewer, WorkflowProbe } from '../support/workflow.ts';
import { startTestStack } from '../support/test-stack.ts';

let stack: LocalStack;
let probe: WorkflowProbe;
const reviewer = new ScriptedReviewer();
const shipped = loadCheckWorthinessModels();

/** The shipped models with every logit moved by `by`: a stand-in for a model that scores everything far lower. */
function shifted(models: CheckWorthinessModels, by: number): CheckWorthinessModels {
  const move = (m: CheckWorthinessModel): CheckWorthinessModel => ({
    ...m,
    offset: m.offset + by,
    ...(m.blend
      ? { blend: { sentence: { ...m.blend.sentence, offset: m.blend.sentence.offset + by }, post: { ...m.blend.post, offset: m.blend.post.offset + by } } }
      : {}),
  });
  const map = (ms: ReadonlyMap<string, CheckWorthinessModel>) => new Map([...ms].map(([k, m]) => [k, move(m)] as const));
  return { byLanguage: map(models.byLanguage), fallback: move(models.fallback), ...(models.cues ? { cues: map(models.cues) } : {}) };
}

beforeAll(async () => {
  await reviewer.start();
  stack = await startTestStack({ reviewerWebhookUrl: reviewer.url, env: { TRIAGE_AUTO_CLOSE: 'true' } });
  reviewer.requestSecret = stack.secrets.reviewRequestSecret;
  probe = new WorkflowProbe(stack);
});

afterAll(async () => {
  installCheckWorthinessModels(shipped);
  await stack?.stop();
  await reviewer.stop();
});

const retriage = (id: string) => probe.as(stack.keys['fact-checker'].key).POST('/claims/{id}/retriage', { params: { path: { id } }, body: {} });

describe('retriage of a claim auto-closed as not check-worthy', () => {
  it('re-opens it into the workflow after the model changed: a new run from triage to the reviewer, priority from the new score', async () => {
    installCheckWorthinessModels(shifted(shipped, -20));
    const id = await probe.submit({ statement: 'Unemployment fell to 3.9% in March, the lowest level in two years, the statistics office said.' });
    const closed = await probe.untilStatus(id, 'not_check_worthy');
    expect(closed.triage?.outcomeReason).toMatch(/auto-close/);
    expect(closed.closedReason).toBeDefined();
    expect((await probe.execution(id)).entered).toContain('ClosedAtTriage');

    // The model is replaced (here: the shipped one), then the claim is re-triaged.
    installCheckWorthinessModels(shipped);
    const { data, response } = await retriage(id);
    expect(response.status).toBe(200);
    expect(['received', 'triaging', 'gathering_evidence', 'awaiting_review']).toContain(data?.status);
    expect(data?.closedReason).toBeUndefined();
    expect(data?.priority).toBe('normal');

    // Back in the workflow: triaged again, evidence, and a review request to the reviewer.
    await reviewer.request(id);
    const open = await probe.untilStatus(id, 'awaiting_review');
    expect(open.triage?.outcome).toBe('continue');
    expect(open.triage?.checkWorthiness.score).toBeGreaterThanOrEqual(0.5);
    expect((await probe.execution(id, 'RUNNING', 30_000, 1)).steps).toContain('Triage');

    const trail = await probe.trail(id);
    const types = trail.map((e) => e.type);
    expect(types.indexOf('triage.not_check_worthy')).toBeLessThan(types.indexOf('claim.reopened'));
    expect(types.filter((t) => t === 'workflow.started')).toHaveLength(2);
    expect(types.lastIndexOf('triage.started')).toBeGreaterThan(types.indexOf('claim.reopened'));
    const reopened = trail.find((e) => e.type === 'claim.reopened');
    expect(reopened?.actor).toBe(stack.keys['fact-checker'].principalId);
    expect(reopened?.detail).toMatchObject({ previousScore: expect.any(Number), score: expect.any(Number), priority: 'normal', workflowRun: 1 });
    expect(reopened?.detail?.score as number).toBeGreaterThan(reopened?.detail?.previousScore as number);
  });

  it('leaves it closed while the new score is still below the threshold and auto-close is on; re-opens it with priority low once auto-close is off', async () => {
    const id = await probe.submit({ statement: "Don't you think the new stadium is the ugliest building in town?" });
    await probe.untilStatus(id, 'not_check_worthy');

    const again = await retriage(id);
    expect(again.response.status).toBe(200);
    expect(again.data?.status).toBe('not_check_worthy');
    expect(again.data?.triage?.outcomeReason).toMatch(/stays closed/);
    expect((await probe.trail(id)).find((e) => e.type === 'triage.rescored')?.detail).toMatchObject({ reopened: false });

    const thresholds = stack.runtime.services.settings.triageThresholds;
    stack.runtime.services.settings.triageThresholds = { ...thresholds, autoCloseNotCheckWorthy: false };
    try {
      const { data, response } = await retriage(id);
      expect(response.status).toBe(200);
      expect(data?.priority).toBe('low');
      await reviewer.request(id);
      const open = await probe.untilStatus(id, 'awaiting_review');
      expect(open.priority).toBe('low');
      expect(open.triage?.priority).toBe('low');
      expect(await probe.trailTypes(id)).toContain('claim.reopened');
    } finally {
      stack.runtime.services.settings.triageThresholds = thresholds;
    }
  });
});

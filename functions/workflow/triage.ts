import { z } from 'zod';
import { triageStep } from '../../shared/domain/services/workflow-steps.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';

export const handler = workflowHandler('triage', z.object({ claimId: z.string().min(1) }), ({ claimId }, rt) => triageStep(rt.services, claimId));

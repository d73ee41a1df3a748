// Loads the check-worthiness model files once per cold start (FACTFLOW_TRIAGE_MODEL_DIR in the bundle, the repository's locally).
import '../../shared/adapters/check-worthiness-model.ts';
import { triageStep } from '../../shared/domain/services/workflow-steps/triage.ts';
import { triageStepContract } from '../../shared/contracts/step-triage.ts';
import { workflowHandler } from '../commons/workflow-handler.ts';

export const handler = workflowHandler('triage', triageStepContract, ({ claimId }, rt) => triageStep(rt.services, claimId));

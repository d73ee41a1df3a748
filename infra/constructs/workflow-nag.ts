/**
 * cdk-nag acknowledgements for the claim workflow's two state machine roles: each wildcard CDK grants them
 * (X-Ray and log delivery, qualified Lambda ARNs, the Express child's executions), with the reason it is
 * as narrow as the service allows. Kept beside workflow.ts so the definition reads as the workflow only.
 */
import { Stack, Token, Validations } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnStateMachine, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { FactflowFunction } from './factflow-function.ts';

export function acknowledgeWorkflowPolicies(
  scope: Construct,
  {
    parent,
    child,
    functions,
  }: {
    parent: StateMachine;
    child: StateMachine;
    functions: Record<'triage' | 'gatherEvidence' | 'recordEvidence' | 'requestReview' | 'publishVerdict' | 'closeClaim', FactflowFunction>;
  },
): void {
  const acknowledge = (machine: StateMachine, invoked: FactflowFunction[]) => {
    const policy = machine.role.node.tryFindChild('DefaultPolicy');
    if (!policy) return;
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing and CloudWatch Logs delivery actions (logs:CreateLogDelivery, ...) support no resource-level permissions.',
    });
    for (const f of invoked) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(scope).getLogicalId(f.node.defaultChild as CfnFunction)}.Arn>:*]`,
        reason: 'lambda:InvokeFunction on the qualified ARNs (versions, aliases) of this one workflow function, as LambdaInvoke grants it.',
      });
    }
  };
  const { triage: t, gatherEvidence, recordEvidence: r, requestReview: rr, publishVerdict, closeClaim } = functions;
  acknowledge(child, [t, gatherEvidence, r]);
  acknowledge(parent, [rr, publishVerdict, closeClaim]);
  const stack = Stack.of(scope);
  const parentPolicy = parent.role.node.tryFindChild('DefaultPolicy');
  if (parentPolicy) {
    const literal = (v: string, pseudo: string) => (Token.isUnresolved(v) ? `<${pseudo}>` : v);
    const childId = stack.getLogicalId(child.node.defaultChild as CfnStateMachine);
    Validations.of(parentPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${literal(stack.region, 'AWS::Region')}:${literal(stack.account, 'AWS::AccountId')}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${childId}"}]}]}*]`,
      reason:
        'states:DescribeExecution and states:StopExecution on the executions of the one Express child state machine, as a .sync StartExecution needs them: execution names are generated per run.',
    });
  }
}

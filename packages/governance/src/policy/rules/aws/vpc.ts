import type { PlanResource } from '../../../plan/types';
import { isUnset } from '../../../plan/values';
import type { RuleContext } from '../../types';
import { fail, pass, resourceRule, unknown } from '../helpers';

const orphansByPlan = new WeakMap<object, PlanResource[]>();

/** Flow logs tied to no VPC of the plan that are not for a subnet or ENI. */
function vpcOrphans(ctx: RuleContext): PlanResource[] {
  let orphans = orphansByPlan.get(ctx.plan);
  if (!orphans) {
    orphans = ctx.plan.relations
      .liveUnresolved('aws_flow_log', 'vpc_id')
      .filter(l => isUnset(l.after?.eni_id) && isUnset(l.after?.subnet_id));
    orphansByPlan.set(ctx.plan, orphans);
  }
  return orphans;
}

export const vpcFlowLogs = resourceRule(
  {
    id: 'GW-AWS-023',
    title: 'VPCs have flow logs',
    severity: 'medium',
    resourceTypes: ['aws_vpc', 'aws_default_vpc'],
    rationale:
      'Flow logs are the only record of which addresses talked to which inside a VPC; incident ' +
      'response and anomaly detection depend on them.',
    remediation: {
      text: 'Add an aws_flow_log for the VPC.',
      terraform: [
        'resource "aws_flow_log" "vpc" {',
        '  vpc_id               = aws_vpc.main.id',
        '  traffic_type         = "ALL"',
        '  log_destination_type = "s3"',
        '  log_destination      = aws_s3_bucket.flow_logs.arn',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_11'],
      cis: ['CIS AWS Foundations v1.5.0 3.9'],
    },
  },
  (vpc, ctx) => {
    const logs = ctx.plan.relations.liveReferrers(
      vpc,
      'aws_flow_log',
      'vpc_id',
    );
    if (logs.length > 0)
      return pass(`Flow logs by ${logs.map(l => l.address).join(', ')}.`);
    const orphans = vpcOrphans(ctx);
    if (orphans.length > 0) {
      return unknown(
        `No flow log is tied to this VPC; ${orphans
          .map(o => o.address)
          .join(', ')} could not be tied to a VPC from the plan.`,
      );
    }
    return fail('No aws_flow_log covers this VPC.');
  },
);

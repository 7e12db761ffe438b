import {
  Finding,
  PlanParseError,
  PolicyFile,
  governPlan,
  isBlocking,
  parsePlan,
} from '@groundwork/governance';
import { InputError } from '@backstage/errors';

export interface GateEnvironment {
  name: string;
  /** From groundwork.environments[].production; decides the threshold. */
  production: boolean;
}

export interface EnvironmentVerdict {
  environment: string;
  production: boolean;
  threshold: string;
  blocking: boolean;
  failed: Record<string, number>;
  unknown: number;
  waived: number;
  score: number;
  monthlyCost: number;
  currency: string;
  /** The findings that block, in a form the task log and the PR can show. */
  blockingFindings: Array<
    Pick<Finding, 'ruleId' | 'severity' | 'address' | 'message' | 'title'>
  >;
  /** Failed findings below the threshold: they pass the gate but are listed in the PR. */
  otherFailures: Array<
    Pick<Finding, 'ruleId' | 'severity' | 'address' | 'message' | 'title'>
  >;
}

const pick = (f: Finding) => ({
  ruleId: f.ruleId,
  title: f.title,
  severity: f.severity,
  address: f.address,
  message: f.message,
});

/**
 * Runs the policy pack and the cost estimate over an example's plan (what
 * `terraform show -json` printed) once per environment, with each
 * environment's production flag from groundwork.environments merged into the
 * policy so that `live` or `prd-eu` get production thresholds too.
 */
export function governExamplePlan(
  planText: string | Buffer,
  environments: GateEnvironment[],
  policy?: PolicyFile,
): EnvironmentVerdict[] {
  let plan;
  try {
    plan = parsePlan(planText);
  } catch (e) {
    if (e instanceof PlanParseError) {
      throw new InputError(
        `The example plan cannot be read: ${e.message} Produce it with \`terraform show -json plan.tfplan > plan.json\`.`,
      );
    }
    throw e;
  }
  const base: PolicyFile = policy ?? { version: 1 };
  return environments.map(env => {
    const merged: PolicyFile = {
      ...base,
      environments: {
        ...base.environments,
        [env.name]: {
          production: env.production,
          ...base.environments?.[env.name],
        },
      },
    };
    const { findings, summary, cost } = governPlan(plan, {
      environment: env.name,
      policy: merged,
    });
    return {
      environment: env.name,
      production: summary.production,
      threshold: summary.threshold,
      blocking: summary.blocking,
      failed: summary.failed,
      unknown: summary.unknown,
      waived: summary.waived,
      score: summary.score,
      monthlyCost: cost.monthlyAfter,
      currency: cost.currency,
      blockingFindings: findings
        .filter(f => isBlocking(f, summary.threshold, summary.unknownBlocks))
        .map(pick),
      otherFailures: findings
        .filter(
          f =>
            f.verdict === 'fail' &&
            !isBlocking(f, summary.threshold, summary.unknownBlocks),
        )
        .map(pick),
    };
  });
}

import { stringifyError } from '@backstage/errors';
import type { ExecutorKind } from '../config';
import type { Executor } from '../executors/types';
import { decide } from '../gate/gate';
import type { TaskLog } from '../run/lines';
import { Redactor, sensitiveValuesOfPlan } from '../run/redact';
import { gateBlockedError, logDecision } from './decision';
import {
  appliedOutputs,
  plannedOutputs,
  setPlanOutputs,
  StepOutputs,
} from './outputs';
import type { PreparedRun } from './prepare';
import type { RunOutcome } from './recovery';
import type { RunRecord } from './report';

/**
 * One run of the executor: plan, gate the plan (policy and budget), then
 * apply exactly that plan unless the run only plans. A blocked plan is
 * discarded and the run refused.
 */
export async function planGateApply(options: {
  executor: Executor;
  run: PreparedRun;
  /** How the run was asked for, for its first log line. */
  mode: {
    kind: ExecutorKind;
    planOnly: boolean;
    destroy?: boolean;
  };
  currency: string;
  attemptId: string;
  log: TaskLog;
  redactor: Redactor;
  ctx: StepOutputs;
  record: RunRecord;
}): Promise<RunOutcome> {
  const { executor, run, mode, log, redactor, record } = options;
  const { env, policy } = run;
  const modes = [
    mode.planOnly && 'plan only',
    mode.destroy && 'destroy',
  ].filter(Boolean);
  log.info(
    `terraform:apply ${run.entityRef} in ${env.name}${
      env.production ? ' (production)' : ''
    }: ${run.workingDirectory.relative} on ${mode.kind}${
      modes.length ? `, ${modes.join(', ')}` : ''
    }; policy threshold ${policy.threshold}${
      policy.sources.length ? ` (${policy.sources.join(', ')})` : ''
    }`,
  );

  const planned = await executor.plan();
  // A provider error during apply can echo a sensitive value of the plan.
  redactor.addDerived(sensitiveValuesOfPlan(planned.plan, planned.document));

  const decision = decide({
    plan: planned.plan,
    environment: env.name,
    policy: policy.policy,
    budget: run.budget,
    currency: options.currency,
    budgetAction: run.budgetAction,
  });
  record.decision = decision;
  logDecision(log, decision, env.name);
  setPlanOutputs(options.ctx, decision, executor.runUrl);
  if (decision.blocked) {
    await executor
      .discard(`Blocked by the Groundwork governance gate`)
      .catch(e => log.warn(`Could not discard the plan: ${stringifyError(e)}`));
    record.result = 'blocked';
    throw gateBlockedError(decision, env.name);
  }

  if (mode.planOnly) {
    return {
      attemptId: options.attemptId,
      finishedAt: new Date().toISOString(),
      result: 'planned',
      outputs: plannedOutputs(planned.document, redactor),
    };
  }
  const applied = await executor.apply();
  return {
    attemptId: options.attemptId,
    finishedAt: new Date().toISOString(),
    result: 'applied',
    outputs: appliedOutputs(applied.outputs, redactor, log),
  };
}

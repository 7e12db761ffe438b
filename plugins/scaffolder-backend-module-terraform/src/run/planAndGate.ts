import { stringifyError } from '@backstage/errors';
import type { ExecutorKind } from '../config';
import type { Executor } from '../executors/types';
import { logWaivedByRequest } from '../gate/byRequest';
import { GateBlockedError, logDecision } from '../gate/decision';
import { decide, GateDecision } from '../gate/gate';
import type { LivePriceSource } from '../prices';
import type { TaskLog } from './lines';
import { Redactor, sensitiveValuesOfPlan } from './redact';
import {
  appliedOutputs,
  plannedOutputs,
  setPlanOutputs,
  StepOutputs,
} from './outputs';
import type { PreparedRun } from './prepare';
import type { RunOutcome } from './recovery';

/** How the run was asked for. */
interface RunMode {
  kind: ExecutorKind;
  planOnly: boolean;
  destroy?: boolean;
}

/** A plan the gate let through, ready to be applied. */
interface GatedPlan {
  decision: GateDecision;
  /** `terraform show -json` of the plan, for a plan-only run's outputs. */
  document: unknown;
}

/**
 * Plans, then gates the plan (policy and budget). A blocked plan is
 * discarded and a `GateBlockedError` carrying the decision is thrown, so
 * the run's report can still say what the gate found.
 */
export async function planAndGate(options: {
  executor: Executor;
  run: PreparedRun;
  mode: RunMode;
  currency: string;
  log: TaskLog;
  redactor: Redactor;
  ctx: StepOutputs;
  /** Live prices; without, the shipped price table. */
  prices?: LivePriceSource;
}): Promise<GatedPlan> {
  const { executor, run, mode, log, redactor } = options;
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
    priceSnapshots: await options.prices?.current(),
  });
  logWaivedByRequest(log, decision.governance.findings, run.byRequest.waivers);
  logDecision(log, decision, env.name);
  log.info(decision.prices);
  setPlanOutputs(options.ctx, decision, executor.runUrl);
  if (decision.blocked) {
    await executor
      .discard(`Blocked by the Groundwork governance gate`)
      .catch(e => log.warn(`Could not discard the plan: ${stringifyError(e)}`));
    throw new GateBlockedError(decision, env.name);
  }
  return { decision, document: planned.document };
}

/** Applies exactly the gated plan, or stops there when the run only plans. */
export async function applyGatedPlan(options: {
  executor: Executor;
  gated: GatedPlan;
  planOnly: boolean;
  attemptId: string;
  log: TaskLog;
  redactor: Redactor;
}): Promise<RunOutcome> {
  const { executor, redactor } = options;
  if (options.planOnly) {
    return {
      attemptId: options.attemptId,
      finishedAt: new Date().toISOString(),
      result: 'planned',
      outputs: plannedOutputs(options.gated.document, redactor),
    };
  }
  const applied = await executor.apply();
  return {
    attemptId: options.attemptId,
    finishedAt: new Date().toISOString(),
    result: 'applied',
    outputs: appliedOutputs(applied.outputs, redactor, options.log),
  };
}

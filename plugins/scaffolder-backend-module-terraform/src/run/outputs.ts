import type { JsonObject } from '@backstage/types';
import type { TerraformOutput } from '../executors/types';
import type { GateDecision } from '../gate/gate';
import type { TaskLog } from './lines';
import type { Redactor } from './redact';
import type { TerraformApplyOutput } from '../actions/terraformApply.schema';

/** The part of the action context that sets step outputs. */
export interface StepOutputs {
  output<K extends keyof TerraformApplyOutput>(
    name: K,
    value: TerraformApplyOutput[K],
  ): void;
}

/** The outputs a plan gives as soon as it is gated: summary, cost and findings. */
export function setPlanOutputs(
  ctx: StepOutputs,
  d: GateDecision,
  runUrl: string | undefined,
) {
  const c = d.governance.cost;
  const g = d.governance.summary;
  ctx.output('summary', d.summary);
  ctx.output('cost', {
    monthlyBefore: c.monthlyBefore,
    monthlyAfter: c.monthlyAfter,
    delta: c.delta,
    currency: c.currency,
    coverage: {
      priced: c.coverage.priced,
      usagePriced: c.coverage.usagePriced,
      unpriced: c.coverage.unpriced,
      free: c.coverage.free,
    },
    ...(d.budget.budget !== undefined && { budget: d.budget.budget }),
    overBudget: d.budget.over,
  });
  ctx.output('findings', {
    failed: { ...d.governance.summary.failed },
    waived: g.waived,
    warned: g.warned,
    unknown: g.unknown,
    threshold: g.threshold,
    score: g.score,
  });
  if (runUrl) ctx.output('runUrl', runUrl);
}

/** Outputs known at plan time and not sensitive: what a planOnly run can show. */
export function plannedOutputs(document: any, redactor: Redactor): JsonObject {
  const out: JsonObject = {};
  const unknown = document?.output_changes ?? {};
  for (const [name, o] of Object.entries<any>(
    document?.planned_values?.outputs ?? {},
  )) {
    if (
      o?.sensitive ||
      unknown[name]?.after_unknown === true ||
      !('value' in o)
    )
      continue;
    out[name] = redactor.redactValue(o.value);
  }
  return out;
}

/**
 * Non-sensitive outputs after apply. Sensitive values are learnt by the
 * redactor first, so that one echoed inside another output is masked too.
 */
export function appliedOutputs(
  outputs: Record<string, TerraformOutput>,
  redactor: Redactor,
  log: TaskLog,
): JsonObject {
  const out: JsonObject = {};
  const hidden: string[] = [];
  for (const [name, o] of Object.entries(outputs)) {
    if (o.sensitive) {
      redactor.addDerived(o.value);
      hidden.push(name);
    }
  }
  for (const [name, o] of Object.entries(outputs)) {
    if (!o.sensitive) out[name] = redactor.redactValue(o.value);
  }
  if (hidden.length > 0) {
    log.info(`Sensitive outputs not returned: ${hidden.join(', ')}.`);
  }
  return out;
}

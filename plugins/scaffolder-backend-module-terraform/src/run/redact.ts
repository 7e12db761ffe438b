import type { Plan } from '@groundwork/governance';
import { Redactor } from '@groundwork/plugin-groundwork-node';

// Shared with platform-status's drift checks.
export { Redactor };

/**
 * Values a plan marks sensitive: root variables declared `sensitive`,
 * resource attributes flagged in `after_sensitive` / `before_sensitive`, and
 * sensitive planned outputs. Used to extend the redactor before the apply
 * log, where a provider error can echo them.
 */
export function sensitiveValuesOfPlan(plan: Plan, doc: any): unknown[] {
  const found: unknown[] = [];
  for (const v of plan.variables) {
    if (v.sensitive && v.configModulePath === '') {
      found.push(plan.variableValues[v.name]);
    }
  }
  for (const r of plan.resources) {
    collectMasked(r.after, r.afterSensitive, found);
    collectMasked(r.before, r.beforeSensitive, found);
  }
  for (const o of Object.values<any>(doc?.planned_values?.outputs ?? {})) {
    if (o?.sensitive) found.push(o.value);
  }
  return found;
}

function collectMasked(value: unknown, mask: unknown, out: unknown[]) {
  if (mask === true) {
    out.push(value);
    return;
  }
  if (
    !mask ||
    typeof mask !== 'object' ||
    !value ||
    typeof value !== 'object'
  ) {
    return;
  }
  if (Array.isArray(mask)) {
    mask.forEach((m, i) => collectMasked((value as unknown[])[i], m, out));
    return;
  }
  for (const [k, m] of Object.entries(mask)) {
    collectMasked((value as Record<string, unknown>)[k], m, out);
  }
}

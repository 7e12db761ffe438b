import { NotAllowedError } from '@backstage/errors';
import { PRICE_TABLE_DATE } from '@groundwork/governance';
import type { GateDecision } from './gate';
import type { TaskLog } from '../run/lines';

/** The gate's verdict in the task log: what the plan changes, breaks and costs. */
export function logDecision(
  log: TaskLog,
  d: GateDecision,
  environment: string,
) {
  const s = d.summary;
  const g = d.governance.summary;
  const c = d.governance.cost;
  log.info(
    `Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy, ${s.replace} to replace.`,
  );
  log.info(
    `Policy (${environment}, threshold ${g.threshold}): failed ${g.failed.critical} critical, ${g.failed.high} high, ${g.failed.medium} medium, ${g.failed.low} low; ${g.waived} waived, ${g.warned} warnings, ${g.unknown} unknown; score ${g.score}.`,
  );
  log.info(
    `Cost estimate: ${c.monthlyBefore.toFixed(2)} -> ${c.monthlyAfter.toFixed(
      2,
    )} ${c.currency}/month (${c.delta >= 0 ? '+' : ''}${c.delta.toFixed(
      2,
    )}); priced ${c.coverage.priced}, usage-priced ${
      c.coverage.usagePriced
    }, unpriced ${c.coverage.unpriced} (price table ${PRICE_TABLE_DATE}).${
      d.budget.budget !== undefined
        ? ` Budget ${d.budget.budget} ${d.budget.currency}/month.`
        : ''
    }`,
  );
  if (d.budget.over && !d.budget.blocked)
    log.warn(`${d.budget.message} (budget action: warn)`);
  if (!d.blocked) log.info('Gate passed.');
}

/**
 * The gate stopped the run. It is a `NotAllowedError` to the task, and
 * carries the decision so that the run's report says what the gate found.
 */
export class GateBlockedError extends NotAllowedError {
  declare readonly decision: GateDecision;

  constructor(decision: GateDecision, environment: string) {
    // Why the gate stopped the run, and what the user can do about it.
    super(
      `The governance gate blocked this run in ${environment}; nothing was applied.\n${decision.reasons.join(
        '\n',
      )}\nFix the findings (each rule's remediation is above, in the platform-status compliance view and in "groundwork-governance rules"), or request a waiver for the finding in the portal (Requests, or the entity's Platform status tab); an approved waiver applies to the next run until it expires.`,
    );
    // Not enumerable: the scaffolder serializes a step's error with its
    // own properties into the task's events, and the decision is the whole
    // governance result.
    Object.defineProperty(this, 'decision', { value: decision });
  }
}

import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type {
  InForceBudget,
  InForceList,
  InForceWaiver,
} from '@groundwork/plugin-requests-common';
import {
  isRequestsPluginAbsent,
  type RequestsService,
} from '@groundwork/plugin-requests-node';
import type {
  BudgetInForce,
  WaiverInForce,
} from '@groundwork/plugin-platform-status-common';

/**
 * What the requests backend said is in force, why it could not say, or
 * that the portal has no requests plugin (nothing to show, nothing wrong).
 */
export type InForceRead =
  | { list: InForceList }
  | { error: string; at: string }
  | { notInstalled: true };

/** Reads what is in force; `entityRef` undefined: the whole portfolio. */
export type ReadInForce = (entityRef?: string) => Promise<InForceRead>;

/** Between two warnings about the same failure in the backend's log. */
const WARN_EVERY_MS = 60_000;

/**
 * Reads the waivers and budgets approved by request that are in force,
 * with the plugin's own credentials: platform status shows them to whoever
 * may read the entity, as the gate enforces them for everyone. A failure
 * (the requests plugin down) is an answer, not a throw, so that the status
 * it decorates is still served; a portal without the plugin shows none and
 * reports nothing wrong.
 */
export function requestsInForceReader(options: {
  requests: RequestsService;
  auth: AuthService;
  logger: LoggerService;
}): ReadInForce {
  let warnedAt = 0;
  return async entityRef => {
    try {
      const list = await options.requests.inForce({
        entityRef,
        credentials: await options.auth.getOwnServiceCredentials(),
      });
      return {
        list: {
          waivers: Array.isArray(list?.waivers) ? list.waivers : [],
          budgets: Array.isArray(list?.budgets) ? list.budgets : [],
        },
      };
    } catch (e) {
      if (isRequestsPluginAbsent(e)) return { notInstalled: true };
      const error = `Waivers and budgets approved by request could not be read from the requests plugin (${stringifyError(
        e,
      )}); is it installed and running? Until it answers, they are not shown here.`;
      if (Date.now() - warnedAt > WARN_EVERY_MS) {
        warnedAt = Date.now();
        options.logger.warn(error);
      }
      return { error, at: new Date().toISOString() };
    }
  };
}

const sameRef = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/** Whether a request in force concerns this entity's environment, now. */
function concerns(
  r: InForceWaiver | InForceBudget,
  entityRef: string,
  environment: string,
  now: number,
) {
  return (
    typeof r.entityRef === 'string' &&
    sameRef(r.entityRef, entityRef) &&
    r.environment === environment &&
    Date.parse(r.expiresAt) > now
  );
}

/** An environment's waivers in force, the soonest to expire first. */
export function waiversInForceOf(
  list: InForceList,
  entityRef: string,
  environment: string,
  now: Date,
): WaiverInForce[] {
  return list.waivers
    .filter(w => concerns(w, entityRef, environment, now.getTime()))
    .sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt))
    .map(w => ({
      requestId: w.requestId,
      rule: w.rule,
      resource: w.resource,
      reason: w.reason,
      requestedBy: w.requestedBy,
      approvedBy: w.approvedBy,
      approvedAt: w.approvedAt,
      expiresAt: w.expiresAt,
    }));
}

/** The budget in force in an environment: of several, the one approved last, as the gate decides. */
export function budgetInForceOf(
  list: InForceList,
  entityRef: string,
  environment: string,
  now: Date,
): BudgetInForce | undefined {
  const b = list.budgets
    .filter(
      x =>
        concerns(x, entityRef, environment, now.getTime()) &&
        Number.isFinite(x.monthlyBudget) &&
        x.monthlyBudget > 0,
    )
    .sort((x, y) => Date.parse(y.approvedAt) - Date.parse(x.approvedAt))[0];
  return (
    b && {
      requestId: b.requestId,
      monthlyBudget: b.monthlyBudget,
      reason: b.reason,
      requestedBy: b.requestedBy,
      approvedBy: b.approvedBy,
      approvedAt: b.approvedAt,
      expiresAt: b.expiresAt,
    }
  );
}

/** How many waivers are in force per entity and environment (`<ref>\n<env>`, ref lower case). */
export function waiverCounts(
  list: InForceList,
  now: Date,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of list.waivers) {
    if (
      typeof w.entityRef !== 'string' ||
      !(Date.parse(w.expiresAt) > now.getTime())
    )
      continue;
    const key = `${w.entityRef.toLocaleLowerCase('en-US')}\n${w.environment}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

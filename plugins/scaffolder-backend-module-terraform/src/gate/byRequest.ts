import type { AuthService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { Finding, Waiver } from '@groundwork/governance';
import type {
  InForceBudget,
  InForceWaiver,
} from '@groundwork/plugin-requests-common';
import {
  isRequestsPluginAbsent,
  type RequestsService,
} from '@groundwork/plugin-requests-node';
import type { TaskLog } from '../run/lines';
import type { EffectivePolicy } from './policy';

/** What approved requests change in one run's gate. */
export interface ByRequest {
  waivers: InForceWaiver[];
  /** The in-force budget request that replaces the configured budget. */
  budget?: InForceBudget;
}

const sameRef = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/** Who approved it and until when, as each log line about it says. */
export function byRequestLabel(r: {
  requestId: string;
  approvedBy: string;
  expiresAt: string;
}): string {
  return `request ${r.requestId} (approved by ${r.approvedBy}) until ${r.expiresAt}`;
}

/**
 * The waivers and budget approved by request for this entity in this
 * environment, in force now. Read with the plugin's own credentials: what
 * is in force is the gate's business, not the initiator's. When the
 * requests backend cannot answer, the run goes on without them (fail
 * closed: the policy file's waivers and the configured budget) and the
 * log says so, so that a blocked run is not mistaken for a refused waiver.
 */
export async function readByRequest(options: {
  requests?: RequestsService;
  auth: AuthService;
  entityRef: string;
  environment: string;
  log: TaskLog;
  now?: Date;
}): Promise<ByRequest> {
  const { requests, entityRef, environment, log } = options;
  if (!requests) return { waivers: [] };
  let list;
  try {
    list = await requests.inForce({
      entityRef,
      environment,
      credentials: await options.auth.getOwnServiceCredentials(),
    });
  } catch (e) {
    // A portal without the requests plugin has no waivers by request.
    if (isRequestsPluginAbsent(e)) return { waivers: [] };
    log.warn(
      `Could not read the waivers and budgets approved by request for ${entityRef} in ${environment} (${stringifyError(
        e,
      )}); this run applies none of them: the gate uses the policy file's waivers and the configured budget.`,
    );
    return { waivers: [] };
  }
  // The backend answers for this entity and environment only, and only
  // what is in force; checked again here, as a waiver that outlives its
  // request would let through what nobody approves any more.
  const now = (options.now ?? new Date()).getTime();
  const applies = (r: InForceWaiver | InForceBudget) =>
    typeof r?.entityRef === 'string' &&
    sameRef(r.entityRef, entityRef) &&
    r.environment === environment &&
    Date.parse(r.expiresAt) > now;
  const waivers = (list?.waivers ?? []).filter(
    w =>
      applies(w) &&
      typeof w.rule === 'string' &&
      typeof w.resource === 'string',
  );
  // Two budgets in force at once: the one approved last is the decision.
  const budget = (list?.budgets ?? [])
    .filter(
      b =>
        applies(b) && Number.isFinite(b.monthlyBudget) && b.monthlyBudget > 0,
    )
    .sort((a, b) => Date.parse(b.approvedAt) - Date.parse(a.approvedAt))[0];
  for (const w of waivers) {
    log.info(`Waiver by ${byRequestLabel(w)}: ${w.rule} for ${w.resource}.`);
  }
  return { waivers, ...(budget && { budget }) };
}

/** A waiver approved by request, as the governance engine takes it: it ends when the request does. */
export function governanceWaiverOf(w: InForceWaiver): Waiver {
  return {
    rule: w.rule,
    resource: w.resource,
    reason: `request ${w.requestId}: ${w.reason}`,
    owner: w.approvedBy,
    expires: new Date(w.expiresAt).toISOString().slice(0, 10),
    until: w.expiresAt,
    environments: [w.environment],
  };
}

/**
 * The policy with the waivers approved by request added. They are added
 * after the step's overrides were checked: an approved waiver is not a
 * step's override, and `terraform.policy.inputOverrides` does not apply.
 */
export function withRequestWaivers(
  policy: EffectivePolicy,
  waivers: readonly InForceWaiver[],
): EffectivePolicy {
  if (waivers.length === 0) return policy;
  return {
    ...policy,
    policy: {
      ...policy.policy,
      waivers: [
        ...(policy.policy.waivers ?? []),
        ...waivers.map(governanceWaiverOf),
      ],
    },
    sources: [
      ...policy.sources,
      `${waivers.length} waiver(s) approved by request`,
    ],
  };
}

/** Each finding a request waived, as the log names it. */
export function logWaivedByRequest(
  log: TaskLog,
  findings: readonly Finding[],
  waivers: readonly InForceWaiver[],
) {
  for (const f of findings) {
    if (f.verdict !== 'waived' || !f.waiver?.until) continue;
    const w = waivers.find(
      r =>
        r.rule === f.waiver!.rule &&
        r.resource === f.waiver!.resource &&
        r.expiresAt === f.waiver!.until,
    );
    if (w) {
      log.info(`Waived by ${byRequestLabel(w)}: ${f.ruleId} on ${f.address}.`);
    }
  }
}

import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  InForceBudget,
  InForceList,
  InForceWaiver,
} from '@groundwork/plugin-requests-common';
import type { RequestsService } from '@groundwork/plugin-requests-node';

/**
 * The requests backend's `inForce`, as the gate and platform status call
 * it: the applied waivers and budgets of one entity (and environment)
 * whose `expiresAt` is ahead. `lagging` answers with everything it holds,
 * as a backend whose expiry job has not run yet would, to show that the
 * caller checks the expiry itself. `down` answers as an unreachable
 * backend does (a 503 from the HTTP client).
 */
export function requestsStandIn(
  options: {
    waivers?: InForceWaiver[];
    budgets?: InForceBudget[];
    down?: boolean;
    lagging?: boolean;
  } = {},
) {
  const calls: Array<{
    entityRef?: string;
    environment?: string;
    credentials: BackstageCredentials;
  }> = [];
  const service: RequestsService = {
    async create() {
      throw new Error('not used by the gate');
    },
    async list() {
      throw new Error('not used by the gate');
    },
    async inForce({ entityRef, environment, credentials }) {
      calls.push({ entityRef, environment, credentials });
      if (options.down) {
        throw Object.assign(
          new Error(
            'Request failed with 503 Service Unavailable, connect ECONNREFUSED 127.0.0.1:7007',
          ),
          { name: 'ResponseError' },
        );
      }
      const now = Date.now();
      const keep = (r: InForceWaiver | InForceBudget) =>
        options.lagging ||
        ((!entityRef || r.entityRef === entityRef) &&
          (!environment || r.environment === environment) &&
          Date.parse(r.expiresAt) > now);
      const list: InForceList = {
        waivers: (options.waivers ?? []).filter(keep),
        budgets: (options.budgets ?? []).filter(keep),
      };
      return JSON.parse(JSON.stringify(list));
    },
  };
  return { service, calls };
}

/** An approved waiver request in force, for `entityRef` in `environment`. */
export function inForceWaiver(
  extra: Partial<InForceWaiver> & { entityRef: string },
): InForceWaiver {
  return {
    environment: 'dev',
    rule: 'GW-AWS-002',
    resource: '*',
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    requestId: 'req-1',
    reason: 'the fix ships next sprint',
    requestedBy: 'user:default/ada',
    approvedBy: 'user:default/grace',
    approvedAt: new Date(Date.now() - 3_600_000).toISOString(),
    ...extra,
  };
}

/** An approved budget request in force. */
export function inForceBudget(
  extra: Partial<InForceBudget> & { entityRef: string },
): InForceBudget {
  return {
    environment: 'staging',
    monthlyBudget: 1000,
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    requestId: 'req-2',
    reason: 'launch week',
    requestedBy: 'user:default/ada',
    approvedBy: 'user:default/grace',
    approvedAt: new Date(Date.now() - 3_600_000).toISOString(),
    ...extra,
  };
}

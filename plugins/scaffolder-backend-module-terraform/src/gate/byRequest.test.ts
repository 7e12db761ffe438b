import { loadPlanFile } from '@groundwork/governance';
import { HIGH_PLAN } from '../__testUtils__/setup';
import { inForceWaiver } from '../__testUtils__/requests';
import { mockServices } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import type { RequestsService } from '@groundwork/plugin-requests-node';
import type { TaskLog } from '../run/lines';
import {
  governanceWaiverOf,
  readByRequest,
  withRequestWaivers,
} from './byRequest';
import { decide } from './gate';

describe('waivers approved by request in the gate', () => {
  const until = '2026-12-09T15:30:00.000Z';
  const waiver = inForceWaiver({
    entityRef: 'component:default/payments-api',
    rule: 'GW-AWS-004',
    resource: 'aws_s3_bucket.usage',
    expiresAt: until,
    requestId: 'req-3',
  });

  it('become governance waivers that end when the request does', () => {
    expect(governanceWaiverOf(waiver)).toEqual({
      rule: 'GW-AWS-004',
      resource: 'aws_s3_bucket.usage',
      reason: 'request req-3: the fix ships next sprint',
      owner: 'user:default/grace',
      expires: '2026-12-09',
      until,
      environments: ['dev'],
    });
  });

  it('stop applying at their instant, not at the end of the day', async () => {
    const plan = await loadPlanFile(HIGH_PLAN);
    const policy = withRequestWaivers(
      {
        policy: {
          version: 1,
          environments: { dev: { blockingThreshold: 'high' } },
          waivers: [],
        },
        threshold: 'high',
        sources: [],
      },
      [
        waiver,
        inForceWaiver({
          entityRef: waiver.entityRef,
          rule: 'GW-AWS-010',
          resource: 'aws_instance.*',
          expiresAt: until,
        }),
        inForceWaiver({
          entityRef: waiver.entityRef,
          rule: 'GW-AWS-018',
          resource: 'aws_instance.*',
          expiresAt: until,
        }),
      ],
    );
    expect(policy.sources).toEqual(['3 waiver(s) approved by request']);
    const at = (now: string) =>
      decide({
        plan,
        environment: 'dev',
        policy: policy.policy,
        currency: 'USD',
        budgetAction: 'warn',
        now: new Date(now),
      });
    expect(at('2026-12-09T15:29:59Z').blocked).toBe(false);
    const after = at('2026-12-09T15:30:00Z');
    expect(after.blocked).toBe(true);
    expect(after.blockingFindings.map(f => f.ruleId).sort()).toEqual([
      'GW-AWS-004',
      'GW-AWS-010',
      'GW-AWS-010',
      'GW-AWS-018',
      'GW-AWS-018',
    ]);
    expect(after.governance.summary.expiredWaivers).toBe(5);
  });

  it('reads none, quietly, from a portal without the requests plugin, and says so when it is down', async () => {
    const failing = (error: Error): RequestsService => ({
      create: jest.fn(),
      list: jest.fn(),
      inForce: async () => {
        throw error;
      },
    });
    /** What a backend answers for a plugin it does not have, or one that is down. */
    const answer = (status: number, statusText: string) =>
      ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'NotFoundError', message: statusText },
          }),
          {
            status,
            statusText,
            headers: { 'content-type': 'application/json' },
          },
        ) as any,
      );
    const read = async (requests: RequestsService) => {
      const log = { info: jest.fn(), warn: jest.fn() };
      const result = await readByRequest({
        requests,
        auth: mockServices.auth(),
        entityRef: 'component:default/payments-api',
        environment: 'dev',
        log: log as unknown as TaskLog,
      });
      return { result, warnings: log.warn.mock.calls.map(c => c[0]) };
    };

    const absent = await read(failing(await answer(404, 'Not Found')));
    expect(absent).toEqual({ result: { waivers: [] }, warnings: [] });

    const down = await read(failing(await answer(503, 'Service Unavailable')));
    expect(down.result).toEqual({ waivers: [] });
    expect(down.warnings).toEqual([
      expect.stringMatching(
        /^Could not read the waivers and budgets approved by request for component:default\/payments-api in dev \(.*503.*\); this run applies none of them/,
      ),
    ]);
  });
});

import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { GroundworkRequest } from '@groundwork/plugin-requests-common';
import { requestsApiRef } from '../api/RequestsApi';
import { RequestsPage } from '../components/RequestsPage';
import { fakeBackend } from './backend';

/**
 * An applied waiver that ends in three days, and the Requests page showing
 * it to a person, on a fake backend that revokes as the real one answers.
 * (usePermission caches its answer per test file: a file renders either
 * approvers or non-approvers, or waits for the answer to settle.)
 */
export const ALAN = 'user:default/alan.turing';
export const RADIA = 'user:default/radia.perlman';
export const GRACE = 'user:default/grace.hopper';

const DAY = 24 * 3600_000;

export function waiver(): GroundworkRequest {
  return {
    id: 'w1',
    kind: 'waiver',
    state: 'applied',
    title: 'Waive GW-AWS-004 on aws_s3_bucket.logs in prod',
    reason: 'fix ships Friday',
    requestedBy: ALAN,
    approverGroups: ['group:default/security'],
    changes: [{ system: 'governance', target: 'waiver GW-AWS-004' }],
    payload: {
      entityRef: 'component:default/payments-api',
      environment: 'prod',
      rule: 'GW-AWS-004',
      resource: 'aws_s3_bucket.logs',
      expiresAt: new Date(Date.now() + 3 * DAY).toISOString(),
    },
    entityRef: 'component:default/payments-api',
    environment: 'prod',
    expiresAt: new Date(Date.now() + 3 * DAY).toISOString(),
    decidedBy: RADIA,
    createdAt: '2026-12-06T10:00:00.000Z',
    updatedAt: '2026-12-06T10:00:00.000Z',
    events: [
      { at: '2026-12-06T10:00:00.000Z', actor: ALAN, action: 'requested' },
      { at: '2026-12-06T11:00:00.000Z', actor: RADIA, action: 'approved' },
      {
        at: '2026-12-06T11:00:01.000Z',
        actor: 'plugin:requests',
        action: 'applied',
      },
      {
        at: '2026-12-06T11:00:02.000Z',
        actor: 'plugin:requests',
        action: 'expiry-notice',
      },
    ],
  };
}

export function renderRequest(
  as: string,
  approver: boolean,
  request = waiver(),
) {
  let current = request;
  const { client, calls } = fakeBackend({
    [`GET /requests/${request.id}`]: () => current,
    [`POST /requests/${request.id}/revoke`]: call => {
      current = {
        ...current,
        state: 'revoked',
        revokedBy: as,
        endedAt: '2026-12-07T12:00:00.000Z',
        events: [
          ...current.events!,
          {
            at: '2026-12-07T12:00:00.000Z',
            actor: as,
            action: 'revoked',
            comment: call.body.comment,
          },
        ],
      };
      return current;
    },
  });
  renderInTestApp(<RequestsPage />, {
    mountPath: '/requests/*',
    initialRouteEntries: [`/requests/${request.id}`],
    apis: [
      [requestsApiRef, client],
      mockApis.identity({ userEntityRef: as }),
      mockApis.permission({
        authorize: approver ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      }),
    ],
  });
  return calls;
}

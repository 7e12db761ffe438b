import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startPlatformStatusBackend } from '@groundwork/backend-test-utils';
import type { EntityStatusResponse } from '@groundwork/plugin-platform-status-common';
// A module is tested inside the plugin it extends, as a backend installs both.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformStatusPlugin from '@groundwork/plugin-platform-status-backend';
import platformStatusModulePolicyReports from '..';

/** The token the stand-in knows as the portal's policy-report reader. */
export const READER_TOKEN = 'policy-report-reader-token';

/** A stand-in token identity with the environment template's ClusterRole. */
export const readerIdentity = {
  user: 'system:serviceaccount:groundwork-system:groundwork-portal',
  canList: ['policyreports' as const, 'clusterpolicyreports' as const],
};

/** A result as Kyverno v1.16 writes it. */
export function result(overrides: Record<string, unknown> = {}) {
  return {
    policy: 'require-labels',
    rule: 'owner-cost-center-environment',
    result: 'fail',
    severity: 'medium',
    message:
      'validation error: Every pod names its owner and cost center. rule owner-cost-center-environment failed at path /metadata/labels/groundwork.dev/owner/',
    source: 'kyverno',
    scored: true,
    timestamp: { seconds: 1796000000, nanos: 0 },
    ...overrides,
  };
}

/** A per-resource PolicyReport of Kyverno's (scope set, results without resources). */
export function policyReport(
  namespace: string,
  resource: { kind: string; name: string; apiVersion?: string },
  results: object[],
  name = `${resource.kind.toLowerCase()}-${resource.name}`,
) {
  return {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: 'PolicyReport',
    metadata: {
      name,
      namespace,
      labels: { 'app.kubernetes.io/managed-by': 'kyverno' },
    },
    scope: {
      apiVersion: resource.apiVersion ?? 'apps/v1',
      kind: resource.kind,
      name: resource.name,
      namespace,
    },
    summary: { pass: 0, fail: results.length, warn: 0, error: 0, skip: 0 },
    results,
  };
}

/** A catalog entity as new-service writes it: kubernetes-id is its name. */
export function serviceEntity(name: string, kubernetesId = name): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'groundwork.dev/environments': 'dev,staging,prod',
        'backstage.io/kubernetes-id': kubernetesId,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
  };
}

/**
 * Platform status with this module on `knex`; its tasks run when the test
 * says (mirror the catalog first, then collect).
 */
export async function startStatusBackend(options: {
  knex: Awaited<ReturnType<TestDatabases['init']>>;
  entities: Entity[];
  policyReports?: object;
}) {
  return startPlatformStatusBackend<EntityStatusResponse>({
    features: [
      platformStatusPlugin,
      platformStatusModulePolicyReports,
      catalogServiceMock.factory({ entities: options.entities }),
    ],
    knex: options.knex,
    config: options.policyReports && {
      platformStatus: { policyReports: options.policyReports },
    },
  });
}

import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startPlatformStatusBackend } from '@groundwork/backend-test-utils';
import type { EntityStatusResponse } from '@groundwork/plugin-platform-status-common';
// A module is tested inside the plugin it extends, as a backend installs both.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformStatusPlugin from '@groundwork/plugin-platform-status-backend';
import platformStatusModuleArgoCd from '..';

/** An Argo CD Application as the CRD accepts it. */
export function argoApp(
  name: string,
  labels: Record<string, string> = {},
): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd', labels },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://github.com/groundwork-demo/deploy',
        path: `apps/${name}`,
        targetRevision: 'main',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: name,
      },
    },
  };
}

/**
 * Platform status with this module on `knex`; its tasks run when the test
 * says (mirror the catalog first, then collect).
 */
export async function startStatusBackend(options: {
  knex: Awaited<ReturnType<TestDatabases['init']>>;
  entities: Entity[];
  argocd: object;
}) {
  return startPlatformStatusBackend<EntityStatusResponse>({
    features: [
      platformStatusPlugin,
      platformStatusModuleArgoCd,
      catalogServiceMock.factory({ entities: options.entities }),
    ],
    knex: options.knex,
    config: { argocd: options.argocd },
  });
}

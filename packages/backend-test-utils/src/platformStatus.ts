import { Entity } from '@backstage/catalog-model';

/** Three environments, each on its own AWS account, on two Argo CD instances. */
export const testEnvironmentsConfig = {
  groundwork: {
    currency: 'USD',
    environments: [
      {
        name: 'dev',
        monthlyBudget: 500,
        cloud: { provider: 'aws', account: '111111111111' },
        argocdInstance: 'nonprod',
      },
      {
        name: 'staging',
        monthlyBudget: 1000,
        cloud: { provider: 'aws', account: '222222222222' },
        argocdInstance: 'nonprod',
      },
      {
        name: 'prod',
        production: true,
        monthlyBudget: 5000,
        cloud: { provider: 'aws', account: '333333333333' },
        argocdInstance: 'prod',
      },
    ],
  },
};

/** A catalog entity with the relations the catalog would have computed. */
export function testComponent(
  name: string,
  options: {
    owner?: string;
    system?: string;
    namespace?: string;
    annotations?: Record<string, string>;
  } = {},
): Entity {
  const namespace = options.namespace ?? 'default';
  const owner = options.owner ?? 'payments';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace,
      annotations: {
        'groundwork.dev/environments': 'dev,staging,prod',
        ...options.annotations,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner,
      system: options.system,
    },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${owner}` },
      ...(options.system
        ? [{ type: 'partOf', targetRef: `system:default/${options.system}` }]
        : []),
    ],
  };
}

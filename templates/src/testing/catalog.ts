import type { Entity } from '@backstage/catalog-model';

/** What the test portal's catalog holds for the templates' pickers and catalog:fetch. */
export const ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'maria' },
    spec: {
      profile: { displayName: 'Maria Lead', email: 'maria@example.com' },
      memberOf: ['group:default/payments'],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: 'jdoe',
      annotations: {
        'github.com/user-login': 'jdoe-gh',
        'groundwork.dev/persona': 'developer',
      },
    },
    spec: {
      profile: { displayName: 'Jane Doe', email: 'jane@example.com' },
      memberOf: ['group:default/payments'],
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments' },
    spec: { owner: 'group:default/payments' },
  },
];

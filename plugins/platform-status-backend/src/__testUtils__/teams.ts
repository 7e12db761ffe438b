import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  DeliveryCollector,
  platformStatusSourcesExtensionPoint,
} from '@groundwork/plugin-platform-status-node';

/**
 * Two teams' services and a platform team, as the catalog holds them for
 * the tests of who may read and act: payments owns payments-api, growth
 * owns recommendations-api, platform administers.
 */
export const TEAMS_CATALOG = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: payments }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: growth }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  annotations: { groundwork.dev/environments: 'dev,staging,prod' }
spec: { type: service, lifecycle: production, owner: group:default/payments }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: recommendations-api
  annotations: { groundwork.dev/environments: 'dev,staging,prod' }
spec: { type: service, lifecycle: production, owner: group:default/growth }
`;

export const ALAN = 'user:default/alan.turing'; // payments: owns payments-api
export const MARGARET = 'user:default/margaret.hamilton'; // growth: owns recommendations-api
export const ADA = 'user:default/ada.lovelace'; // platform: administrator
export const LINUS = 'user:default/linus.torvalds'; // payments and sre: production
export const GRACE = 'user:default/grace.hopper'; // signed in, in no team

/** Each person's groups, for groundworkPermissionFeatures. */
export const TEAM_MEMBERSHIPS = {
  [LINUS]: ['group:default/payments', 'group:default/sre'],
  [ALAN]: ['group:default/payments'],
  [MARGARET]: ['group:default/growth'],
  [ADA]: ['group:default/platform'],
};

/**
 * A delivery source with an app per environment (dev, prod) of both
 * components, each with the syncs of the history ids given for its entity
 * (oldest first; the newest is what runs), that records the syncs and
 * rollbacks that get past the checks (Argo CD itself: the Argo CD
 * module's tests).
 */
export function recordingDelivery(history: Record<string, number[]>) {
  const actions: string[] = [];
  const revision = (i: number) => (i === 0 ? 'a' : 'b').repeat(40);
  const collector: DeliveryCollector = {
    id: 'fake',
    schedule: {
      frequency: { seconds: 1 },
      timeout: { seconds: 30 },
      initialDelay: { seconds: 0 },
    },
    origins: { names: ['fake'], defaultOrigin: 'fake' },
    async collect(recorder) {
      const items = Object.entries(history).flatMap(([entity, ids]) =>
        ['dev', 'prod'].map(environment => ({
          entityRef: `component:default/${entity}`,
          environment,
          data: {
            instance: 'fake',
            appName: `${entity}-${environment}`,
            revision: revision(ids.length - 1),
          },
          deployments: ids.map((historyId, i) => ({
            key: `2026-11-2${i}T09:00:00Z`,
            historyId,
            revision: revision(i),
            result: 'Succeeded',
          })),
        })),
      );
      await recorder.recordDelivery('fake', items, new Date().toISOString());
    },
    async sync(target) {
      actions.push(`sync ${target.appName}`);
    },
    async rollback(target, historyId) {
      actions.push(`rollback ${target.appName} to ${historyId}`);
    },
  };
  return {
    actions,
    feature: createBackendModule({
      pluginId: 'platform-status',
      moduleId: 'recording-delivery',
      register(env) {
        env.registerInit({
          deps: { sources: platformStatusSourcesExtensionPoint },
          async init({ sources }) {
            sources.addDeliveryCollector(collector);
          },
        });
      },
    }),
  };
}

import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { templateDryRunPermission } from '@backstage/plugin-scaffolder-common/alpha';
import {
  groundworkEntityChangePermission,
  groundworkProductionChangePermission,
  groundworkUserOffboardPermission,
} from '@groundwork/plugin-groundwork-common';
import {
  createTestCatalog,
  groundworkPermissionFeatures,
} from '@groundwork/backend-test-utils';

const ENTITIES = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: payments }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: payments-api }
spec: { type: service, lifecycle: production, owner: group:default/payments }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: mae.jemison
  annotations:
    groundwork.dev/manager: user:default/katherine.johnson
spec: { memberOf: [payments] }
`;

const PEOPLE = {
  'user:default/alan.turing': ['group:default/payments'],
  'user:default/katherine.johnson': ['group:default/payments'],
  'user:default/margaret.hamilton': ['group:default/growth'],
  'user:default/ada.lovelace': ['group:default/platform'],
};

/**
 * The policy in the real permission framework: the permission backend asks
 * it, and for conditional decisions on an entity the catalog applies the
 * conditions to the entity as it stands in the catalog.
 */
describe('the Groundwork policy in a backend', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const catalog = createTestCatalog(ENTITIES);

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        ...groundworkPermissionFeatures(PEOPLE),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            catalog: catalog.config,
            groundwork: {
              permissions: {
                adminGroups: ['group:default/platform'],
                approverGroups: ['group:default/security'],
              },
            },
          },
        }),
      ],
    });
    await catalog.ready(backend.server);
  });

  afterAll(async () => {
    await backend?.stop();
    catalog.remove();
  });

  async function authorize(
    user: string,
    permission: object,
    resourceRef?: string,
  ): Promise<string> {
    const res = await request(backend.server)
      .post('/api/permission/authorize')
      .set('Authorization', mockCredentials.user.header(user))
      .send({ items: [{ id: '1', permission, resourceRef }] });
    expect(res.status).toBe(200);
    return res.body.items[0].result;
  }

  it('lets the owning team change its entity, and not another team', async () => {
    const ref = 'component:default/payments-api';
    const p = groundworkEntityChangePermission;
    expect(await authorize('user:default/alan.turing', p, ref)).toBe('ALLOW');
    expect(await authorize('user:default/margaret.hamilton', p, ref)).toBe(
      'DENY',
    );
    expect(await authorize('user:default/ada.lovelace', p, ref)).toBe('ALLOW');
  });

  it("lets a person's manager offboard them, and not their teammate", async () => {
    const ref = 'user:default/mae.jemison';
    const p = groundworkUserOffboardPermission;
    expect(await authorize('user:default/katherine.johnson', p, ref)).toBe(
      'ALLOW',
    );
    expect(await authorize('user:default/alan.turing', p, ref)).toBe('DENY');
    expect(await authorize('user:default/ada.lovelace', p, ref)).toBe('ALLOW');
  });

  it('keeps production and dry runs to the groups config names', async () => {
    expect(
      await authorize(
        'user:default/alan.turing',
        groundworkProductionChangePermission,
      ),
    ).toBe('DENY');
    expect(
      await authorize(
        'user:default/ada.lovelace',
        groundworkProductionChangePermission,
      ),
    ).toBe('ALLOW');
    expect(
      await authorize('user:default/alan.turing', templateDryRunPermission),
    ).toBe('DENY');
  });

  it('lets everyone signed in read the catalog, and nobody anonymous', async () => {
    expect(
      await authorize(
        'user:default/margaret.hamilton',
        catalogEntityReadPermission,
        'component:default/payments-api',
      ),
    ).toBe('ALLOW');
    const res = await request(backend.server)
      .post('/api/permission/authorize')
      .send({ items: [{ id: '1', permission: catalogEntityReadPermission }] });
    expect(res.body.items?.[0]?.result ?? res.status).not.toBe('ALLOW');
  });
});

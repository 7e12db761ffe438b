import { TestDatabases } from '@backstage/backend-test-utils';
import { testComponent as component } from '@groundwork/backend-test-utils';
import { argoCdLabelsFor } from '@groundwork/plugin-groundwork-common';
import { ArgoCdStandIn } from '@groundwork/stand-in-test-utils';
import { argoApp, startStatusBackend } from './__testUtils__/backend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const healthy = (revision: string) => ({
  sync: { status: 'Synced', revision },
  health: { status: 'Healthy' },
  history: [
    { id: 1, revision: 'aaa', deployedAt: '2026-11-19T08:00:00Z' },
    { id: 2, revision, deployedAt: '2026-11-20T09:00:00Z' },
  ],
});

describe.each(databases.eachSupportedId())(
  'the Argo CD collector in platform status on %p',
  id => {
    const nonprod = new ArgoCdStandIn();
    const prod = new ArgoCdStandIn();
    beforeAll(async () => {
      await nonprod.start();
      await prod.start();
    });
    afterAll(async () => {
      await nonprod.stop();
      await prod.stop();
    });

    it('lists each instance once per cycle, and a failing one does not blank the others', async () => {
      const knex = await databases.init(id);
      const backend = await startStatusBackend({
        knex,
        entities: [
          component('payments-api'),
          // Its prod app predates argocd:create-app and carries no labels.
          component('legacy-billing', {
            annotations: { 'groundwork.dev/argocd-apps': 'prod=billing' },
          }),
        ],
        argocd: {
          instances: [
            {
              name: 'nonprod',
              url: nonprod.url,
              token: 'argocd-test-token',
              uiUrl: 'https://argocd.nonprod.example.com',
            },
            {
              name: 'prod',
              url: prod.url,
              token: 'argocd-test-token',
              uiUrl: 'https://argocd.example.com',
            },
          ],
        },
      });
      await backend.run('catalog-sync');
      const ref = 'component:default/payments-api';
      nonprod.seedApplication(
        argoApp('payments-api-dev', argoCdLabelsFor(ref, 'dev')),
        { status: healthy('c0ffee1'), rollout: [] },
      );
      nonprod.seedApplication(argoApp('someone-elses-app'), {
        status: healthy('beef'),
        rollout: [],
      });
      prod.seedApplication(
        argoApp('payments-api', argoCdLabelsFor(ref, 'prod')),
        {
          status: {
            sync: { status: 'OutOfSync', revision: 'c0ffee2' },
            health: { status: 'Degraded' },
          },
          rollout: [],
        },
      );
      prod.seedApplication(argoApp('billing'), {
        status: healthy('d00d'),
        rollout: [],
      });

      await backend.run('argocd');

      const lists = (standIn: ArgoCdStandIn) =>
        standIn.callsTo('ApplicationService_List');
      expect(lists(nonprod)).toHaveLength(1);
      expect(lists(nonprod)[0].query).toEqual({
        selector: ['groundwork.dev/entity-name,groundwork.dev/environment'],
      });
      // An annotated app lives there: the one call lists every app.
      expect(lists(prod)).toHaveLength(1);
      expect(lists(prod)[0].query).toEqual({});

      let status = await backend.status('payments-api');
      const [dev, staging, prodEnv] = status.environments;
      expect(dev.delivery).toMatchObject({
        state: 'ok',
        instance: 'nonprod',
        appName: 'payments-api-dev',
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
        revision: 'c0ffee1',
        lastDeployedAt: '2026-11-20T09:00:00Z',
        url: 'https://argocd.nonprod.example.com/applications/argocd/payments-api-dev',
      });
      expect(staging.delivery).toMatchObject({
        state: 'no-data',
        instance: 'nonprod',
      });
      expect(prodEnv.delivery).toMatchObject({
        state: 'ok',
        syncStatus: 'OutOfSync',
        healthStatus: 'Degraded',
      });
      const legacy = await backend.status('legacy-billing');
      expect(legacy.environments[2].delivery).toMatchObject({
        state: 'ok',
        appName: 'billing',
        revision: 'd00d',
      });

      // prod's token is revoked; nonprod moves on.
      prod.revokeToken('argocd-test-token');
      nonprod.seedApplication(
        argoApp('payments-api-staging', argoCdLabelsFor(ref, 'staging')),
        { status: healthy('c0ffee3'), rollout: [] },
      );
      await backend.run('argocd');
      status = await backend.status('payments-api');
      expect(status.environments[1].delivery).toMatchObject({
        state: 'ok',
        revision: 'c0ffee3',
      });
      expect(status.environments[2].delivery).toMatchObject({
        // Last known data stays, marked as failed, with the reason.
        state: 'error',
        healthStatus: 'Degraded',
        error: expect.stringMatching(
          /Argo CD instance "prod" answered 401.*argocd account generate-token/,
        ),
      });
      expect(status.environments[2].errors).toEqual([
        expect.objectContaining({ source: 'delivery' }),
      ]);
      expect(status.environments[0].errors).toEqual([]);

      nonprod.assertNoViolations();
      await backend.stop();
    });
  },
);

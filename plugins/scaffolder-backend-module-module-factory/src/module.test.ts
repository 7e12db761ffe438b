import { startTestBackend, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import moduleFactory from './index';

describe('the backend module', () => {
  it('registers its four actions with the real scaffolder', async () => {
    const { server } = await startTestBackend({
      features: [
        scaffolderPlugin,
        moduleFactory,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: {
            moduleFactory: {
              repository: 'https://github.com/acme/terraform-modules',
            },
            groundwork: { environments: [{ name: 'dev', monthlyBudget: 100 }] },
          },
        }),
      ],
    });
    const res = await request(server).get('/api/scaffolder/v2/actions');
    expect(res.status).toBe(200);
    const ids = (res.body as Array<{ id: string }>).map(a => a.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'module-factory:check',
        'module-factory:next-version',
        'module-factory:prepare-pull-request',
        'module-factory:resolve',
      ]),
    );
    const check = (res.body as any[]).find(
      a => a.id === 'module-factory:check',
    );
    // Every input is described, as the template editor shows it.
    for (const [name, schema] of Object.entries<any>(
      check.schema.input.properties,
    )) {
      expect([name, typeof schema.description]).toEqual([name, 'string']);
    }
    expect(check.examples.length).toBeGreaterThan(0);
  });

  it('refuses a malformed moduleFactory.repository at start-up, saying what it should be', async () => {
    await expect(
      startTestBackend({
        features: [
          scaffolderPlugin,
          moduleFactory,
          catalogServiceMock.factory(),
          mockServices.rootConfig.factory({
            data: { moduleFactory: { repository: 'acme/terraform-modules' } },
          }),
        ],
      }),
    ).rejects.toThrow(/moduleFactory.repository must be the repository's URL/);
  });
});

import path from 'node:path';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import request from 'supertest';
import { createGitHubHostingStandIn, GitHubHostingStandIn } from './hosting';
import { setTimeout as sleep } from 'node:timers/promises';

jest.setTimeout(120_000);

const TOKEN = 'ghs_portal_integration';

/** A template a platform team could write: a catalog file, a repository, a registration. */
const TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: new-repository
spec:
  owner: group:default/platform
  type: service
  parameters:
    - required: [name]
      properties:
        name: { type: string }
  steps:
    - id: describe
      action: catalog:write
      input:
        entity:
          apiVersion: backstage.io/v1alpha1
          kind: Component
          metadata:
            name: \${{ parameters.name }}
            annotations:
              github.com/project-slug: acme/\${{ parameters.name }}
          spec:
            type: service
            lifecycle: experimental
            owner: group:default/platform
    - id: publish
      action: publish:github
      input:
        repoUrl: github.com?owner=acme&repo=\${{ parameters.name }}
        repoVisibility: private
    - id: register
      action: catalog:register
      input:
        repoContentsUrl: \${{ steps.publish.output.repoContentsUrl }}
        catalogInfoPath: /catalog-info.yaml
  output:
    links:
      - title: Repository
        url: \${{ steps.publish.output.remoteUrl }}
    entityRef: \${{ steps.register.output.entityRef }}
    catalogInfoUrl: \${{ steps.register.output.catalogInfoUrl }}
`;

describe('GitHub stand-in behind the real scaffolder and catalog', () => {
  let github: GitHubHostingStandIn;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stopBackend: () => Promise<void>;
  const dir = createMockDirectory();
  const auth = { Authorization: mockCredentials.user.header() };

  beforeAll(async () => {
    github = await createGitHubHostingStandIn({ tokens: [TOKEN] }).start();
    github.state.addOrg({ login: 'acme' });
    dir.setContent({ 'template.yaml': TEMPLATE });
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        scaffolderPlugin,
        githubModule,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            integrations: { github: [github.integrationConfig()] },
            catalog: {
              rules: [{ allow: ['Component', 'Template', 'Location'] }],
              locations: [
                { type: 'file', target: path.join(dir.path, 'template.yaml') },
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    await stopBackend?.();
    await github?.stop();
  });

  async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      await sleep(100);
    }
  }

  const entity = (ref: string) => async () => {
    const res = await request(server)
      .get(`/api/catalog/entities/by-name/${ref}`)
      .set(auth);
    return res.status === 200 ? res.body : undefined;
  };

  it('publishes a repository and registers its catalog-info.yaml, read back through the integration', async () => {
    await until(entity('template/default/new-repository'));
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set(auth)
      .send({
        templateRef: 'template:default/new-repository',
        values: { name: 'ledger' },
      });
    expect(created.status).toBe(201);
    const task = await until(async () => {
      const res = await request(server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set(auth);
      return ['completed', 'failed'].includes(res.body.status)
        ? res.body
        : undefined;
    });
    const events = await request(server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
      .set(auth);
    const completion = (events.body as any[]).find(
      e => e.type === 'completion',
    );
    expect(completion?.body.error).toBeUndefined();
    expect(task.status).toBe('completed');
    expect(completion.body.output).toEqual({
      links: [{ title: 'Repository', url: github.cloneUrl('acme', 'ledger') }],
      entityRef: 'component:default/ledger',
      // The GitHub integration resolves the path against repoContentsUrl so.
      catalogInfoUrl:
        'https://github.com/acme/ledger/tree/main/catalog-info.yaml',
    });
    expect(
      github.repos.file('acme', 'ledger', 'main', 'catalog-info.yaml'),
    ).toContain('name: ledger');

    // The catalog itself reads the registered location through the integration.
    const component = await until(entity('component/default/ledger'));
    expect(component.metadata.annotations).toMatchObject({
      'github.com/project-slug': 'acme/ledger',
      'backstage.io/managed-by-location':
        'url:https://github.com/acme/ledger/tree/main/catalog-info.yaml',
      'backstage.io/source-location':
        'url:https://github.com/acme/ledger/tree/main/',
    });
    expect(
      github
        .callsTo('repos/get-content')
        .every(c => c.path === '/repos/acme/ledger/contents/catalog-info.yaml'),
    ).toBe(true);
    expect(github.callsTo('repos/get-content').length).toBeGreaterThanOrEqual(
      2,
    );
    github.assertNoViolations();
  });
});

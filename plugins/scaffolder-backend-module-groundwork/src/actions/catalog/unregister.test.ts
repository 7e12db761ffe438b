import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  createTestCatalog,
  groundworkPermissionFeatures,
} from '@groundwork/backend-test-utils';
import groundworkModule from '../../index';
import { examples } from './unregister.examples';

jest.setTimeout(120_000);

/**
 * groundwork:expiry:check and groundwork:catalog:unregister run FOR REAL:
 * a real catalog (previews registered through its locations API, as
 * catalog:register does), a real scaffolder running tasks (not dry runs),
 * and Groundwork's own permission policy, where only administrators may
 * delete catalog locations and only owners may change an entity.
 */

const MARIA = 'user:default/maria'; // in payments, which owns the previews
const MALLORY = 'user:default/mallory'; // in security
const ADMIN = 'user:default/root'; // in platform, the administrators

const TEMPLATE = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'check-and-unregister', namespace: 'default' },
  spec: {
    owner: 'group:default/platform',
    type: 'service',
    parameters: [
      {
        required: ['entityRef'],
        properties: { entityRef: { type: 'string' } },
      },
    ],
    steps: [
      {
        id: 'check',
        name: 'Check',
        action: 'groundwork:expiry:check',
        input: { entityRef: '${{ parameters.entityRef }}' },
      },
      {
        id: 'unregister',
        name: 'Remove it from the catalog',
        action: 'groundwork:catalog:unregister',
        input: { entityRef: '${{ steps.check.output.entityRef }}' },
      },
    ],
  },
};

/**
 * catalog:register registers url locations (GitHub); local files stand in
 * for the repositories here, so the catalog takes file locations too.
 */
const fileLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'file-locations',
  register(env) {
    env.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});

const GROUPS = ['payments', 'security', 'platform'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
}));

const preview = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: {
      'github.com/project-slug': `acme/${name}`,
      'groundwork.dev/environments': 'dev',
      ...annotations,
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'group:default/payments',
  },
});

/** What New service's catalog-info.yaml holds: the Component and a Resource. */
const catalogInfo = (name: string, annotations: Record<string, string>) =>
  [
    preview(name, annotations),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: `${name}-database` },
      spec: { type: 'database', owner: 'group:default/payments' },
    },
  ]
    .map(e => yaml.stringify(e))
    .join('---\n');

describe('a teardown removing the catalog entry, in a real backend', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  // One preview comes from app-config's locations, which no API removes.
  const catalog = createTestCatalog([
    ...GROUPS,
    TEMPLATE as any,
    preview('ledger-config', {
      'groundwork.dev/expires-at': '2026-01-01T00:00:00Z',
    }),
  ]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-previews-'));

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleTemplateKind,
        fileLocations,
        scaffolderPlugin,
        groundworkModule,
        ...groundworkPermissionFeatures({
          [MARIA]: ['group:default/payments'],
          [MALLORY]: ['group:default/security'],
          [ADMIN]: ['group:default/platform'],
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            permission: { enabled: true },
            catalog: {
              ...catalog.config,
              rules: [
                {
                  allow: [
                    'Component',
                    'Resource',
                    'Group',
                    'Template',
                    'Location',
                  ],
                },
              ],
            },
            groundwork: {
              environments: [
                { name: 'dev' },
                { name: 'prod', production: true },
              ],
              permissions: { adminGroups: ['group:default/platform'] },
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
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Registers a catalog-info.yaml as catalog:register would, and waits for it. */
  async function register(name: string, annotations: Record<string, string>) {
    const file = path.join(dir, name, 'catalog-info.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, catalogInfo(name, annotations));
    const res = await request(backend.server)
      .post('/api/catalog/locations')
      .set('Authorization', mockCredentials.service.header())
      .send({ type: 'file', target: file });
    expect([res.status, res.body.error]).toEqual([201, undefined]);
    await catalog.ready(backend.server, [
      `component:default/${name}`,
      `resource:default/${name}-database`,
    ]);
    return `file:${file}`;
  }

  const entityExists = async (ref: string) => {
    const [kind, rest] = ref.split(':');
    const res = await request(backend.server)
      .get(`/api/catalog/entities/by-name/${kind}/${rest}`)
      .set('Authorization', mockCredentials.service.header());
    return res.status === 200;
  };

  /** Starts the template as `header` would (a person, or the expiry job) and follows it to its end. */
  async function run(entityRef: string, header: string) {
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', header)
      .send({
        templateRef: 'template:default/check-and-unregister',
        values: { entityRef },
      });
    expect(created.status).toBe(201);
    for (;;) {
      const task = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('Authorization', mockCredentials.service.header());
      if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
        const events = await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
          .set('Authorization', mockCredentials.service.header());
        const log = (events.body as any[])
          .filter(e => e.type === 'log')
          .map(e => String(e.body.message ?? ''));
        return { status: task.body.status as string, log };
      }
      await new Promise(r => setTimeout(r, 100));
    }
  }

  it("lets the expiry job remove an expired preview's location: the Component and its Resource go", async () => {
    const location = await register('ledger-expired', {
      'groundwork.dev/expires-at': '2026-01-01T00:00:00Z',
    });
    const result = await run(
      'component:default/ledger-expired',
      // The expiry job: platform status's own service credentials.
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('plugin:platform-status'),
        targetPluginId: 'scaffolder',
      }),
    );
    expect(result.status).toBe('completed');
    expect(result.log.join('\n')).toContain(
      `Removed the catalog location ${location}: component:default/ledger-expired and the other entities of that file are gone from the catalog.`,
    );
    expect(await entityExists('component:default/ledger-expired')).toBe(false);
    expect(await entityExists('resource:default/ledger-expired-database')).toBe(
      false,
    );
  });

  it('removes nothing in a dry run, and says what it would remove', async () => {
    const location = await register('ledger-dry', {
      'groundwork.dev/expires-at': '2026-01-01T00:00:00Z',
    });
    const res = await request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header(ADMIN))
      .send({
        template: TEMPLATE,
        values: { entityRef: 'component:default/ledger-dry' },
        directoryContents: [],
      });
    expect(res.status).toBe(200);
    const log = (res.body.log as any[]).map(l => String(l.body.message));
    expect(log.join('\n')).toMatch(
      new RegExp(
        `Dry run: would remove the catalog location ${location.replace(
          /[.*+?^${}()|[\]\\]/g,
          '\\$&',
        )} \\(id [0-9a-f-]+\\), and with it component:default/ledger-dry and every other entity of that file\\. Nothing was removed\\.`,
      ),
    );
    expect(await entityExists('component:default/ledger-dry')).toBe(true);
  });

  it('refuses a non-owner before the expiry, and removes nothing', async () => {
    await register('ledger-future', {
      'groundwork.dev/expires-at': '2999-01-01T00:00:00Z',
    });
    const result = await run(
      'component:default/ledger-future',
      mockCredentials.user.header(MALLORY),
    );
    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toContain(
      'component:default/ledger-future is not torn down: it expires at 2999-01-01T00:00:00Z, which has not passed. user:default/mallory may not tear down before its expiry',
    );
    expect(await entityExists('component:default/ledger-future')).toBe(true);
  });

  it('lets its owner remove it early, though the policy lets only administrators delete locations', async () => {
    const result = await run(
      'component:default/ledger-future',
      mockCredentials.user.header(MARIA),
    );
    expect(result.status).toBe('completed');
    expect(await entityExists('component:default/ledger-future')).toBe(false);
  });

  it('refuses a preview with a production environment, whoever asks, and removes nothing', async () => {
    await register('ledger-prod', {
      'groundwork.dev/expires-at': '2026-01-01T00:00:00Z',
      'groundwork.dev/environments': 'dev,prod',
    });
    const result = await run(
      'component:default/ledger-prod',
      mockCredentials.user.header(ADMIN),
    );
    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toContain(
      'declares the production environment prod',
    );
    expect(await entityExists('component:default/ledger-prod')).toBe(true);
  });

  it('refuses a preview from a location the catalog cannot remove (app-config), and leaves it', async () => {
    const result = await run(
      'component:default/ledger-config',
      mockCredentials.user.header(ADMIN),
    );
    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toMatch(
      /component:default\/ledger-config was registered from file:.*entities\.yaml, which is not a location the catalog can remove \(one from app-config, say\); its entry is left\. Remove it from the catalog's configuration\./,
    );
    expect(await entityExists('component:default/ledger-config')).toBe(true);
  });

  it('refuses an entityRef that is not a Component, and removes nothing', async () => {
    const result = await run(
      'group:default/payments',
      mockCredentials.user.header(ADMIN),
    );
    expect(result.status).toBe('failed');
    expect(result.log.join('\n')).toContain(
      'group:default/payments is not a Component',
    );
    expect(await entityExists('group:default/payments')).toBe(true);
  });

  it('has an example that names the check step it follows', () => {
    const [step] = yaml.parse(examples[0].example).steps;
    expect(step).toMatchObject({
      action: 'groundwork:catalog:unregister',
      input: { entityRef: '${{ steps.check.output.entityRef }}' },
    });
  });
});

import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import type {
  EntityStatusResponse,
  OverviewRow,
} from '@groundwork/plugin-platform-status-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import { platformStatusPlugin } from '../plugin';
import { environmentsConfig, report } from '../__testUtils__/fixtures';
import { setTimeout as sleep } from 'node:timers/promises';

jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

// Longer than the 255 characters of the varchar(255) PostgreSQL held it in.
// (The catalog itself keeps relation refs, so owner and system, in 255
// characters on PostgreSQL; StatusStore.test.ts covers every column.)
const TITLE = `Ledger ${'and reconciliation '.repeat(16)}`.slice(0, 300);

const ENTITY = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ledger-api',
    title: TITLE,
    annotations: { 'groundwork.dev/environments': 'dev,prod' },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments',
    system: 'finance',
  },
};

describe('catalog strings of any length', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-long-strings-'));
    fs.writeFileSync(path.join(dir, 'entities.yaml'), yaml.stringify(ENTITY));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(databases.eachSupportedId())(
    'mirrors an entity with a 300-character title through the catalog sync, on %p',
    async databaseId => {
      expect(TITLE).toHaveLength(300);
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          catalogPlugin,
          platformStatusPlugin,
          mockServices.database.factory({ knex }),
          schedulerServiceFactory,
          mockServices.rootConfig.factory({
            data: {
              ...environmentsConfig,
              catalog: {
                rules: [{ allow: ['Component'] }],
                locations: [
                  { type: 'file', target: path.join(dir, 'entities.yaml') },
                ],
              },
              platformStatus: {
                catalogSync: {
                  schedule: {
                    frequency: { seconds: 1 },
                    timeout: { seconds: 30 },
                  },
                },
              },
            },
          }),
        ],
      });
      const { server } = backend;
      try {
        // The real catalog ingests the file, then platform status's catalog
        // sync mirrors the entity: the overview lists only mirrored ones.
        let rows: OverviewRow[] = [];
        const deadline = Date.now() + 30_000;
        while (rows.length < 2) {
          if (Date.now() > deadline) {
            throw new Error(
              'the catalog sync never mirrored the entity; see the log for its error',
            );
          }
          await sleep(250);
          const res = await request(server)
            .get('/api/platform-status/overview?sort=name')
            .set('authorization', mockCredentials.user.header());
          expect(res.status).toBe(200);
          rows = res.body.items;
        }
        expect(rows[0]).toMatchObject({
          entityRef: 'component:default/ledger-api',
          title: TITLE,
          owner: 'group:default/payments',
          system: 'system:default/finance',
        });

        const posted = await request(server)
          .post('/api/platform-status/reports/infrastructure')
          .set(
            'authorization',
            mockCredentials.service.header({
              onBehalfOf: mockCredentials.service('plugin:platform-status'),
              targetPluginId: 'platform-status',
            }),
          )
          .send(report({ entityRef: 'component:default/ledger-api' }));
        expect(posted.status).toBe(201);

        const res = await request(server)
          .get('/api/platform-status/entities/component/default/ledger-api')
          .set('authorization', mockCredentials.user.header());
        expect(res.status).toBe(200);
        const body = res.body as EntityStatusResponse;
        expect(body.environments.map(e => e.name)).toEqual(['dev', 'prod']);
        expect(body.environments[1].infrastructure).toMatchObject({
          state: 'ok',
          result: 'applied',
        });
        const overview = await request(server)
          .get('/api/platform-status/overview?environment=prod')
          .set('authorization', mockCredentials.user.header());
        expect(overview.body.items).toEqual([
          expect.objectContaining({
            title: TITLE,
            infrastructureResult: 'applied',
          }),
        ]);
      } finally {
        await backend.stop();
      }
    },
  );
});

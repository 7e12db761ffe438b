import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { mirrorEntity } from '../../catalog/entitySettings';
import { StatusService } from '../../status/StatusService';
import type { DriftRecord } from '../../status/types';
import { component, environments } from '../../__testUtils__/fixtures';
import { KnexStatusStore } from './KnexStatusStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const REF = 'component:default/payments-api';

const payments = mirrorEntity(
  component('payments-api', {
    annotations: {
      'groundwork.dev/terraform-state':
        'dev=s3://acme-tfstate/payments-api/dev.tfstate,prod=hcp:acme/payments-api-prod',
    },
  }),
  environments,
);

function drifted(overrides: Partial<DriftRecord> = {}): DriftRecord {
  return {
    entityRef: REF,
    environment: 'prod',
    stateLocation: 'hcp:acme/payments-api-prod',
    source: 'hcp-assessment',
    result: 'drifted',
    resources: [
      {
        address: 'aws_s3_bucket.assets',
        action: 'update',
        attributes: ['tags.owner', 'versioning[0].enabled'],
      },
    ],
    url: 'https://app.terraform.io/app/acme/workspaces/payments-api-prod/health',
    checkedAt: '2026-12-07T10:00:00.000Z',
    ...overrides,
  };
}

async function setup(id: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(id);
  const store = await KnexStatusStore.create({
    database: { getClient: async () => knex, migrations: { skip: false } },
  });
  const service = new StatusService({
    store,
    environments,
    trendPoints: 3,
    argocd: { instances: [] },
    driftSources: [
      { id: 'hcp-assessment', covers: l => l.startsWith('hcp:') },
      { id: 'cli-refresh-only', covers: l => l.startsWith('s3://') },
    ],
    logger: mockServices.logger.mock(),
  });
  await store.upsertEntities([payments], '2026-12-07T09:00:00.000Z');
  return { knex, store, service };
}

describe.each(databases.eachSupportedId())('drift checks on %p', id => {
  it('keeps the last check per environment and shows it in the status and the portfolio', async () => {
    const { store, service } = await setup(id);
    await service.recordDrift(
      drifted({ result: 'in-sync', resources: [], url: undefined }),
    );
    // A later check replaces the earlier one.
    await service.recordDrift(drifted());
    await service.recordDrift(
      drifted({
        environment: 'dev',
        stateLocation: 's3://acme-tfstate/payments-api/dev.tfstate',
        source: 'cli-refresh-only',
        result: 'unknown',
        resources: [],
        url: undefined,
        reason:
          'terraform plan failed (exit 1): Error: No valid credential sources found',
      }),
    );

    const stored = await store.readDrift([REF]);
    expect(stored.get(REF)).toHaveLength(2);

    const found = await service.getEntityStatus(REF);
    const byName = Object.fromEntries(
      found!.status.environments.map(e => [e.name, e.drift]),
    );
    expect(byName.prod).toEqual({
      state: 'ok',
      result: 'drifted',
      source: 'hcp-assessment',
      stateLocation: 'hcp:acme/payments-api-prod',
      resources: drifted().resources,
      checkedAt: '2026-12-07T10:00:00.000Z',
      url: drifted().url,
      reason: undefined,
    });
    expect(byName.dev).toMatchObject({
      state: 'ok',
      result: 'unknown',
      reason: expect.stringContaining('No valid credential sources'),
    });
    // No state location for staging: drift is not configured, not passing.
    expect(byName.staging).toEqual({ state: 'not-configured', resources: [] });

    // The serialized body (the route's path) carries it too.
    const body = JSON.parse((await service.getEntityStatusJson(REF))!.json);
    expect(
      body.environments.find((e: any) => e.name === 'prod').drift.result,
    ).toBe('drifted');

    await service.refreshOverview([REF]);
    const { items } = await store.queryOverview({
      sort: 'name',
      order: 'asc',
      offset: 0,
      limit: 10,
    });
    expect(
      Object.fromEntries(items.map(r => [r.environment, r.driftResult])),
    ).toEqual({ dev: 'unknown', staging: undefined, prod: 'drifted' });

    const times = await service.driftCheckedTimes();
    expect(times.get(`${REF}\u0000prod`)).toBe('2026-12-07T10:00:00.000Z');
  });

  it('ignores a check of a state location the entity no longer names, and prunes removed entities', async () => {
    const { store, service } = await setup(id);
    await service.recordDrift(
      drifted({ stateLocation: 'hcp:acme/payments-api-old' }),
    );
    const found = await service.getEntityStatus(REF);
    expect(
      found!.status.environments.find(e => e.name === 'prod')!.drift,
    ).toEqual({
      state: 'no-data',
      source: 'hcp-assessment',
      stateLocation: 'hcp:acme/payments-api-prod',
      resources: [],
    });

    await store.deleteEntitiesSyncedBefore('2026-12-08T00:00:00.000Z');
    expect(await service.pruneDrift()).toBe(1);
    expect((await store.readDrift([REF])).size).toBe(0);
  });
});

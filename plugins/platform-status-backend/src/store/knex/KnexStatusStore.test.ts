import { TestDatabases } from '@backstage/backend-test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { mirrorEntity } from '../../catalog/entitySettings';
import { StatusService } from '../../status/StatusService';
import { component, environments, report } from '../../__testUtils__/fixtures';
import type { OverviewRow } from '@groundwork/plugin-platform-status-common';
import { OverviewQuery, OverviewRecord } from '../StatusStore';
import { KnexStatusStore } from './KnexStatusStore';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { conditionsToSql } from '../../permissions/conditionsToSql';

const authorize = createConditionAuthorizer(Object.values(permissionRules));

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const query = (q: Partial<OverviewQuery> = {}): OverviewQuery => ({
  sort: 'cost',
  order: 'desc',
  offset: 0,
  limit: 50,
  ...q,
});

/** The store, and the service that computes what it writes. */
async function setup(id: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(id);
  const store = await KnexStatusStore.create({
    database: { getClient: async () => knex, migrations: { skip: false } },
  });
  const service = new StatusService({
    store,
    environments,
    trendPoints: 3,
    argocd: { instances: ['nonprod', 'prod'] },
    logger: mockServices.logger.mock(),
  });
  return { store, service };
}

describe.each(databases.eachSupportedId())('KnexStatusStore on %p', id => {
  it('keeps the latest run per entity and environment, ignores older ones, bounds the trend', async () => {
    const { store, service } = await setup(id);
    await store.upsertEntities(
      [mirrorEntity(component('payments-api'), environments)],
      '2026-11-20T00:00:00.000Z',
    );
    await service.recordInfrastructureRun(report());
    // Same run reported again: replaces, does not add a trend point.
    await service.recordInfrastructureRun(report({ resourceCount: 13 }));
    // A run that finished earlier arrives late: history only.
    await service.recordInfrastructureRun(
      report({
        runId: 'task-0',
        finishedAt: '2026-11-19T10:00:00.000Z',
        startedAt: '2026-11-19T09:59:00.000Z',
      }),
    );
    let found = await store.readEntity('component:default/payments-api');
    const infra = found!.snapshots.find(s => s.source === 'infrastructure')!;
    expect(infra.asOf).toBe('2026-11-20T10:05:00.000Z');
    expect((infra.data as any).run).toMatchObject({
      runId: 'task-1/step-apply',
      resourceCount: 13,
    });
    expect((infra.data as any).trend).toEqual([
      { at: '2026-11-20T10:05:00.000Z', estimatedMonthly: 1000 },
    ]);

    for (let day = 21; day <= 25; day++) {
      await service.recordInfrastructureRun(
        report({
          runId: `run-${day}`,
          startedAt: `2026-11-${day}T10:00:00.000Z`,
          finishedAt: `2026-11-${day}T10:05:00.000Z`,
        }),
      );
    }
    found = await store.readEntity('component:default/payments-api');
    const trend = (
      found!.snapshots.find(s => s.source === 'infrastructure')!.data as any
    ).trend;
    expect(trend.map((p: any) => p.at.slice(8, 10))).toEqual([
      '23',
      '24',
      '25',
    ]);
    const history = await store.readHistory('component:default/payments-api');
    expect(history).toHaveLength(8);
    expect(await store.pruneHistory('2026-11-22T00:00:00.000Z')).toBe(4);
  });

  it('keeps compliance of the last planned run when a run fails before planning', async () => {
    const { store, service } = await setup(id);
    await store.upsertEntities(
      [mirrorEntity(component('payments-api'), environments)],
      '2026-11-20T00:00:00.000Z',
    );
    await service.recordInfrastructureRun(report());
    await service.recordInfrastructureRun(
      report({
        runId: 'run-2',
        result: 'failed',
        message: 'terraform init failed: backend bucket not found',
        startedAt: '2026-11-21T10:00:00.000Z',
        finishedAt: '2026-11-21T10:01:00.000Z',
        findings: [],
        cost: undefined,
      }),
    );
    const found = await store.readEntity('component:default/payments-api');
    const data = found!.snapshots[0].data as any;
    expect(data.run).toMatchObject({ runId: 'run-2', result: 'failed' });
    expect(data.evaluation).toMatchObject({
      runId: 'task-1/step-apply',
      compliance: { score: 95 },
    });
  });

  it('replaces one Argo CD instance’s apps without touching another’s', async () => {
    const { store, service } = await setup(id);
    const app = (name: string, instance: string, sync = 'Synced') => ({
      instance,
      appName: name,
      syncStatus: sync,
      healthStatus: 'Healthy',
    });
    await service.recordDelivery(
      'nonprod',
      [
        {
          entityRef: 'component:default/a',
          environment: 'dev',
          data: app('a-dev', 'nonprod'),
        },
        {
          entityRef: 'component:default/b',
          environment: 'dev',
          data: app('b-dev', 'nonprod'),
        },
      ],
      '2026-11-20T10:00:00.000Z',
    );
    await service.recordDelivery(
      'prod',
      [
        {
          entityRef: 'component:default/a',
          environment: 'prod',
          data: app('a', 'prod'),
        },
      ],
      '2026-11-20T10:00:00.000Z',
    );
    // Next cycle on nonprod: a unchanged, b gone.
    const touched = await service.recordDelivery(
      'nonprod',
      [
        {
          entityRef: 'component:default/a',
          environment: 'dev',
          data: app('a-dev', 'nonprod'),
        },
      ],
      '2026-11-20T10:02:00.000Z',
    );
    expect(touched).toEqual(['component:default/b']);
    const snapshots = await store.readSnapshots([
      'component:default/a',
      'component:default/b',
    ]);
    expect(snapshots.get('component:default/b')).toBeUndefined();
    expect(
      snapshots
        .get('component:default/a')!
        .map(s => [s.environment, s.asOf])
        .sort(),
    ).toEqual([
      ['dev', '2026-11-20T10:00:00.000Z'],
      ['prod', '2026-11-20T10:00:00.000Z'],
    ]);
  });

  it('pages, filters and sorts the overview with unknown values last', async () => {
    const { store, service } = await setup(id);
    const entities = [
      component('cheap', { owner: 'growth', system: 'growth-engine' }),
      component('pricey', { owner: 'payments', system: 'payments-platform' }),
      component('unknown', { owner: 'payments' }),
    ];
    await store.upsertEntities(
      entities.map(e => mirrorEntity(e, environments)),
      '2026-11-20T00:00:00.000Z',
    );
    await service.recordInfrastructureRun(
      report({ entityRef: 'component:default/cheap', environment: 'dev' }),
    );
    await service.recordInfrastructureRun(
      report({
        entityRef: 'component:default/pricey',
        environment: 'dev',
        cost: { ...report().cost!, monthlyAfter: 4000 },
        compliance: { ...report().compliance, score: 40 },
      }),
    );
    await service.refreshOverview(
      entities.map(e => `component:default/${e.metadata.name}`),
    );

    const byCost = await store.queryOverview(
      query({ environment: ['dev'], limit: 2 }),
    );
    expect(byCost.totalCount).toBe(3);
    expect(byCost.items.map(r => [r.entityRef, r.estimatedMonthly])).toEqual([
      ['component:default/pricey', 4000],
      ['component:default/cheap', 1000],
    ]);
    expect(byCost.items[0]).toMatchObject({
      owner: 'group:default/payments',
      system: 'system:default/payments-platform',
      budgetMonthly: 500,
      budgetUsed: 8,
      complianceScore: 40,
      failed: { critical: 0, high: 1, medium: 0, low: 0 },
    });
    const page2 = await store.queryOverview(
      query({ environment: ['dev'], limit: 2, offset: 2 }),
    );
    expect(page2.items.map(r => [r.entityRef, r.estimatedMonthly])).toEqual([
      ['component:default/unknown', null],
    ]);

    const worst = await store.queryOverview(
      query({ sort: 'compliance', order: 'asc', environment: ['dev'] }),
    );
    expect(worst.items.map(r => r.complianceScore)).toEqual([40, 95, null]);

    const growth = await store.queryOverview(
      query({ owner: ['group:default/growth'] }),
    );
    expect(growth.totalCount).toBe(3);
    expect(new Set(growth.items.map(r => r.entityRef))).toEqual(
      new Set(['component:default/cheap']),
    );
    // dev has an estimate; the ties without one break the way the sort goes.
    expect(growth.items.map(r => r.environment)).toEqual([
      'dev',
      'prod',
      'staging',
    ]);

    const filtered = await store.queryOverviewFiltered(
      query({ environment: ['dev'] }),
      ref => ref !== 'component:default/pricey',
    );
    expect(filtered.totalCount).toBe(2);
    expect(filtered.items.map(r => r.entityRef)).toEqual([
      'component:default/cheap',
      'component:default/unknown',
    ]);
  });

  it('filters by read conditions in SQL exactly as the catalog rules do row by row', async () => {
    const { store, service } = await setup(id);
    const entities = [
      component('a', { owner: 'payments' }),
      component('b', { owner: 'growth' }),
      { ...component('c', { owner: 'growth' }), kind: 'Resource' },
      component('d', { owner: 'security' }),
    ];
    await store.upsertEntities(
      entities.map(e => mirrorEntity(e, environments)),
      '2026-11-20T00:00:00.000Z',
    );
    await service.refreshOverview(
      entities.map(e => mirrorEntity(e, environments).entityRef),
    );
    const byRef = new Map(
      entities.map(e => [mirrorEntity(e, environments).entityRef, e]),
    );
    const owner = (claims: string[]) => ({
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params: { claims },
    });
    const kind = (kinds: string[]) => ({
      rule: 'IS_ENTITY_KIND',
      resourceType: 'catalog-entity',
      params: { kinds },
    });
    const cases = [
      owner(['group:default/growth']),
      { anyOf: [owner(['group:default/payments']), kind(['Resource'])] },
      { allOf: [owner(['group:default/growth']), { not: kind(['resource']) }] },
    ];
    for (const conditions of cases) {
      const decision = {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions,
      } as any;
      const sql = await store.queryOverview(
        query({ sort: 'name', order: 'asc' }),
        {
          filter: conditionsToSql(conditions)!,
          signature: JSON.stringify(conditions),
        },
      );
      const rows = await store.queryOverviewFiltered(
        query({ sort: 'name', order: 'asc' }),
        ref => authorize(decision, byRef.get(ref)!),
      );
      expect(sql).toEqual(rows);
      expect(sql.totalCount).toBeGreaterThan(0);
    }
    expect(conditionsToSql({ rule: 'HAS_ANNOTATION', params: {} })).toBe(
      undefined,
    );
  });

  it('rolls the portfolio up per environment in SQL exactly as row by row', async () => {
    const { store } = await setup(id);
    const row = (
      name: string,
      environment: string,
      order: number,
      fields: Partial<OverviewRow>,
    ): OverviewRecord => ({
      row: {
        entityRef: `component:default/${name}`,
        kind: 'component',
        owner: `group:default/${name === 'ledger' ? 'finance' : 'payments'}`,
        environment,
        estimatedMonthly: null,
        actualMonthToDate: null,
        budgetMonthly: null,
        budgetUsed: null,
        complianceScore: null,
        failed: { critical: 0, high: 0, medium: 0, low: 0 },
        asOf: null,
        ...fields,
      },
      order,
      name,
      projectedMonthly: fields.estimatedMonthly ?? null,
    });
    const records = [
      row('api', 'dev', 0, {
        healthStatus: 'Degraded',
        estimatedMonthly: 120,
        budgetMonthly: 100,
        budgetUsed: 1.2,
      }),
      row('web', 'dev', 0, {
        healthStatus: 'Healthy',
        estimatedMonthly: 30,
        budgetMonthly: 100,
        budgetUsed: 0.3,
      }),
      row('api', 'prod', 2, {
        infrastructureResult: 'failed',
        failed: { critical: 2, high: 0, medium: 0, low: 0 },
        actualMonthToDate: 50,
      }),
      row('web', 'prod', 2, { healthStatus: 'Missing', budgetUsed: 1 }),
      row('ledger', 'prod', 2, {
        estimatedMonthly: 999,
        driftResult: 'drifted',
      }),
    ];
    const refs = [...new Set(records.map(r => r.row.entityRef))];
    await store.replaceOverview(refs, records);

    const payments = await store.rollupOverview({
      owner: ['group:default/payments'],
    });
    expect(payments).toEqual([
      {
        environment: 'dev',
        entities: 2,
        estimatedMonthly: 150,
        actualMonthToDate: null,
        budgetMonthly: 200,
        needsAttention: 1,
        degraded: 1,
        drifted: 0,
        infrastructureFailed: 0,
        withCriticalFindings: 0,
        overBudget: 1,
      },
      {
        environment: 'prod',
        entities: 2,
        estimatedMonthly: null,
        actualMonthToDate: 50,
        budgetMonthly: null,
        needsAttention: 2,
        degraded: 1,
        drifted: 0,
        infrastructureFailed: 1,
        withCriticalFindings: 1,
        overBudget: 0,
      },
    ]);
    // The same figures from the rows, for callers whose conditions are not SQL.
    expect(
      await store.rollupOverviewFiltered(
        { owner: ['group:default/payments'] },
        () => true,
      ),
    ).toEqual(payments);
    const withoutApi = await store.rollupOverviewFiltered(
      {},
      ref => ref !== 'component:default/api',
    );
    expect(withoutApi.map(e => [e.environment, e.entities])).toEqual([
      ['dev', 1],
      ['prod', 2],
    ]);
    // web (Missing) and ledger (drifted) need attention in prod.
    expect(withoutApi[1]).toMatchObject({
      estimatedMonthly: 999,
      needsAttention: 2,
      drifted: 1,
    });
    const all = await store.rollupOverview({});
    expect(all[1]).toMatchObject({ needsAttention: 3, drifted: 1 });
    expect(await store.rollupOverviewFiltered({}, () => true)).toEqual(all);
  });

  it('lets one refresh per interval through, across callers', async () => {
    const { store } = await setup(id);
    const t0 = new Date('2026-11-20T10:00:00.000Z');
    expect(await store.claimRefresh('component:default/a', t0, 60)).toEqual({
      ok: true,
      retryAfterSeconds: 0,
    });
    const again = await store.claimRefresh(
      'component:default/a',
      new Date(t0.getTime() + 15_000),
      60,
    );
    expect(again).toEqual({ ok: false, retryAfterSeconds: 45 });
    expect((await store.claimRefresh('component:default/b', t0, 60)).ok).toBe(
      true,
    );
    expect(
      (
        await store.claimRefresh(
          'component:default/a',
          new Date(t0.getTime() + 60_000),
          60,
        )
      ).ok,
    ).toBe(true);
  });

  it('holds catalog strings of any length in every column that mirrors them', async () => {
    const { store, service } = await setup(id);
    // The default catalog validators stop kind, namespace and name at 63
    // characters; an adopter's validators may not, and the catalog bounds
    // neither titles nor the refs in spec.owner and spec.system.
    const long = (prefix: string) => `${prefix}${'x'.repeat(300)}`;
    const namespace = long('ns-');
    const name = long('svc-');
    const owner = `group:default/${long('team-')}`;
    const system = `system:default/${long('sys-')}`;
    const entity = component(name, { namespace });
    entity.kind = long('Kind');
    entity.metadata.title = long('Title ');
    entity.relations = [
      { type: 'ownedBy', targetRef: owner },
      { type: 'partOf', targetRef: system },
    ];
    const mirrored = mirrorEntity(entity, environments);
    const ref = mirrored.entityRef;
    expect(ref.length).toBeGreaterThan(900);

    await store.upsertEntities([mirrored], '2026-11-20T00:00:00.000Z');
    await service.recordInfrastructureRun(report({ entityRef: ref }));
    await service.refreshOverview([ref]);
    expect(await store.claimRefresh(ref, new Date(), 60)).toMatchObject({
      ok: true,
    });

    const found = await store.readEntity(ref);
    expect(found!.entity).toMatchObject({
      entityRef: ref,
      namespace,
      name,
      title: entity.metadata.title,
      owner,
      system,
    });
    expect(await store.readHistory(ref)).toHaveLength(1);
    const { items } = await store.queryOverview(
      query({ owner: [owner], system: [system], environment: ['prod'] }),
    );
    expect(items).toEqual([
      expect.objectContaining({
        entityRef: ref,
        title: entity.metadata.title,
        owner,
        system,
        infrastructureResult: 'applied',
      }),
    ]);
    const readable = conditionsToSql({
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params: { claims: [owner] },
    });
    expect(
      (
        await store.queryOverview(query(), {
          filter: readable!,
          signature: 'o',
        })
      ).totalCount,
    ).toBe(3);
  });
});

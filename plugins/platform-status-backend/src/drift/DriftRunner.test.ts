import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type {
  DriftSource,
  DriftTarget,
} from '@groundwork/plugin-platform-status-node';
import { mirrorEntity } from '../catalog/entitySettings';
import { StatusService } from '../status/StatusService';
import { KnexStatusStore } from '../store/knex/KnexStatusStore';
import { component, environments } from '../__testUtils__/fixtures';
import { DriftRunner } from './DriftRunner';
import { readDriftSettings } from './config';
import { ConfigReader } from '@backstage/config';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const entities = ['payments-api', 'ledger-api', 'search-api'].map(name =>
  mirrorEntity(
    component(name, {
      annotations: {
        'groundwork.dev/terraform-state': `dev=s3://acme-tfstate/${name}/dev.tfstate,staging=gcs://elsewhere/${name},prod=hcp:acme/${name}-prod`,
      },
    }),
    environments,
  ),
);

/** A source that answers from a table, and counts how many run at once. */
function fakeSource(
  id: DriftSource['id'],
  prefix: string,
  answer: (t: DriftTarget) => 'in-sync' | 'drifted' | 'throw',
) {
  const seen: DriftTarget[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const source: DriftSource = {
    id,
    covers: l => l.startsWith(prefix),
    async check(target) {
      seen.push(target);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise(r => setTimeout(r, 5));
      inFlight--;
      const a = answer(target);
      if (a === 'throw') throw new Error('HCP Terraform could not be reached');
      return a === 'drifted'
        ? {
            result: 'drifted',
            resources: [
              {
                address: 'aws_s3_bucket.this',
                action: 'update',
                attributes: ['tags.owner'],
              },
            ],
          }
        : { result: 'in-sync', resources: [] };
    },
  };
  return { source, seen, maxInFlight: () => maxInFlight };
}

async function setup(sources: DriftSource[], config: object = {}) {
  const knex = await databases.init('SQLITE_3');
  const store = await KnexStatusStore.create({
    database: { getClient: async () => knex, migrations: { skip: false } },
  });
  const service = new StatusService({
    store,
    environments,
    trendPoints: 3,
    argocd: { instances: [] },
    driftSources: sources,
    logger: mockServices.logger.mock(),
  });
  await service.mirrorEntities(entities, '2026-12-07T09:00:00.000Z');
  const runner = new DriftRunner({
    sources,
    service,
    settings: readDriftSettings(
      new ConfigReader({ platformStatus: { drift: config } }),
    ),
    logger: mockServices.logger.mock(),
    jitter: () => 1,
  });
  return { service, store, runner };
}

describe('DriftRunner', () => {
  it('checks every covered environment with its source, at most `concurrency` at a time, and records a throw as unknown', async () => {
    const hcp = fakeSource('hcp-assessment', 'hcp:', t =>
      t.entityRef.includes('ledger') ? 'throw' : 'drifted',
    );
    const cli = fakeSource('cli-refresh-only', 's3://', () => 'in-sync');
    const { service, store, runner } = await setup([hcp.source, cli.source], {
      concurrency: 2,
    });
    await runner.run();

    // gcs:// is covered by neither: never checked, shown as not configured.
    expect(hcp.seen.map(t => t.environment)).toEqual(['prod', 'prod', 'prod']);
    expect(cli.seen.map(t => t.stateLocation).sort()).toEqual([
      's3://acme-tfstate/ledger-api/dev.tfstate',
      's3://acme-tfstate/payments-api/dev.tfstate',
      's3://acme-tfstate/search-api/dev.tfstate',
    ]);
    expect(Math.max(hcp.maxInFlight(), cli.maxInFlight())).toBeLessThanOrEqual(
      2,
    );

    const ledger = await service.getEntityStatus(
      'component:default/ledger-api',
    );
    const byName = Object.fromEntries(
      ledger!.status.environments.map(e => [e.name, e.drift]),
    );
    expect(byName.prod).toMatchObject({
      state: 'ok',
      result: 'unknown',
      source: 'hcp-assessment',
      reason: 'The drift check failed: HCP Terraform could not be reached',
      resources: [],
    });
    expect(byName.dev).toMatchObject({ state: 'ok', result: 'in-sync' });
    expect(byName.staging).toEqual({
      state: 'not-configured',
      stateLocation: 'gcs://elsewhere/ledger-api',
      resources: [],
    });

    // The portfolio rows were refreshed once for the cycle.
    const { items } = await store.queryOverview({
      sort: 'name',
      order: 'asc',
      offset: 0,
      limit: 50,
      environment: ['prod'],
    });
    expect(items.map(r => [r.entityRef, r.driftResult])).toEqual([
      ['component:default/ledger-api', 'unknown'],
      ['component:default/payments-api', 'drifted'],
      ['component:default/search-api', 'drifted'],
    ]);
  });

  it('never checks with a source installed switched off, and shows its reason on what it covers', async () => {
    const off = fakeSource('cli-refresh-only', 's3://', () => 'in-sync');
    const disabled: DriftSource = {
      ...off.source,
      disabledReason: 'Turn it on with platformStatus.drift.cli.enabled.',
    };
    const hcp = fakeSource('hcp-assessment', 'hcp:', () => 'in-sync');
    // An enabled source after a disabled one that covers the same location checks it.
    const later = fakeSource(
      'cli-refresh-only',
      's3://acme-tfstate/search-api/',
      () => 'drifted',
    );
    const { service, runner } = await setup([
      disabled,
      hcp.source,
      later.source,
    ]);
    expect(
      (await runner.targets()).map(t => [t.stateLocation, t.source.id]).sort(),
    ).toEqual([
      ['hcp:acme/ledger-api-prod', 'hcp-assessment'],
      ['hcp:acme/payments-api-prod', 'hcp-assessment'],
      ['hcp:acme/search-api-prod', 'hcp-assessment'],
      ['s3://acme-tfstate/search-api/dev.tfstate', 'cli-refresh-only'],
    ]);
    await runner.run();
    expect(off.seen).toEqual([]);
    expect(later.seen.map(t => t.entityRef)).toEqual([
      'component:default/search-api',
    ]);
    const drift = async (name: string, env: string) =>
      (await service.getEntityStatus(
        `component:default/${name}`,
      ))!.status.environments.find(e => e.name === env)!.drift;
    expect(await drift('ledger-api', 'dev')).toEqual({
      state: 'not-configured',
      stateLocation: 's3://acme-tfstate/ledger-api/dev.tfstate',
      resources: [],
      reason: 'Turn it on with platformStatus.drift.cli.enabled.',
    });
    expect(await drift('search-api', 'dev')).toMatchObject({
      state: 'ok',
      result: 'drifted',
    });
    // Covered by no source at all: not configured, with no reason to give.
    expect(await drift('ledger-api', 'staging')).toEqual({
      state: 'not-configured',
      stateLocation: 'gcs://elsewhere/ledger-api',
      resources: [],
    });
  });

  it('checks the least recently checked first, up to maxChecksPerCycle', async () => {
    const hcp = fakeSource('hcp-assessment', 'hcp:', () => 'in-sync');
    const { runner } = await setup([hcp.source], {
      concurrency: 1,
      maxChecksPerCycle: 2,
    });
    await runner.run();
    const first = hcp.seen.map(t => t.entityRef);
    expect(first).toHaveLength(2);
    hcp.seen.length = 0;
    await runner.run();
    // The one left out comes first, then the oldest of the others.
    const left = ['payments-api', 'ledger-api', 'search-api']
      .map(n => `component:default/${n}`)
      .find(ref => !first.includes(ref));
    expect(hcp.seen.map(t => t.entityRef)).toEqual([left, first[0]]);
  });

  it('stops taking checks once the scheduler aborts the cycle', async () => {
    const hcp = fakeSource('hcp-assessment', 'hcp:', () => 'in-sync');
    const { runner } = await setup([hcp.source], { concurrency: 1 });
    const controller = new AbortController();
    controller.abort();
    await runner.run(controller.signal);
    expect(hcp.seen).toEqual([]);
  });

  it('refuses a concurrency below 1', () => {
    expect(() =>
      readDriftSettings(
        new ConfigReader({ platformStatus: { drift: { concurrency: 0 } } }),
      ),
    ).toThrow(
      'platformStatus.drift.concurrency must be a whole number of at least 1, got 0.',
    );
  });
});

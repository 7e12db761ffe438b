import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { PriceSnapshot } from '@groundwork/governance';
import { readPricesConfig } from './config';
import { PriceRefresher, PRICE_REFRESH_TASK } from './refresh';
import { PriceSnapshotStore } from './store';
import { setUpLivePrices } from '.';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const snapshot = (
  provider: PriceSnapshot['provider'],
  fetchedAt: string,
  price = 0.02,
): PriceSnapshot => {
  const source = {
    aws: 'aws-price-list-api',
    azure: 'azure-retail-prices',
    gcp: 'gcp-cloud-billing-catalog',
  }[provider] as PriceSnapshot['source'];
  const region = { aws: 'us-east-1', azure: 'eastus', gcp: 'us-central1' }[
    provider
  ];
  const field = { aws: 'ec2', azure: 'vms', gcp: 'machines' }[provider];
  const type = { aws: 't3.micro', azure: 'Standard_B2s', gcp: 'e2-micro' }[
    provider
  ];
  const overrides = {
    [provider]: { [region]: { [field]: { [type]: price } } },
  };
  return { provider, regions: [region], fetchedAt, source, overrides };
};

const PRICES = readPricesConfig(
  new ConfigReader({
    groundwork: { prices: { live: true, regions: { aws: ['us-east-1'] } } },
  }),
);

describe.each(databases.eachSupportedId())('price snapshots on %p', id => {
  let store: PriceSnapshotStore;
  let knex: Awaited<ReturnType<typeof databases.init>>;
  beforeEach(async () => {
    knex = await databases.init(id);
    store = await PriceSnapshotStore.create({ getClient: async () => knex });
  });

  it('keeps snapshots with their date and returns the newest per provider', async () => {
    await store.save(snapshot('aws', '2026-12-01T00:00:00.000Z', 0.5));
    await store.save(snapshot('aws', '2026-12-06T00:00:00.000Z', 0.03));
    await store.save(snapshot('aws', '2026-12-03T00:00:00.000Z', 0.9));
    await store.save(snapshot('gcp', '2026-12-02T00:00:00.000Z'));
    const newest = await store.newest();
    expect(newest.map(s => [s.provider, s.fetchedAt])).toEqual([
      ['aws', '2026-12-06T00:00:00.000Z'],
      ['gcp', '2026-12-02T00:00:00.000Z'],
    ]);
    expect(newest[0].overrides).toEqual({
      aws: { 'us-east-1': { ec2: { 't3.micro': 0.03 } } },
    });
    const rows = await knex('groundwork_price_snapshots')
      .where({ provider: 'aws' })
      .select('regions', 'source');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      regions: 'us-east-1',
      source: 'aws-price-list-api',
    });
  });

  it('skips a row whose body is not a snapshot, and keeps ten per provider', async () => {
    for (let day = 1; day <= 12; day++)
      await store.save(
        snapshot(
          'azure',
          `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`,
        ),
      );
    const count = await knex('groundwork_price_snapshots').where({
      provider: 'azure',
    });
    expect(count).toHaveLength(10);
    await knex('groundwork_price_snapshots').insert({
      provider: 'azure',
      regions: 'eastus',
      fetched_at: new Date('2026-12-01T00:00:00Z'),
      source: 'azure-retail-prices',
      body: '{"not": "a snapshot"',
    });
    const [azure] = await store.newest();
    expect(azure.fetchedAt).toBe('2026-11-12T00:00:00.000Z');
  });

  it('lets exactly one of two replicas run a refresh', async () => {
    const fetches: string[] = [];
    const fetchers = {
      aws: async (_needs: unknown, now: Date) => {
        fetches.push('aws');
        await new Promise(r => setTimeout(r, 20));
        return snapshot('aws', now.toISOString());
      },
    };
    const logger = mockServices.logger.mock();
    // Two replicas: their own store objects on the one database.
    const other = await PriceSnapshotStore.create({
      getClient: async () => knex,
    });
    const replicas = [store, other].map(
      s => new PriceRefresher({ prices: PRICES, store: s, logger, fetchers }),
    );
    const now = new Date('2026-12-07T10:00:00Z');
    const results = await Promise.all(replicas.map(r => r.run(now)));
    expect(fetches).toEqual(['aws']);
    expect(results.filter(r => r !== undefined)).toHaveLength(1);
    expect(await store.newest()).toHaveLength(1);
    // Within the interval nobody runs again; after it, one does.
    expect(
      await replicas[1].run(new Date('2026-12-07T10:00:30Z')),
    ).toBeUndefined();
    expect(
      await replicas[1].run(new Date('2026-12-07T11:00:00Z')),
    ).toHaveLength(1);
    expect(fetches).toEqual(['aws', 'aws']);
  });

  it('keeps the previous snapshot when a refresh fails, and logs no secret', async () => {
    await store.save(snapshot('aws', '2026-12-01T00:00:00.000Z'));
    const logger = mockServices.logger.mock();
    const refresher = new PriceRefresher({
      prices: PRICES,
      store,
      logger,
      fetchers: {
        aws: async () => {
          throw new Error(
            'fetch failed for https://cloudbilling.googleapis.com/v1/services/x/skus?key=AIzaSECRET&currencyCode=USD',
          );
        },
      },
    });
    expect(await refresher.run(new Date('2026-12-07T00:00:00Z'))).toEqual([]);
    expect((await store.newest())[0].fetchedAt).toBe(
      '2026-12-01T00:00:00.000Z',
    );
    const logged = JSON.stringify(logger.warn.mock.calls);
    expect(logged).toContain('key=REDACTED');
    expect(logged).not.toContain('AIzaSECRET');
  });

  it('setUpLivePrices schedules one global refresh task and serves the newest snapshots', async () => {
    const scheduler = mockServices.scheduler.mock();
    const source = await setUpLivePrices({
      config: mockServices.rootConfig({
        data: {
          groundwork: {
            prices: { live: true, regions: { aws: ['us-east-1'] } },
          },
        },
      }),
      database: { getClient: async () => knex },
      scheduler,
      logger: mockServices.logger.mock(),
    });
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: PRICE_REFRESH_TASK,
        scope: 'global',
        frequency: { hours: 24 },
      }),
    );
    await store.save(snapshot('aws', '2026-12-06T00:00:00.000Z'));
    expect((await source!.current()).map(s => s.provider)).toEqual(['aws']);
  });
});

describe('groundwork.prices config', () => {
  it('is off by default', async () => {
    expect(readPricesConfig(new ConfigReader({}))).toMatchObject({
      live: false,
      maxAgeDays: 7,
      regions: { aws: [], azure: [], gcp: [] },
    });
    const scheduler = mockServices.scheduler.mock();
    expect(
      await setUpLivePrices({
        config: mockServices.rootConfig(),
        database: { getClient: () => Promise.reject(new Error('not used')) },
        scheduler,
        logger: mockServices.logger.mock(),
      }),
    ).toBeUndefined();
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();
  });

  it('refuses region names that are not region names, and gcp regions without a key', () => {
    expect(() =>
      readPricesConfig(
        new ConfigReader({
          groundwork: { prices: { regions: { azure: ["eastus' or '1"] } } },
        }),
      ),
    ).toThrow(/groundwork.prices.regions.azure entry/);
    expect(() =>
      readPricesConfig(
        new ConfigReader({
          groundwork: {
            prices: { live: true, regions: { gcp: ['us-central1'] } },
          },
        }),
      ),
    ).toThrow(/groundwork.prices.gcp.apiKey/);
    expect(() =>
      readPricesConfig(
        new ConfigReader({ groundwork: { prices: { maxAgeDays: 0 } } }),
      ),
    ).toThrow(/maxAgeDays/);
  });
});

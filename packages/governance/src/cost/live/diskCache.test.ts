import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPriceCacheDir, DiskPriceCache } from './diskCache';
import { PriceFetchError } from './http';
import { loadLivePrices, needsKey } from './livePrices';
import type { PriceNeeds } from './needs';
import type { PriceSnapshot } from './snapshot';

const needs: PriceNeeds = {
  aws: { regions: ['us-east-1'], ec2InstanceTypes: ['t3.micro'] },
};

const snapshotAt = (fetchedAt: string, price = 0.02): PriceSnapshot => ({
  provider: 'aws',
  regions: ['us-east-1'],
  fetchedAt,
  source: 'aws-price-list-api',
  overrides: { aws: { 'us-east-1': { ec2: { 't3.micro': price } } } },
});

describe('DiskPriceCache and loadLivePrices', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gw-prices-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('defaults to $XDG_CACHE_HOME/groundwork/prices, else ~/.cache', () => {
    expect(defaultPriceCacheDir({ XDG_CACHE_HOME: '/var/cache/x' })).toBe(
      '/var/cache/x/groundwork/prices',
    );
    expect(defaultPriceCacheDir({})).toBe(
      path.join(os.homedir(), '.cache', 'groundwork', 'prices'),
    );
    // A relative XDG_CACHE_HOME is ignored, as the XDG spec says.
    expect(defaultPriceCacheDir({ XDG_CACHE_HOME: 'rel' })).toBe(
      path.join(os.homedir(), '.cache', 'groundwork', 'prices'),
    );
  });

  it('writes atomically: the file holds the snapshot with its date, no temp file is left', async () => {
    const cache = new DiskPriceCache(dir);
    const s = snapshotAt('2026-12-07T00:00:00.000Z');
    await cache.write('k', s);
    await cache.write('k', { ...s, fetchedAt: '2026-12-08T00:00:00.000Z' });
    const files = await fs.readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^aws-[0-9a-f]{24}\.json$/);
    expect(
      JSON.parse(await fs.readFile(path.join(dir, files[0]), 'utf8')).fetchedAt,
    ).toBe('2026-12-08T00:00:00.000Z');
    expect((await cache.read('aws', 'k')).snapshot?.fetchedAt).toBe(
      '2026-12-08T00:00:00.000Z',
    );
    expect(await cache.read('aws', 'other')).toEqual({});
  });

  it('uses a fresh cached snapshot without fetching', async () => {
    const cache = new DiskPriceCache(dir);
    await cache.write(
      needsKey(needs.aws),
      snapshotAt('2026-12-05T00:00:00.000Z'),
    );
    const fetchAws = jest.fn();
    const result = await loadLivePrices({
      needs,
      cache,
      fetchers: { aws: fetchAws },
      now: new Date('2026-12-07T00:00:00Z'),
    });
    expect(fetchAws).not.toHaveBeenCalled();
    expect(result.snapshots.map(s => s.fetchedAt)).toEqual([
      '2026-12-05T00:00:00.000Z',
    ]);
    expect(result.notes).toEqual([]);
  });

  it('fetches again when the cached snapshot is stale, and caches the new one', async () => {
    const cache = new DiskPriceCache(dir);
    await cache.write(
      needsKey(needs.aws),
      snapshotAt('2026-11-20T00:00:00.000Z'),
    );
    const now = new Date('2026-12-07T00:00:00Z');
    const result = await loadLivePrices({
      needs,
      cache,
      fetchers: { aws: async (_n, at) => snapshotAt(at.toISOString(), 0.03) },
      now,
    });
    expect(result.snapshots[0].fetchedAt).toBe(now.toISOString());
    expect(
      (await cache.read('aws', needsKey(needs.aws))).snapshot?.fetchedAt,
    ).toBe(now.toISOString());
  });

  it('on a failed fetch uses the stale copy and states its age', async () => {
    const cache = new DiskPriceCache(dir);
    await cache.write(
      needsKey(needs.aws),
      snapshotAt('2026-11-20T00:00:00.000Z'),
    );
    const result = await loadLivePrices({
      needs,
      cache,
      fetchers: {
        aws: async () => {
          throw new PriceFetchError('GetProducts failed: ThrottlingException');
        },
      },
      now: new Date('2026-12-07T00:00:00Z'),
    });
    expect(result.snapshots.map(s => s.fetchedAt)).toEqual([
      '2026-11-20T00:00:00.000Z',
    ]);
    expect(result.notes).toEqual([
      'AWS prices: live fetch failed (GetProducts failed: ThrottlingException); using the cached prices of 2026-11-20 (17 days old)',
    ]);
  });

  it('ignores a corrupt cache file with a note, and falls back to the shipped table when the fetch fails too', async () => {
    const cache = new DiskPriceCache(dir);
    await fs.writeFile(
      cache.fileOf('aws', needsKey(needs.aws)),
      '{"provider": "aws", trunc',
    );
    const result = await loadLivePrices({
      needs,
      cache,
      fetchers: {
        aws: async () => {
          throw new Error(
            'getaddrinfo ENOTFOUND api.pricing.us-east-1.amazonaws.com',
          );
        },
      },
    });
    expect(result.snapshots).toEqual([]);
    expect(result.notes[0]).toMatch(/is not valid JSON; ignored/);
    expect(result.notes[1]).toMatch(/ENOTFOUND.*using the shipped price table/);
  });

  it('asks only for the providers needed, and says Google needs a key', async () => {
    const cache = new DiskPriceCache(dir);
    const fetchAws = jest.fn();
    const result = await loadLivePrices({
      needs: { gcp: { regions: ['us-central1'] } },
      cache,
      fetchers: { aws: fetchAws },
    });
    expect(fetchAws).not.toHaveBeenCalled();
    expect(result.notes).toEqual([
      'Google Cloud prices: live fetch failed (no API key (set GOOGLE_CLOUD_BILLING_API_KEY)); using the shipped price table',
    ]);
  });
});

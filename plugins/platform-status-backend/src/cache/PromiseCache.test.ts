import { setTimeout as sleep } from 'node:timers/promises';
import { PromiseCache } from './PromiseCache';

describe('PromiseCache', () => {
  it('shares one load between concurrent asks and serves it until it expires', async () => {
    const cache = new PromiseCache<number>({ ttlMs: 50, max: 10 });
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([
      cache.get('k', load),
      cache.get('k', load),
    ]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    await sleep(60);
    await expect(cache.get('k', load)).resolves.toBe(2);
  });

  it('drops a failed load so that the next ask tries again', async () => {
    const cache = new PromiseCache<number>({ ttlMs: 60_000, max: 10 });
    await expect(
      cache.get('k', async () => {
        throw new Error('the database is away');
      }),
    ).rejects.toThrow('the database is away');
    await expect(cache.get('k', async () => 7)).resolves.toBe(7);
  });

  it('keeps at most max entries, dropping the least recently used', async () => {
    const cache = new PromiseCache<string>({ ttlMs: 60_000, max: 2 });
    await cache.get('a', async () => 'a1');
    await cache.get('b', async () => 'b1');
    await cache.get('a', async () => 'a2'); // a is now the most recent
    await cache.get('c', async () => 'c1');
    await expect(cache.get('a', async () => 'a3')).resolves.toBe('a1');
    await expect(cache.get('b', async () => 'b2')).resolves.toBe('b2');
  });

  it('forgets everything on clear', async () => {
    const cache = new PromiseCache<string>({ ttlMs: 60_000, max: 10 });
    await cache.get('a', async () => 'a1');
    cache.clear();
    await expect(cache.get('a', async () => 'a2')).resolves.toBe('a2');
  });
});

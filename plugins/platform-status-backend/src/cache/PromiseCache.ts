import { LRUCache } from 'lru-cache';

/**
 * Answers kept for a time, with a size bound (the least recently used go
 * first). Promises are kept, so that concurrent asks share one load; a load
 * that fails is dropped, so that the next ask tries again.
 */
export class PromiseCache<T> {
  private readonly cache: LRUCache<string, Promise<T>>;

  constructor(options: { ttlMs: number; max: number }) {
    this.cache = new LRUCache({ max: options.max, ttl: options.ttlMs });
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const value = load();
    value.catch(() => {
      if (this.cache.peek(key) === value) this.cache.delete(key);
    });
    this.cache.set(key, value);
    return value;
  }

  clear() {
    this.cache.clear();
  }
}

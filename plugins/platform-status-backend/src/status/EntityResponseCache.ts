import { LRUCache } from 'lru-cache';
import type { MirroredEntity } from '../catalog/entitySettings';

/** An entity page's response body as built, and what it was built from. */
export interface EntityResponse {
  entity: MirroredEntity;
  /** The JSON body up to, not including, its closing `,"generatedAt":...}`. */
  head: string;
  /** A weak validator of `head`: equal heads, equal status. */
  etag: string;
}

interface Entry extends EntityResponse {
  expires: number;
  bytes: number;
}

/**
 * Built entity responses, for a bounded time and size. The status in a body
 * does not depend on who asks, so entries are keyed by entity only: the
 * caller's permission is decided on every request, before anything of an
 * entry is used. Writes on this replica forget what they touch at once;
 * writes on another replica are seen when the entry expires, which the
 * caller sets (StatusService: at most the collector-outcome cache's bound).
 */
export class EntityResponseCache {
  private readonly entries: LRUCache<string, Entry>;
  /** Bumped by every forget, so a build that raced one is not kept. */
  private generation = 0;

  constructor(
    private readonly options: { maxBytes: number; now?: () => number },
  ) {
    // The least recently used entries go first once the bytes exceed the bound.
    this.entries = new LRUCache({
      maxSize: options.maxBytes,
      sizeCalculation: entry => Math.max(1, entry.bytes),
    });
  }

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  get(entityRef: string): EntityResponse | undefined {
    const entry = this.entries.get(entityRef);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(entityRef);
      return undefined;
    }
    return entry;
  }

  /** Where a build starts; `set` keeps its result only if nothing was forgotten since. */
  mark(): number {
    return this.generation;
  }

  set(
    entityRef: string,
    response: EntityResponse,
    expires: number,
    mark: number,
  ) {
    if (mark !== this.generation || expires <= this.now()) return;
    // Strings are UTF-16 in memory.
    const bytes = response.head.length * 2;
    if (bytes > this.options.maxBytes / 4) return;
    this.entries.set(entityRef, { ...response, expires, bytes });
  }

  forget(entityRefs: Iterable<string>) {
    this.generation++;
    for (const ref of entityRefs) this.entries.delete(ref);
  }

  clear() {
    this.generation++;
    this.entries.clear();
  }
}

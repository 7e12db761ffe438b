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
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** Bumped by every forget, so a build that raced one is not kept. */
  private generation = 0;

  constructor(
    private readonly options: { maxBytes: number; now?: () => number },
  ) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  get(entityRef: string): EntityResponse | undefined {
    const entry = this.entries.get(entityRef);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.remove(entityRef, entry);
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
    const old = this.entries.get(entityRef);
    if (old) this.remove(entityRef, old);
    this.entries.set(entityRef, { ...response, expires, bytes });
    this.bytes += bytes;
    // Map order is insertion order: the oldest entries go first.
    for (const [ref, entry] of this.entries) {
      if (this.bytes <= this.options.maxBytes) break;
      this.remove(ref, entry);
    }
  }

  forget(entityRefs: Iterable<string>) {
    this.generation++;
    for (const ref of entityRefs) {
      const entry = this.entries.get(ref);
      if (entry) this.remove(ref, entry);
    }
  }

  clear() {
    this.generation++;
    this.entries.clear();
    this.bytes = 0;
  }

  private remove(entityRef: string, entry: Entry) {
    this.entries.delete(entityRef);
    this.bytes -= entry.bytes;
  }
}

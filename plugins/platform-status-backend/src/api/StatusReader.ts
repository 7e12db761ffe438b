import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { LRUCache } from 'lru-cache';
import type {
  DeploymentHistoryResponse,
  EntityStatusResponse,
  OverviewResponse,
  RollupResponse,
} from '@groundwork/plugin-platform-status-common';
import type { CatalogSync } from '../catalog/CatalogSync';
import type { MirroredEntity } from '../catalog/entitySettings';
import type { EntityReadAccess } from '../permissions/EntityReadAccess';
import type { StatusService } from '../status/StatusService';
import type {
  OverviewFilters,
  OverviewQuery,
  ReadableFilter,
} from '../store/StatusStore';

const NOT_READABLE =
  'You may not read catalog entities, so their platform status is hidden from you too. Ask your Backstage administrator for catalog.entity.read.';

/** In-memory copy of the mirrored entities, for filtering long lists. */
class EntityIndex {
  private loaded?: { at: number; map: Promise<Map<string, Entity>> };
  constructor(
    private readonly service: StatusService,
    private readonly ttlMs: number,
  ) {}

  get(): Promise<Map<string, Entity>> {
    const now = Date.now();
    if (!this.loaded || now - this.loaded.at > this.ttlMs) {
      const map = this.service
        .mirroredEntities()
        .then(list => new Map(list.map(e => [e.entityRef, e.entity])));
      map.catch(() => (this.loaded = undefined));
      this.loaded = { at: now, map };
    }
    return this.loaded.map;
  }
}

/**
 * The read side shared by the REST routes and the MCP actions: status only
 * for entities the catalog lets the caller read.
 */
export class StatusReader {
  private readonly index: EntityIndex;
  /** Refs the catalog did not have, so a typo is not asked again at once. */
  private readonly misses = new LRUCache<string, true>({
    max: 10_000,
    ttl: 30_000,
  });

  constructor(
    private readonly deps: {
      service: StatusService;
      access: EntityReadAccess;
      sync: CatalogSync;
      logger: LoggerService;
    },
  ) {
    this.index = new EntityIndex(deps.service, 30_000);
  }

  private notFound(entityRef: string) {
    return new NotFoundError(
      `No entity ${entityRef} is in the catalog, or you may not read it. Check its kind, namespace and name.`,
    );
  }

  /** The status of one entity the caller may read. */
  async entityStatus(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<EntityStatusResponse> {
    const found = await this.readable(credentials, entityRef, ref =>
      this.deps.service.getEntityStatus(ref),
    );
    return found.status;
  }

  /**
   * The same as the entity page's response body, serialised for sending,
   * with its validator (ETag). Both only once the caller may read it.
   */
  async entityStatusJson(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<{ json: string; etag: string }> {
    const found = await this.readable(credentials, entityRef, ref =>
      this.deps.service.getEntityStatusJson(ref),
    );
    return { json: found.json, etag: found.etag };
  }

  /**
   * An environment's deployment history, with the same read check as the
   * entity's status; an environment the entity does not have is a 404.
   */
  async deploymentHistory(
    credentials: BackstageCredentials,
    entityRef: string,
    environment: string,
    limit: number,
  ): Promise<DeploymentHistoryResponse> {
    const { service } = this.deps;
    await this.readable(credentials, entityRef, ref =>
      service.mirroredEntity(ref),
    );
    if (!service.environments.find(environment)) {
      throw new NotFoundError(
        `Platform status has no environment "${environment}"; configured: ${service.environments.environments
          .map(e => e.name)
          .join(', ')}.`,
      );
    }
    return service.deploymentHistory(entityRef, environment, limit);
  }

  private async readable<T extends { entity: MirroredEntity }>(
    credentials: BackstageCredentials,
    entityRef: string,
    read: (ref: string) => Promise<T | undefined>,
  ): Promise<T> {
    const { access, sync } = this.deps;
    const scope = await access.scope(credentials);
    if (scope.kind === 'none') throw new NotAllowedError(NOT_READABLE);
    let found = await read(entityRef);
    if (!found) {
      // Not mirrored yet (registered since the last sync): ask the catalog
      // once, as the caller, and keep what it says.
      if (this.misses.has(entityRef)) throw this.notFound(entityRef);
      if (!(await sync.syncOne(entityRef, credentials))) {
        this.misses.set(entityRef, true);
        throw this.notFound(entityRef);
      }
      found = await read(entityRef);
      if (!found) throw this.notFound(entityRef);
    }
    // Not 403: that would tell the caller the entity exists.
    if (!(await access.canRead(credentials, found.entity.entity)))
      throw this.notFound(entityRef);
    return found;
  }

  /**
   * Reads portfolio rows as far as the caller may: everything, through the
   * caller's read conditions as SQL (the usual owner and kind rules filter
   * in the database), or, for conditions SQL cannot express, through a
   * predicate over the mirrored entities.
   */
  private async readPortfolio<T>(
    credentials: BackstageCredentials,
    read: {
      inDatabase: (readable?: ReadableFilter) => Promise<T>;
      byPredicate: (canRead: (ref: string) => boolean) => Promise<T>;
    },
  ): Promise<T> {
    const { access } = this.deps;
    const scope = await access.scope(credentials);
    if (scope.kind === 'none') throw new NotAllowedError(NOT_READABLE);
    if (scope.kind === 'all') return read.inDatabase();
    if (scope.sql) return read.inDatabase(scope.sql);
    const index = await this.index.get();
    const canRead = await access.readableFilter(credentials, ref =>
      index.get(ref),
    );
    return read.byPredicate(canRead);
  }

  async overview(
    credentials: BackstageCredentials,
    query: OverviewQuery,
  ): Promise<OverviewResponse> {
    const { service } = this.deps;
    const page = await this.readPortfolio(credentials, {
      inDatabase: readable => service.overview(query, readable),
      byPredicate: canRead => service.overviewFiltered(query, canRead),
    });
    return {
      ...page,
      items: await service.withWaiverCounts(page.items),
      offset: query.offset,
      limit: query.limit,
      currency: service.environments.currency,
    };
  }

  /**
   * The rows the caller may read, rolled up per environment: the same
   * read conditions as `overview`, so a roll-up never counts an entity the
   * caller could not list.
   */
  async rollup(
    credentials: BackstageCredentials,
    filters: OverviewFilters,
  ): Promise<RollupResponse> {
    const { service } = this.deps;
    const environments = await this.readPortfolio(credentials, {
      inDatabase: readable => service.rollup(filters, readable),
      byPredicate: canRead => service.rollupFiltered(filters, canRead),
    });
    return { currency: service.environments.currency, environments };
  }
}

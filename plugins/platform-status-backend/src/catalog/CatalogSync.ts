import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_ENVIRONMENTS } from '@groundwork/plugin-groundwork-common';
import type { StatusService } from '../status/StatusService';
import { MirroredEntity, mirrorEntity } from './entitySettings';

/** What decides an entity's status rows; a change means recomputing them. */
function fingerprint(e: MirroredEntity) {
  return JSON.stringify([e.kind, e.title, e.owner, e.system, e.settings]);
}

/**
 * Mirrors into the store the catalog entities platform status shows: every
 * entity with `groundwork.dev/environments`, and any entity something has
 * reported status for. Reads then need no catalog round trip.
 */
export class CatalogSync {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      service: StatusService;
      logger: LoggerService;
    },
  ) {}

  async run(): Promise<{ mirrored: number; removed: number }> {
    const { catalog, auth, service } = this.deps;
    const credentials = await auth.getOwnServiceCredentials();
    const syncedAt = new Date().toISOString();
    const before = new Map(
      (await service.mirroredEntities()).map(e => [
        e.entityRef,
        fingerprint(e),
      ]),
    );
    const changed: string[] = [];
    let mirrored = 0;
    const keep = async (entities: Entity[]) => {
      const rows = entities.map(e => mirrorEntity(e, service.environments));
      await service.mirrorEntities(rows, syncedAt);
      mirrored += rows.length;
      for (const row of rows) {
        if (before.get(row.entityRef) !== fingerprint(row))
          changed.push(row.entityRef);
      }
    };

    const seen = new Set<string>();
    for await (const page of catalog.streamEntities(
      {
        filter: {
          [`metadata.annotations.${ANNOTATION_ENVIRONMENTS}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      { credentials },
    )) {
      await keep(page);
      for (const e of page) seen.add(stringifyEntityRef(e));
    }
    // Entities with reported status but no annotation (yet) are shown too.
    const reported = (await service.reportedEntityRefs()).filter(
      ref => !seen.has(ref),
    );
    for (let i = 0; i < reported.length; i += 100) {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: reported.slice(i, i + 100) },
        { credentials },
      );
      await keep(items.filter((e): e is Entity => Boolean(e)));
    }
    const removed = await service.removeEntitiesSyncedBefore(syncedAt);
    await service.refreshOverview(changed);
    if (changed.length > 0 || removed.length > 0)
      await service.refreshPlannerStatistics();
    this.deps.logger.info(
      `Mirrored ${mirrored} catalog entities (${changed.length} changed, ${removed.length} removed)`,
    );
    return { mirrored, removed: removed.length };
  }

  /**
   * Mirrors one entity now, if the caller may read it: used when a status
   * request names an entity the last sync did not see (just registered).
   */
  async syncOne(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) return false;
    const { service } = this.deps;
    await service.mirrorEntities(
      [mirrorEntity(entity, service.environments)],
      new Date().toISOString(),
    );
    await service.refreshOverview([entityRef]);
    return true;
  }
}

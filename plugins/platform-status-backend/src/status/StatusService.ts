import { LoggerService } from '@backstage/backend-plugin-api';
import type {
  EntityStatusResponse,
  GroundworkEnvironments,
  InfrastructureRunReport,
} from '@groundwork/plugin-platform-status-common';
import type { MirroredEntity } from '../catalog/entitySettings';
import type { StatusStore } from '../store/StatusStore';
import {
  StatusContext,
  buildEntityStatus,
  serializeEntityStatus,
} from './buildEntityStatus';
import type { CollectionOutcome } from './types';

export interface StatusServiceOptions {
  store: StatusStore;
  environments: GroundworkEnvironments;
  argocd: { instances: string[]; defaultInstance?: string };
  /** Name of the billing source, and which environments it covers. */
  costSource?: { name: string; covers(environment: string): boolean };
  logger: LoggerService;
  /** How long collector outcomes are cached between reads (ms). */
  outcomeCacheMs?: number;
}

/**
 * Reads and writes status through the store, with what every response
 * needs besides an entity's own rows: configuration and collector outcomes
 * (cached for a few seconds: they change once per collector cycle).
 */
export class StatusService {
  private outcomes?: { at: number; map: Map<string, CollectionOutcome> };
  private readonly outcomeCacheMs: number;

  constructor(private readonly options: StatusServiceOptions) {
    this.outcomeCacheMs = options.outcomeCacheMs ?? 5_000;
  }

  get store() {
    return this.options.store;
  }

  get environments() {
    return this.options.environments;
  }

  /** Forgets cached collector outcomes (after this replica wrote one). */
  invalidateOutcomes() {
    this.outcomes = undefined;
  }

  async context(): Promise<StatusContext> {
    const now = Date.now();
    if (!this.outcomes || now - this.outcomes.at > this.outcomeCacheMs) {
      this.outcomes = { at: now, map: await this.store.readCollections() };
    }
    const map = this.outcomes.map;
    const { costSource, argocd } = this.options;
    return {
      environments: this.options.environments,
      argocd: {
        instances: new Set(argocd.instances),
        defaultInstance: argocd.defaultInstance,
      },
      costSourceFor: env =>
        costSource?.covers(env) ? costSource.name : undefined,
      collection: (collector, origin) => map.get(`${collector}:${origin}`),
    };
  }

  /** The entity as mirrored and its status, or undefined when not mirrored. */
  async getEntityStatus(
    entityRef: string,
  ): Promise<
    { entity: MirroredEntity; status: EntityStatusResponse } | undefined
  > {
    const [found, ctx] = await Promise.all([
      this.store.readEntity(entityRef),
      this.context(),
    ]);
    if (!found) return undefined;
    return {
      entity: found.entity,
      status: buildEntityStatus(found.entity, found.snapshots, ctx),
    };
  }

  /** The entity page's response body, with stored findings copied in as text. */
  async getEntityStatusJson(
    entityRef: string,
  ): Promise<{ entity: MirroredEntity; json: string } | undefined> {
    const [found, ctx] = await Promise.all([
      this.store.readEntity(entityRef),
      this.context(),
    ]);
    if (!found) return undefined;
    const status = buildEntityStatus(found.entity, found.snapshots, ctx, {
      rawFindings: true,
    });
    return {
      entity: found.entity,
      json: serializeEntityStatus(status, found.snapshots),
    };
  }

  async recordInfrastructureRun(report: InfrastructureRunReport) {
    await this.store.recordInfrastructureRun(report);
    await this.refreshOverview([report.entityRef]);
  }

  async refreshOverview(entityRefs: string[]) {
    if (entityRefs.length === 0) return;
    await this.store.refreshOverview(entityRefs, await this.context());
  }
}

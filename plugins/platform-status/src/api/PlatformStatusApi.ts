import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  DeliveryActionResponse,
  DeploymentHistoryResponse,
  EntityStatusResponse,
  OverviewResponse,
  OverviewSortField,
  RollupResponse,
} from '@groundwork/plugin-platform-status-common';

/** Query of `GET /api/platform-status/overview`; every field is optional. */
export interface OverviewQuery {
  offset?: number;
  limit?: number;
  /** Owner entity ref, e.g. `group:default/payments`. */
  owner?: string;
  /** Entity kind, e.g. `component`. */
  kind?: string;
  /** System entity ref, e.g. `system:default/payments-platform`. */
  system?: string;
  /** A configured environment name, e.g. `prod`. */
  environment?: string;
  sort?: OverviewSortField;
  order?: 'asc' | 'desc';
}

/**
 * What the platform-status front end asks of its back end. Errors are
 * `ResponseError`s from `@backstage/errors`.
 */
export interface PlatformStatusApi {
  /**
   * Every environment of one entity, with delivery, infrastructure, cost and
   * compliance. Callers asking for the same entity at about the same time
   * (the entity card and the entity tab) share one request.
   */
  getEntityStatus(
    entityRef: CompoundEntityRef,
    options?: {
      /** Skip the shared response and ask the back end again. */
      fresh?: boolean;
    },
  ): Promise<EntityStatusResponse>;

  /** One page of the portfolio: entities by environment, filtered and sorted. */
  getOverview(
    query: OverviewQuery,
    options?: { signal?: AbortSignal },
  ): Promise<OverviewResponse>;

  /**
   * The portfolio rolled up per environment (a group's entities with
   * `owner`, a system's with `system`), counting only what the caller may read.
   */
  getRollup(
    query: Pick<OverviewQuery, 'owner' | 'system' | 'kind' | 'environment'>,
    options?: { signal?: AbortSignal },
  ): Promise<RollupResponse>;

  /**
   * Asks the back end to collect the entity's status again. Needs the
   * `platform-status.entity.refresh` permission; the back end rate-limits it.
   */
  refreshEntityStatus(entityRef: CompoundEntityRef): Promise<void>;

  /** The Argo CD syncs of one environment of the entity, newest first. */
  getDeploymentHistory(
    entityRef: CompoundEntityRef,
    environment: string,
    options?: { signal?: AbortSignal },
  ): Promise<DeploymentHistoryResponse>;

  /**
   * Starts an Argo CD sync of the environment's application. Needs
   * `groundwork.entity.change` on the entity, and for a production
   * environment `groundwork.environment.production.change`.
   */
  syncEnvironment(
    entityRef: CompoundEntityRef,
    environment: string,
  ): Promise<DeliveryActionResponse>;

  /** Starts an Argo CD rollback to one history entry; the same permissions. */
  rollbackEnvironment(
    entityRef: CompoundEntityRef,
    environment: string,
    historyId: number,
  ): Promise<DeliveryActionResponse>;
}

/** The platform-status API, implemented by {@link PlatformStatusClient}. */
export const platformStatusApiRef = createApiRef<PlatformStatusApi>({
  id: 'plugin.platform-status.service',
});

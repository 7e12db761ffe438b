import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  DeliveryActionResponse,
  DeploymentHistoryResponse,
  EntityStatusResponse,
  OverviewResponse,
  RollupResponse,
} from '@groundwork/plugin-platform-status-common';
import type { OverviewQuery, PlatformStatusApi } from './PlatformStatusApi';

/**
 * How long a response is shared between callers asking for the same entity.
 * Long enough for one page view (card, then the tab), short enough that
 * coming back to an entity a minute later asks again.
 */
const DEFAULT_SHARE_FOR_MS = 30_000;

interface SharedResponse {
  promise: Promise<EntityStatusResponse>;
  at: number;
}

/** {@link PlatformStatusApi} over HTTP, on the discovery and fetch APIs. */
export class PlatformStatusClient implements PlatformStatusApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;
  readonly #shareForMs: number;
  readonly #now: () => number;
  readonly #shared = new Map<string, SharedResponse>();

  constructor(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    /** How long one entity response is reused; 0 shares only requests in flight. */
    shareForMs?: number;
    /** Clock, for tests. */
    now?: () => number;
  }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
    this.#shareForMs = options.shareForMs ?? DEFAULT_SHARE_FOR_MS;
    this.#now = options.now ?? Date.now;
  }

  getEntityStatus(
    entityRef: CompoundEntityRef,
    options?: { fresh?: boolean },
  ): Promise<EntityStatusResponse> {
    const path = entityPath(entityRef);
    const shared = this.#shared.get(path);
    if (
      shared &&
      !options?.fresh &&
      this.#now() - shared.at <= this.#shareForMs
    ) {
      return shared.promise;
    }
    const promise = this.#request<EntityStatusResponse>(path);
    const entry = { promise, at: this.#now() };
    this.#shared.set(path, entry);
    // A failed request is not shared: the next caller (a retry) asks again.
    promise.catch(() => {
      if (this.#shared.get(path) === entry) this.#shared.delete(path);
    });
    return promise;
  }

  async getOverview(
    query: OverviewQuery,
    options?: { signal?: AbortSignal },
  ): Promise<OverviewResponse> {
    return this.#request<OverviewResponse>(withQuery('/overview', query), {
      signal: options?.signal,
    });
  }

  async getRollup(
    query: Pick<OverviewQuery, 'owner' | 'system' | 'kind' | 'environment'>,
    options?: { signal?: AbortSignal },
  ): Promise<RollupResponse> {
    return this.#request<RollupResponse>(withQuery('/rollup', query), {
      signal: options?.signal,
    });
  }

  async refreshEntityStatus(entityRef: CompoundEntityRef): Promise<void> {
    const path = entityPath(entityRef);
    const baseUrl = await this.#discoveryApi.getBaseUrl('platform-status');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}/refresh`, {
      method: 'POST',
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    this.#shared.delete(path);
  }

  getDeploymentHistory(
    entityRef: CompoundEntityRef,
    environment: string,
    options?: { signal?: AbortSignal },
  ): Promise<DeploymentHistoryResponse> {
    return this.#request<DeploymentHistoryResponse>(
      `${entityPath(entityRef)}/environments/${encodeURIComponent(
        environment,
      )}/deployments`,
      { signal: options?.signal },
    );
  }

  syncEnvironment(
    entityRef: CompoundEntityRef,
    environment: string,
  ): Promise<DeliveryActionResponse> {
    return this.#deliveryAction(entityRef, environment, 'sync');
  }

  rollbackEnvironment(
    entityRef: CompoundEntityRef,
    environment: string,
    historyId: number,
  ): Promise<DeliveryActionResponse> {
    return this.#deliveryAction(entityRef, environment, 'rollback', {
      historyId,
    });
  }

  async #deliveryAction(
    entityRef: CompoundEntityRef,
    environment: string,
    action: 'sync' | 'rollback',
    body?: object,
  ): Promise<DeliveryActionResponse> {
    const path = entityPath(entityRef);
    const result = await this.#request<DeliveryActionResponse>(
      `${path}/environments/${encodeURIComponent(environment)}/${action}`,
      {
        method: 'POST',
        ...(body && {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      },
    );
    // The next read shows the operation, not the shared response from before.
    this.#shared.delete(path);
    return result;
  }

  async #request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('platform-status');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}

function withQuery(path: string, query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function entityPath(ref: CompoundEntityRef): string {
  return `/entities/${[
    ref.kind.toLocaleLowerCase('en-US'),
    ref.namespace,
    ref.name,
  ]
    .map(encodeURIComponent)
    .join('/')}`;
}

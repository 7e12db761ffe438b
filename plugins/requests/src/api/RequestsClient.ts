import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AccessReview,
  GroundworkRequest,
  InForceList,
  NewRequest,
} from '@groundwork/plugin-requests-common';
import type { RequestListResponse, RequestsApi } from './RequestsApi';

/** {@link RequestsApi} over HTTP, on the discovery and fetch APIs. */
export class RequestsClient implements RequestsApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  async #call<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.#discoveryApi.getBaseUrl('requests');
    const response = await this.#fetchApi.fetch(`${base}${path}`, init);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }

  #post<T>(path: string, body?: object): Promise<T> {
    return this.#call<T>(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
  }

  list(query?: { states?: string[] }): Promise<RequestListResponse> {
    const search = query?.states?.length
      ? `?state=${encodeURIComponent(query.states.join(','))}`
      : '';
    return this.#call(`/requests${search}`);
  }

  get(id: string): Promise<GroundworkRequest> {
    return this.#call(`/requests/${encodeURIComponent(id)}`);
  }

  approve(id: string, comment?: string): Promise<GroundworkRequest> {
    return this.#post(`/requests/${encodeURIComponent(id)}/approve`, {
      comment,
    });
  }

  reject(id: string, comment: string): Promise<GroundworkRequest> {
    return this.#post(`/requests/${encodeURIComponent(id)}/reject`, {
      comment,
    });
  }

  apply(id: string): Promise<GroundworkRequest> {
    return this.#post(`/requests/${encodeURIComponent(id)}/apply`);
  }

  create(request: NewRequest): Promise<GroundworkRequest> {
    return this.#post('/requests', request);
  }

  revoke(id: string, comment: string): Promise<GroundworkRequest> {
    return this.#post(`/requests/${encodeURIComponent(id)}/revoke`, {
      comment,
    });
  }

  accessReview(): Promise<AccessReview> {
    return this.#call('/access-review');
  }

  inForce(query?: {
    entityRef?: string;
    environment?: string;
  }): Promise<InForceList> {
    const search = new URLSearchParams();
    if (query?.entityRef) search.set('entityRef', query.entityRef);
    if (query?.environment) search.set('environment', query.environment);
    const qs = search.toString();
    return this.#call(`/in-force${qs ? `?${qs}` : ''}`);
  }
}

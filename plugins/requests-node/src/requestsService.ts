import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  createServiceRef,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  GroundworkRequest,
  NewRequest,
} from '@groundwork/plugin-requests-common';

/** What backend plugins use to ask for a request. */
export interface RequestsService {
  /**
   * Asks for a request on behalf of a person (they become its requester).
   * Throws `ResponseError`: 400 when the applier refuses the payload, 403
   * when the person may not ask.
   */
  create(
    request: NewRequest,
    options: { onBehalfOf: BackstageCredentials; signal?: AbortSignal },
  ): Promise<GroundworkRequest>;
}

const TARGET_PLUGIN_ID = 'requests';

class HttpRequestsService implements RequestsService {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async create(
    request: NewRequest,
    options: { onBehalfOf: BackstageCredentials; signal?: AbortSignal },
  ): Promise<GroundworkRequest> {
    const baseUrl = await this.deps.discovery.getBaseUrl(TARGET_PLUGIN_ID);
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: options.onBehalfOf,
      targetPluginId: TARGET_PLUGIN_ID,
    });
    const response = await fetch(`${baseUrl}/requests`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(request),
      signal: options.signal,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as GroundworkRequest;
  }
}

export const requestsServiceRef = createServiceRef<RequestsService>({
  id: 'groundwork.requests',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { discovery: coreServices.discovery, auth: coreServices.auth },
      factory: deps => new HttpRequestsService(deps),
    }),
});

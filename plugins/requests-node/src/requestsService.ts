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
  InForceList,
  NewRequest,
  RequestState,
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
  /**
   * The requests the person may see (the ones they asked for or are the
   * subject of; every one for an approver), newest first.
   */
  list(options: {
    onBehalfOf: BackstageCredentials;
    states?: RequestState[];
    signal?: AbortSignal;
  }): Promise<GroundworkRequest[]>;
  /**
   * The waivers and budgets in force now (applied, not yet expired), for
   * one entity and optionally one environment. Any principal may ask,
   * including a plugin with its own credentials (the terraform:apply gate,
   * platform status): they are what the gate already enforces.
   */
  inForce(options: {
    entityRef?: string;
    environment?: string;
    credentials: BackstageCredentials;
    signal?: AbortSignal;
  }): Promise<InForceList>;
}

const TARGET_PLUGIN_ID = 'requests';

/**
 * Whether a RequestsService call failed because the portal has no requests
 * plugin: the plugin always answers its routes, so a 404 is the backend's
 * answer for a plugin it does not have. Callers that only read (the gate,
 * platform status) then have nothing to read, rather than an outage.
 */
export function isRequestsPluginAbsent(error: unknown): boolean {
  return error instanceof ResponseError && error.statusCode === 404;
}

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

  async list(options: {
    onBehalfOf: BackstageCredentials;
    states?: RequestState[];
    signal?: AbortSignal;
  }): Promise<GroundworkRequest[]> {
    const baseUrl = await this.deps.discovery.getBaseUrl(TARGET_PLUGIN_ID);
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: options.onBehalfOf,
      targetPluginId: TARGET_PLUGIN_ID,
    });
    const query = new URLSearchParams({ limit: '500' });
    if (options.states?.length) query.set('state', options.states.join(','));
    const response = await fetch(`${baseUrl}/requests?${query}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: options.signal,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return ((await response.json()) as { items: GroundworkRequest[] }).items;
  }

  async inForce(options: {
    entityRef?: string;
    environment?: string;
    credentials: BackstageCredentials;
    signal?: AbortSignal;
  }): Promise<InForceList> {
    const baseUrl = await this.deps.discovery.getBaseUrl(TARGET_PLUGIN_ID);
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: options.credentials,
      targetPluginId: TARGET_PLUGIN_ID,
    });
    const query = new URLSearchParams();
    if (options.entityRef) query.set('entityRef', options.entityRef);
    if (options.environment) query.set('environment', options.environment);
    const response = await fetch(`${baseUrl}/in-force?${query}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: options.signal,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as InForceList;
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

import {
  AuthService,
  DiscoveryService,
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { InfrastructureRunReport } from '@groundwork/plugin-platform-status-common';

/** What backend plugins use to report into platform status. */
export interface PlatformStatusService {
  /**
   * Records one infrastructure run for its entity and environment. Throws
   * `ResponseError` when the platform-status backend refuses the report
   * (400 names the invalid field) or cannot be reached.
   */
  reportInfrastructureRun(
    report: InfrastructureRunReport,
    options?: { signal?: AbortSignal },
  ): Promise<void>;
}

const TARGET_PLUGIN_ID = 'platform-status';

/**
 * Posts reports to the platform-status backend with the calling plugin's own
 * service credentials; the route refuses user tokens, so a template author
 * cannot forge a run.
 */
export class HttpPlatformStatusService implements PlatformStatusService {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async reportInfrastructureRun(
    report: InfrastructureRunReport,
    options?: { signal?: AbortSignal },
  ): Promise<void> {
    const baseUrl = await this.deps.discovery.getBaseUrl(TARGET_PLUGIN_ID);
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: TARGET_PLUGIN_ID,
    });
    const response = await fetch(`${baseUrl}/reports/infrastructure`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(report),
      signal: options?.signal,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
  }
}

export const platformStatusServiceRef = createServiceRef<PlatformStatusService>(
  {
    id: 'groundwork.platform-status',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { discovery: coreServices.discovery, auth: coreServices.auth },
        factory: deps => new HttpPlatformStatusService(deps),
      }),
  },
);

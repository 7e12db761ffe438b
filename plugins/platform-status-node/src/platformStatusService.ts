import {
  AuthService,
  BackstageCredentials,
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
   * (400 names the invalid field, 403 a reporter it does not accept) or
   * cannot be reached.
   *
   * `onBehalfOf` is the person the run was for (a scaffolder task's
   * initiator): platform status accepts a run for an entity only from a
   * configured reporter plugin acting for someone who may change that
   * entity. Without it the plugin reports as itself, which only the
   * platform-status plugin's own modules may do.
   */
  reportInfrastructureRun(
    report: InfrastructureRunReport,
    options?: { signal?: AbortSignal; onBehalfOf?: BackstageCredentials },
  ): Promise<void>;
}

const TARGET_PLUGIN_ID = 'platform-status';

/**
 * Posts reports to the platform-status backend with a token the calling
 * plugin issues for the person it acts for (or for itself), so the backend
 * knows both who reports and for whom.
 */
export class HttpPlatformStatusService implements PlatformStatusService {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async reportInfrastructureRun(
    report: InfrastructureRunReport,
    options?: { signal?: AbortSignal; onBehalfOf?: BackstageCredentials },
  ): Promise<void> {
    const baseUrl = await this.deps.discovery.getBaseUrl(TARGET_PLUGIN_ID);
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf:
        options?.onBehalfOf ??
        (await this.deps.auth.getOwnServiceCredentials()),
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

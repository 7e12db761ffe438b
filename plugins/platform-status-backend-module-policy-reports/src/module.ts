import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import { platformStatusSourcesExtensionPoint } from '@groundwork/plugin-platform-status-node';
import { readPolicyReportSettings } from './config';
import { PolicyReportCollector } from './PolicyReportCollector';

/**
 * Kyverno's policy reports as platform status's in-cluster compliance: one
 * reading of each environment's cluster per cycle, on Backstage's scheduler.
 */
export const platformStatusModulePolicyReports = createBackendModule({
  pluginId: 'platform-status',
  moduleId: 'policy-reports',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        sources: platformStatusSourcesExtensionPoint,
      },
      async init({ config, logger, sources }) {
        const settings = readPolicyReportSettings(
          config,
          readGroundworkEnvironments(config),
        );
        if (settings.clusters.length === 0) {
          logger.info(
            'No platformStatus.policyReports.clusters configured: in-cluster compliance shows as not configured.',
          );
          return;
        }
        sources.setAdmissionCollector(
          new PolicyReportCollector({ settings, logger }),
        );
      },
    });
  },
});

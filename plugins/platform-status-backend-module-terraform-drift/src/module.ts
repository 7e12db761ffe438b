import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { platformStatusSourcesExtensionPoint } from '@groundwork/plugin-platform-status-node';
import { readHcpSettings } from './config';
import { HcpAssessmentSource } from './HcpAssessmentSource';

/**
 * Terraform drift for platform status: HCP Terraform's health assessments
 * for environments whose `groundwork.dev/terraform-state` is
 * `hcp:<org>/<workspace>`. Without an HCP token it adds nothing, and drift
 * shows as not configured. The plugin schedules the checks
 * (`platformStatus.drift.*`).
 */
export const platformStatusModuleTerraformDrift = createBackendModule({
  pluginId: 'platform-status',
  moduleId: 'terraform-drift',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        sources: platformStatusSourcesExtensionPoint,
      },
      async init({ config, logger, sources }) {
        const hcp = readHcpSettings(config);
        if (hcp) sources.addDriftSource(new HcpAssessmentSource(hcp));
        else
          logger.info(
            'No HCP Terraform token (platformStatus.drift.hcp.token or terraform.hcp.token): drift from health assessments is off.',
          );
      },
    });
  },
});

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { platformStatusSourcesExtensionPoint } from '@groundwork/plugin-platform-status-node';
import {
  CLI_ENABLED_KEY,
  readCliEnabled,
  readCliSettings,
  readCodePolicy,
  readConfiguredBackend,
  readHcpSettings,
} from './config';
import {
  backendForLocation,
  CliRefreshOnlySource,
} from './cli/CliRefreshOnlySource';
import { RepositoryCodeSource } from './cli/RepositoryCodeSource';
import { HcpAssessmentSource } from './HcpAssessmentSource';

/**
 * Terraform drift for platform status: HCP Terraform's health assessments
 * for environments whose `groundwork.dev/terraform-state` is
 * `hcp:<org>/<workspace>` (without an HCP token, not installed), and, when
 * `platformStatus.drift.cli.enabled` turns it on, `terraform plan
 * -refresh-only` for `s3://` and `gs://` states, on the code read from the
 * entity's repository. Off, those states show drift as not configured with
 * the key that turns it on. The plugin schedules the checks
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
        auth: coreServices.auth,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        sources: platformStatusSourcesExtensionPoint,
      },
      async init({ config, logger, auth, urlReader, catalog, sources }) {
        const hcp = readHcpSettings(config);
        if (hcp) sources.addDriftSource(new HcpAssessmentSource(hcp));
        else
          logger.info(
            'No HCP Terraform token (platformStatus.drift.hcp.token or terraform.hcp.token): drift from health assessments is off.',
          );

        if (!readCliEnabled(config)) {
          // Installed switched off, so that the entity page says what turns it on.
          sources.addDriftSource({
            id: 'cli-refresh-only',
            disabledReason: `Drift of s3:// and gs:// states is checked by running terraform plan -refresh-only in the portal's backend, which is off: set ${CLI_ENABLED_KEY}: true to turn it on.`,
            covers: location => backendForLocation(location) !== undefined,
            check: async () => {
              throw new Error(
                `The CLI drift check is off (${CLI_ENABLED_KEY}).`,
              );
            },
          });
          logger.info(
            `Drift of s3:// and gs:// states (terraform plan -refresh-only) is off: ${CLI_ENABLED_KEY} is not true.`,
          );
          return;
        }
        const code = new RepositoryCodeSource({
          catalog,
          auth,
          urlReader,
          integrations: ScmIntegrations.fromConfig(config),
        });
        sources.addDriftSource(
          new CliRefreshOnlySource({
            settings: readCliSettings(config),
            configuredBackend: environment =>
              readConfiguredBackend(config, environment),
            codePolicy: environment => readCodePolicy(config, environment),
            codeFor: (target, signal) => code.codeFor(target, signal),
          }),
        );
      },
    });
  },
});

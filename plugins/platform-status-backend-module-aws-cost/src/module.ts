import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { platformStatusSourcesExtensionPoint } from '@groundwork/plugin-platform-status-node';
import { AwsCostExplorerSource } from './AwsCostExplorerSource';
import { readAwsCostExplorerConfig } from './config';

/**
 * AWS Cost Explorer as platform status's billing source. Does nothing
 * without `platformStatus.cost.aws`: actual cost then shows as not
 * configured.
 */
export const platformStatusModuleAwsCost = createBackendModule({
  pluginId: 'platform-status',
  moduleId: 'aws-cost',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        sources: platformStatusSourcesExtensionPoint,
      },
      async init({ config, sources }) {
        const aws = readAwsCostExplorerConfig(config);
        if (aws) sources.setCostActualsSource(new AwsCostExplorerSource(aws));
      },
    });
  },
});

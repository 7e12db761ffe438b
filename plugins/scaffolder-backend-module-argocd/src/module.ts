import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createArgoCdCreateAppAction } from './actions/createApp';

/**
 * Registers `argocd:create-app` with the scaffolder.
 *
 * @public
 */
export const scaffolderModuleArgocd = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'groundwork-argocd',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, config }) {
        scaffolder.addActions(createArgoCdCreateAppAction({ config }));
      },
    });
  },
});

import { createBackendModule } from '@backstage/backend-plugin-api';

export const scaffolderModuleArgocd = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'groundwork-argocd',
  register(env) {
    env.registerInit({
      deps: {},
      async init() {},
    });
  },
});

import { createBackendModule } from '@backstage/backend-plugin-api';

export const scaffolderModuleTerraform = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'groundwork-terraform',
  register(env) {
    env.registerInit({
      deps: {},
      async init() {},
    });
  },
});

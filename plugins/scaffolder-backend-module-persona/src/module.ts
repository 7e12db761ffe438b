import { createBackendModule } from '@backstage/backend-plugin-api';

export const scaffolderModulePersona = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'groundwork-persona',
  register(env) {
    env.registerInit({
      deps: {},
      async init() {},
    });
  },
});

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readModuleFactoryConfig } from './config';
import { createModuleFactoryCheckAction } from './actions/check';
import { createModuleFactoryNextVersionAction } from './actions/nextVersion';
import { createModuleFactoryPreparePullRequestAction } from './actions/preparePullRequest';
import { createModuleFactoryResolveAction } from './actions/resolve';
import { GithubFactoryRepository } from './lib/factoryRepository';

/**
 * The module factory's scaffolder actions: module-factory:check,
 * module-factory:next-version, module-factory:prepare-pull-request and
 * module-factory:resolve.
 */
export const scaffolderModuleModuleFactory = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'groundwork-module-factory',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ scaffolder, config, logger }) {
        const factory = readModuleFactoryConfig(config);
        if (!factory) {
          logger.info(
            'moduleFactory.repository is not set: the module-factory actions will ask for it when a template uses them.',
          );
        }
        const integrations = ScmIntegrations.fromConfig(config);
        const openRepository = (f: NonNullable<typeof factory>) =>
          GithubFactoryRepository.create(f, integrations);
        scaffolder.addActions(
          createModuleFactoryCheckAction({ config }),
          createModuleFactoryNextVersionAction({ factory, openRepository }),
          createModuleFactoryPreparePullRequestAction({
            factory,
            openRepository,
          }),
          createModuleFactoryResolveAction({ config, factory }),
        );
      },
    });
  },
});

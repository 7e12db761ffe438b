import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderTemplatingExtensionPoint } from '@backstage/plugin-scaffolder-node/alpha';
import {
  readGroundworkEnvironments,
  readPreviewMaxTtlHours,
  readTeamProjectPattern,
} from '@groundwork/plugin-groundwork-common';
import { requestsServiceRef } from '@groundwork/plugin-requests-node';
import { createAuthorizeChangeAction } from './actions/authorizeChange';
import { createUnregisterAction } from './actions/catalog/unregister';
import { createCheckExpiryAction } from './actions/expiry/check';
import { createStampExpiryAction } from './actions/expiry/stamp';
import { createResolvePromotionAction } from './actions/promotion/resolve';
import { createRequireApprovalAction } from './actions/promotion/requireApproval';
import { createRequireNewEntityAction } from './actions/requireNewEntity';
import { createRequestAction } from './actions/request/request';
import { createRenderWorkloadAction } from './actions/workload/render';
import { hclTemplateFilter } from './filters/hcl';
import {
  platformAddonChoiceGlobal,
  platformAddonNamesGlobal,
  platformAddonsGlobal,
  platformAddonsKustomizeGlobal,
  platformAddonsProjectGlobal,
} from './globals/platformAddons';
import { serviceIdentityKustomizeGlobal } from './globals/serviceIdentity';

/**
 * Groundwork's suite-wide scaffolder extensions: the `hcl` template filter
 * and the platform add-on table's `platformAddonChoice`, `platformAddons`,
 * `platformAddonNames`, `platformAddonsProject` and
 * `platformAddonsKustomize` globals, the
 * `serviceIdentityKustomize` global (fetch:template
 * and every step input see them), groundwork:workload:render, the
 * groundwork:entity:require-new and
 * groundwork:entity:authorize-change actions, and promotion's
 * groundwork:promotion:resolve and groundwork:promotion:require-approval,
 * and preview services' groundwork:expiry:stamp, groundwork:expiry:check
 * and groundwork:catalog:unregister, and groundwork:request (a waiver,
 * budget or access request on behalf of the task's initiator).
 */
export const scaffolderModuleGroundwork = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'groundwork',
  register(env) {
    env.registerInit({
      deps: {
        actions: scaffolderActionsExtensionPoint,
        templating: scaffolderTemplatingExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        config: coreServices.rootConfig,
        reader: coreServices.urlReader,
        requests: requestsServiceRef,
      },
      async init({
        actions,
        templating,
        catalog,
        auth,
        permissions,
        config,
        reader,
        requests,
      }) {
        const environments = readGroundworkEnvironments(config);
        const teamProjectPattern = readTeamProjectPattern(config);
        templating.addTemplateFilters([hclTemplateFilter]);
        templating.addTemplateGlobals([
          platformAddonChoiceGlobal,
          platformAddonsGlobal,
          platformAddonNamesGlobal,
          platformAddonsProjectGlobal,
          platformAddonsKustomizeGlobal,
          serviceIdentityKustomizeGlobal,
        ]);
        actions.addActions(
          createRequireNewEntityAction({ catalog, auth }),
          createAuthorizeChangeAction({
            permissions,
            catalog,
            auth,
            environments,
          }),
          createResolvePromotionAction({
            permissions,
            catalog,
            auth,
            reader,
            environments,
            teamProjectPattern,
          }),
          createRequireApprovalAction({ requests, environments }),
          createRequestAction({
            requests,
            appBaseUrl: config.getOptionalString('app.baseUrl'),
          }),
          createRenderWorkloadAction(),
          createStampExpiryAction({
            environments,
            maxTtlHours: readPreviewMaxTtlHours(config),
          }),
          createCheckExpiryAction({
            catalog,
            auth,
            permissions,
            environments,
            teamProjectPattern,
          }),
          createUnregisterAction({ catalog, auth, permissions, environments }),
        );
      },
    });
  },
});

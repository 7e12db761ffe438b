import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { notificationService } from '@backstage/plugin-notifications-node';
import { groundworkRequestApprovePermission } from '@groundwork/plugin-groundwork-common';
import { readGroundworkPermissionsConfig } from '@groundwork/plugin-groundwork-node';
import {
  RequestApplier,
  requestAppliersExtensionPoint,
} from '@groundwork/plugin-requests-node';
import { createRouter } from './api/router';
import { readRequestsSettings } from './config';
import { requestsClockServiceRef } from './service/clock';
import { RequestNotifier } from './service/RequestNotifier';
import { RequestService } from './service/RequestService';
import { RequestStore } from './store/RequestStore';

/**
 * Groundwork requests: changes one person asks for and another approves
 * (access, waivers, budgets), applied by the module that knows their kind
 * and, when they expire, revoked by the plugin's scheduled job. Appliers
 * for each kind come from modules through `requestAppliersExtensionPoint`.
 */
export const requestsPlugin = createBackendPlugin({
  pluginId: 'requests',
  register(env) {
    const appliers = new Map<string, RequestApplier>();
    env.registerExtensionPoint(requestAppliersExtensionPoint, {
      addApplier(applier) {
        if (appliers.has(applier.kind)) {
          throw new Error(
            `Two modules handle requests of kind "${applier.kind}"; install one.`,
          );
        }
        appliers.set(applier.kind, applier);
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        logger: coreServices.logger,
        notifications: notificationService,
        userInfo: coreServices.userInfo,
        scheduler: coreServices.scheduler,
        clock: requestsClockServiceRef,
      },
      async init(deps) {
        const { approverGroups } = readGroundworkPermissionsConfig(deps.config);
        const settings = readRequestsSettings(deps.config);
        deps.permissionsRegistry.addPermissions([
          groundworkRequestApprovePermission,
        ]);
        const service = new RequestService({
          store: await RequestStore.create(deps.database),
          appliers,
          permissions: deps.permissions,
          auditor: deps.auditor,
          logger: deps.logger,
          notifier: new RequestNotifier(deps.notifications, deps.logger),
          approverGroups,
          userInfo: deps.userInfo,
          settings,
          now: () => deps.clock.now(),
        });
        deps.httpRouter.use(createRouter({ service, httpAuth: deps.httpAuth }));
        // Cluster-wide (the scheduler's default): one replica runs each
        // cycle, and each request is claimed in the database before it is
        // notified or revoked.
        await deps.scheduler.scheduleTask({
          id: 'requests-expiry',
          ...settings.schedule,
          fn: async () => {
            const summary = await service.runExpiry();
            if (summary.noticed + summary.ended + summary.failed > 0) {
              deps.logger.info(
                `Requests expiry: ${summary.noticed} told they end soon, ${summary.ended} ended, ${summary.failed} revocations to retry`,
              );
            }
          },
        });
      },
    });
  },
});

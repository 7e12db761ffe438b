import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readArgoCdInstances } from '@groundwork/plugin-argocd-node';
import {
  platformStatusPermissions,
  readGroundworkEnvironments,
} from '@groundwork/plugin-platform-status-common';
import { registerActions } from './actions/registerActions';
import { createRouter } from './api/router';
import { StatusReader } from './api/StatusReader';
import { CatalogSync } from './catalog/CatalogSync';
import { ArgoCdCollector } from './collectors/argocd/ArgoCdCollector';
import { readPlatformStatusConfig } from './config';
import { AwsCostExplorerSource } from './cost/AwsCostExplorerSource';
import { CostCollector } from './cost/CostCollector';
import { ReporterAccess } from './ingest/ReporterAccess';
import { EntityReadAccess } from './permissions/EntityReadAccess';
import { StatusService } from './status/StatusService';
import { KnexStatusStore } from './store/knex/KnexStatusStore';

/** Groundwork platform status: environments, delivery, cost and compliance per entity. */
export const platformStatusPlugin = createBackendPlugin({
  pluginId: 'platform-status',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler } = deps;
        const environments = readGroundworkEnvironments(config);
        const settings = readPlatformStatusConfig(config);
        const argocd = readArgoCdInstances(config);

        const store = await KnexStatusStore.create({
          database: deps.database,
        });
        const costSource = settings.cost.aws
          ? new AwsCostExplorerSource(settings.cost.aws)
          : undefined;
        const service = new StatusService({
          store,
          environments,
          trendPoints: settings.history.trendPoints,
          argocd: {
            instances: argocd.instances.map(i => i.name),
            defaultInstance: argocd.defaultInstance?.name,
          },
          costSource: costSource && {
            name: costSource.name,
            covers: name => {
              const e = environments.find(name);
              return Boolean(e && costSource.covers(e));
            },
          },
          logger,
        });
        const access = new EntityReadAccess({
          permissions: deps.permissions,
          catalog: deps.catalog,
          logger,
          cacheSeconds: settings.permissions.cacheSeconds,
        });
        const sync = new CatalogSync({
          catalog: deps.catalog,
          auth: deps.auth,
          service,
          logger,
        });
        const reader = new StatusReader({ service, access, sync, logger });
        const collector = new ArgoCdCollector({
          instances: argocd.instances,
          service,
          logger,
        });

        deps.permissionsRegistry.addPermissions(platformStatusPermissions);

        await scheduler.scheduleTask({
          id: 'platform-status-catalog-sync',
          ...settings.catalogSync.schedule,
          fn: async () => {
            await sync.run();
          },
        });
        if (collector.configured) {
          await scheduler.scheduleTask({
            id: 'platform-status-argocd',
            ...settings.argocd.schedule,
            fn: async signal => collector.run(signal as AbortSignal),
          });
        } else {
          logger.info(
            'No argocd.instances configured: delivery shows as not configured.',
          );
        }
        if (costSource) {
          const costs = new CostCollector({
            source: costSource,
            service,
            logger,
          });
          await scheduler.scheduleTask({
            id: 'platform-status-cost-actuals',
            ...settings.cost.schedule,
            fn: async signal => costs.run(signal as AbortSignal),
          });
        }
        await scheduler.scheduleTask({
          id: 'platform-status-history-retention',
          frequency: { hours: 24 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const cutoff = new Date(
              Date.now() - settings.history.retentionDays * 86_400_000,
            ).toISOString();
            const removed = await service.pruneHistory(cutoff);
            if (removed > 0)
              logger.info(`Removed ${removed} history points before ${cutoff}`);
          },
        });

        deps.httpRouter.use(
          createRouter({
            service,
            reader,
            sync,
            argocd: collector,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            logger,
            refreshMinIntervalSeconds: settings.refresh.minIntervalSeconds,
            maxFindings: settings.ingestion.maxFindings,
            maxBodyBytes: settings.ingestion.maxBodyBytes,
            reporters: new ReporterAccess({
              reporters: settings.ingestion.reporters,
              permissions: deps.permissions,
              catalog: deps.catalog,
              auth: deps.auth,
            }),
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
        deps.httpRouter.addAuthPolicy({
          path: '/openapi.json',
          allow: 'unauthenticated',
        });

        registerActions({
          actionsRegistry: deps.actionsRegistry,
          reader,
          environments: environments.environments.map(e => e.name),
        });
      },
    });
  },
});

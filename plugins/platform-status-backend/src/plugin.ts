import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { platformStatusPermissions } from '@groundwork/plugin-platform-status-common';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import { ScmIntegrations } from '@backstage/integration';
import {
  AdmissionCollector,
  CostActualsSource,
  DeliveryCollector,
  DriftSource,
  platformStatusSourcesExtensionPoint,
} from '@groundwork/plugin-platform-status-node';
import { registerActions } from './actions/registerActions';
import { AlertNotifier } from './alerts/AlertNotifier';
import { AlertStates } from './alerts/AlertStates';
import { createRouter } from './api/router';
import { StatusReader } from './api/StatusReader';
import { compareUrlFor } from './status/compareUrl';
import { CatalogSync } from './catalog/CatalogSync';
import { DeliveryActions } from './api/DeliveryActions';
import { readPlatformStatusConfig } from './config';
import { CostCollector } from './cost/CostCollector';
import {
  DeliveryCollectors,
  admissionRecorder,
} from './delivery/DeliveryCollectors';
import { readDriftSettings } from './drift/config';
import { readExpirySettings } from './expiry/config';
import { ExpiryJob } from './expiry/ExpiryJob';
import { ExpiryRecords } from './expiry/ExpiryRecords';
import { ScaffolderTeardownTasks } from './expiry/ScaffolderTasks';
import { DriftRunner } from './drift/DriftRunner';
import { ReporterAccess } from './ingest/ReporterAccess';
import { EntityReadAccess } from './permissions/EntityReadAccess';
import { StatusService } from './status/StatusService';
import { requestsInForceReader } from './status/requestsInForce';
import { requestsServiceRef } from '@groundwork/plugin-requests-node';
import { KnexStatusStore } from './store/knex/KnexStatusStore';

/**
 * Groundwork platform status: environments, delivery, cost and compliance
 * per entity. Delivery collectors and the billing source come from modules
 * through `platformStatusSourcesExtensionPoint`.
 */
export const platformStatusPlugin = createBackendPlugin({
  pluginId: 'platform-status',
  register(env) {
    const collectors: DeliveryCollector[] = [];
    let costSource: CostActualsSource | undefined;
    let admissionCollector: AdmissionCollector | undefined;
    const driftSources: DriftSource[] = [];
    env.registerExtensionPoint(platformStatusSourcesExtensionPoint, {
      addDeliveryCollector(collector) {
        if (collectors.some(c => c.id === collector.id)) {
          throw new Error(
            `Two platform-status modules add the delivery collector "${collector.id}"; install one.`,
          );
        }
        collectors.push(collector);
      },
      setAdmissionCollector(collector) {
        if (admissionCollector) {
          throw new Error(
            `Two platform-status modules set an admission collector ("${admissionCollector.id}" and "${collector.id}"); install one.`,
          );
        }
        admissionCollector = collector;
      },
      setCostActualsSource(source) {
        if (costSource) {
          throw new Error(
            `Two platform-status modules set a billing source ("${costSource.name}" and "${source.name}"); install one.`,
          );
        }
        costSource = source;
      },
      addDriftSource(source) {
        const at = driftSources.findIndex(d => d.id === source.id);
        if (at < 0) {
          driftSources.push(source);
          return;
        }
        // A source installed switched off gives way to a working one of the
        // same kind (an adopter's own module), in whichever order they start.
        if (source.disabledReason) return;
        if (driftSources[at].disabledReason) {
          driftSources[at] = source;
          return;
        }
        throw new Error(
          `Two platform-status modules add the drift source "${source.id}"; install one.`,
        );
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
        requests: requestsServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler } = deps;
        const environments = readGroundworkEnvironments(config);
        const settings = readPlatformStatusConfig(config);
        const expirySettings = readExpirySettings(config);
        const cost = costSource;

        const store = await KnexStatusStore.create({
          database: deps.database,
        });
        // The store's migrations made its table.
        const expiryRecords = new ExpiryRecords(
          await deps.database.getClient(),
        );
        const service = new StatusService({
          store,
          environments,
          compareUrl: compareUrlFor(ScmIntegrations.fromConfig(config)),
          trendPoints: settings.history.trendPoints,
          argocd: {
            instances: collectors.flatMap(c => c.origins.names),
            defaultInstance: collectors.find(c => c.origins.defaultOrigin)
              ?.origins.defaultOrigin,
          },
          admissionClusters: admissionCollector?.clusters,
          driftSources,
          costSource: cost && {
            name: cost.name,
            covers: name => {
              const e = environments.find(name);
              return Boolean(e && cost.covers(e));
            },
          },
          expiryRecords,
          readInForce: requestsInForceReader({
            requests: deps.requests,
            auth: deps.auth,
            logger,
          }),
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
        const delivery = new DeliveryCollectors(collectors, service);

        deps.permissionsRegistry.addPermissions(platformStatusPermissions);

        await scheduler.scheduleTask({
          id: 'platform-status-catalog-sync',
          ...settings.catalogSync.schedule,
          fn: async () => {
            await sync.run();
          },
        });
        for (const collector of collectors) {
          await scheduler.scheduleTask({
            id: `platform-status-${collector.id}`,
            ...collector.schedule,
            fn: async signal => delivery.run(collector, signal as AbortSignal),
          });
        }
        if (admissionCollector) {
          const admission = admissionCollector;
          const recorder = admissionRecorder(service);
          await scheduler.scheduleTask({
            id: `platform-status-${admission.id}`,
            ...admission.schedule,
            fn: async signal =>
              admission.collect(recorder, signal as AbortSignal),
          });
        }
        if (cost) {
          const costs = new CostCollector({
            source: cost,
            service,
            logger,
          });
          await scheduler.scheduleTask({
            id: 'platform-status-cost-actuals',
            ...settings.cost.schedule,
            fn: async signal => costs.run(signal as AbortSignal),
          });
        }
        if (settings.alerts.enabled) {
          const alerts = new AlertNotifier({
            store,
            states: new AlertStates(await deps.database.getClient()),
            notifications: deps.notifications,
            environments,
            logger,
          });
          if (settings.alerts.immediate) {
            await scheduler.scheduleTask({
              id: 'platform-status-alerts',
              ...settings.alerts.schedule,
              fn: async () => {
                await alerts.run();
              },
            });
          }
          if (settings.alerts.digestSchedule) {
            await scheduler.scheduleTask({
              id: 'platform-status-alerts-digest',
              ...settings.alerts.digestSchedule,
              fn: async () => {
                await alerts.digest();
              },
            });
          }
        }
        // Only switched-off sources: nothing to check, no task.
        if (driftSources.some(d => !d.disabledReason)) {
          const driftSettings = readDriftSettings(config);
          const drift = new DriftRunner({
            sources: driftSources,
            service,
            settings: driftSettings,
            logger,
          });
          // A cluster-wide task: with several replicas on one database, one
          // of them runs each cycle.
          await scheduler.scheduleTask({
            id: 'platform-status-drift',
            ...driftSettings.schedule,
            fn: async signal => drift.run(signal as AbortSignal),
          });
        }
        if (expirySettings.enabled) {
          const expiry = new ExpiryJob({
            catalog: deps.catalog,
            auth: deps.auth,
            records: expiryRecords,
            tasks: new ScaffolderTeardownTasks({
              discovery: deps.discovery,
              auth: deps.auth,
            }),
            notifications: deps.notifications,
            environments,
            settings: expirySettings,
            logger,
            // The entity page reads the job's records against the entity as
            // the catalog sync last mirrored it; an annotation the owner
            // changed since (the job reads the catalog itself) would match
            // no record, and the page would show the old expiry as
            // scheduled instead of, say, the teardown's failure. Mirror the
            // entities whose expiry changed now.
            onChange: async refs => {
              const credentials = await deps.auth.getOwnServiceCredentials();
              for (const ref of refs) await sync.syncOne(ref, credentials);
              service.expiryChanged(refs);
            },
          });
          // Cluster-wide (the scheduler's default): one replica runs each
          // cycle; the records' key guards the rest.
          await scheduler.scheduleTask({
            id: 'platform-status-expiry',
            ...expirySettings.schedule,
            fn: async () => {
              await expiry.run();
            },
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

        // One path for sync and rollback, whether asked through REST or MCP.
        const deliveryActions = new DeliveryActions({
          service,
          reader,
          delivery,
          permissions: deps.permissions,
          catalog: deps.catalog,
          auth: deps.auth,
          auditor: deps.auditor,
          logger,
        });
        deps.httpRouter.use(
          await createRouter({
            service,
            reader,
            sync,
            delivery,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            logger,
            refreshMinIntervalSeconds: settings.refresh.minIntervalSeconds,
            maxFindings: settings.ingestion.maxFindings,
            maxBodyBytes: settings.ingestion.maxBodyBytes,
            deliveryActions,
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
          deliveryActions,
          environments: environments.environments.map(e => e.name),
        });
      },
    });
  },
});

import {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  ArgoCdApplication,
  ArgoCdClient,
  ArgoCdInstance,
  ArgoCdRevisionHistory,
} from '@groundwork/plugin-argocd-node';
import {
  ARGOCD_APP_SELECTOR,
  ARGOCD_LABEL_ENTITY_KIND,
  ARGOCD_LABEL_ENTITY_NAME,
  ARGOCD_LABEL_ENTITY_NAMESPACE,
  ARGOCD_LABEL_ENVIRONMENT,
  entityFromArgoCdLabels,
} from '@groundwork/plugin-groundwork-common';
import type {
  DeliveryCollector,
  DeliveryData,
  DeliveryItem,
  DeliveryRecorder,
  SourceEntity,
} from '@groundwork/plugin-platform-status-node';
import { deploymentsOf, gitSourceOf } from './deployments';
import { CommitReader } from './CommitReader';

/** Apps named by `groundwork.dev/argocd-apps`, per instance and app name. */
type AnnotatedApps = Map<
  string,
  Map<string, { entityRef: string; environment: string }>
>;

function latest(times: Array<string | undefined>): string | undefined {
  return times
    .filter((t): t is string => Boolean(t))
    .sort()
    .pop();
}

export function deliveryDataOf(
  app: ArgoCdApplication,
  client: ArgoCdClient,
): DeliveryData {
  const status = app.status ?? {};
  // What runs is what the newest successful sync deployed (a rollback
  // included). `status.sync.revision` is what Git's target resolves to
  // (`CompareAppState` in argo-cd controller/state.go): after a rollback,
  // or with a commit not synced yet, it names what does not run.
  const newest = (status.history ?? []).reduce<
    ArgoCdRevisionHistory | undefined
  >(
    (a, h) => (a === undefined || Number(h.id) > Number(a.id) ? h : a),
    undefined,
  );
  return {
    instance: client.name,
    appName: app.metadata.name,
    appNamespace: app.metadata.namespace,
    project: app.spec.project,
    syncStatus: status.sync?.status,
    healthStatus: status.health?.status,
    revision:
      newest?.revision ??
      newest?.revisions?.[0] ??
      status.sync?.revision ??
      status.operationState?.syncResult?.revision,
    lastDeployedAt: latest([
      ...(status.history ?? []).map(h => h.deployedAt),
      status.operationState?.phase === 'Succeeded'
        ? status.operationState.finishedAt
        : undefined,
    ]),
    url: client.appUrl(app.metadata.name, app.metadata.namespace),
    repoURL: gitSourceOf(app)?.repoURL,
    automatedSync: Boolean(
      (app.spec.syncPolicy as { automated?: unknown } | undefined)?.automated,
    ),
    ...(status.operationState?.phase && {
      operation: {
        phase: status.operationState.phase,
        startedAt: status.operationState.startedAt,
        finishedAt: status.operationState.finishedAt,
        message: status.operationState.message || undefined,
      },
    }),
  };
}

/** An app placed on an entity's environment, with its data and syncs. */
export function itemOf(
  app: ArgoCdApplication,
  client: ArgoCdClient,
  target: { entityRef: string; environment: string },
): DeliveryItem & { app: ArgoCdApplication } {
  return {
    ...target,
    app,
    data: deliveryDataOf(app, client),
    deployments: deploymentsOf(app),
  };
}

/**
 * Collects sync and health from every configured Argo CD instance: one list
 * call per instance per cycle, each instance on its own, so one that fails
 * is marked failed while the others' data stays current.
 */
export class ArgoCdCollector implements DeliveryCollector {
  readonly id = 'argocd';
  readonly schedule: SchedulerServiceTaskScheduleDefinition;
  readonly origins: { names: string[]; defaultOrigin?: string };
  private readonly clients: ArgoCdClient[];
  private readonly commits: CommitReader;

  constructor(
    private readonly deps: {
      instances: ArgoCdInstance[];
      /** Where an environment without `argocdInstance` is delivered from. */
      defaultInstance?: string;
      schedule: SchedulerServiceTaskScheduleDefinition;
      logger: LoggerService;
      /** Retries per request; tests lower it. */
      maxRetries?: number;
      /** Commit reads per instance per cycle (default 100), and at once (default 4). */
      commitReads?: { perCycle?: number; concurrency?: number };
    },
  ) {
    this.schedule = deps.schedule;
    this.origins = {
      names: deps.instances.map(i => i.name),
      defaultOrigin: deps.defaultInstance,
    };
    this.clients = deps.instances.map(
      instance =>
        new ArgoCdClient({ instance, maxRetries: deps.maxRetries ?? 2 }),
    );
    this.commits = new CommitReader({
      logger: deps.logger,
      perCycle: deps.commitReads?.perCycle ?? 100,
      concurrency: deps.commitReads?.concurrency ?? 4,
    });
  }

  private annotatedApps(
    entities: SourceEntity[],
    environments: DeliveryRecorder['environments'],
  ): AnnotatedApps {
    const byInstance: AnnotatedApps = new Map();
    for (const entity of entities) {
      for (const [environment, app] of Object.entries(
        entity.settings.argocdApps,
      )) {
        const instance =
          app.instance ??
          environments.find(environment)?.argocdInstance ??
          this.clients[0]?.name;
        if (!instance) continue;
        const apps = byInstance.get(instance) ?? new Map();
        apps.set(app.app, { entityRef: entity.entityRef, environment });
        byInstance.set(instance, apps);
      }
    }
    return byInstance;
  }

  private match(
    app: ArgoCdApplication,
    annotated: Map<string, { entityRef: string; environment: string }>,
    environments: DeliveryRecorder['environments'],
  ) {
    const target =
      annotated.get(app.metadata.name) ??
      entityFromArgoCdLabels(app.metadata.labels);
    if (!target || !environments.find(target.environment)) return undefined;
    return target;
  }

  /** One collection cycle over every instance. */
  async collect(recorder: DeliveryRecorder, signal?: AbortSignal) {
    const { logger } = this.deps;
    const { environments } = recorder;
    const annotated = this.annotatedApps(
      await recorder.mirroredEntities(),
      environments,
    );
    const touched: string[] = [];
    await Promise.all(
      this.clients.map(async client => {
        const at = new Date().toISOString();
        const apps = annotated.get(client.name) ?? new Map();
        try {
          // Annotated apps lack our labels: then the one call lists all
          // apps and keeps those it can place.
          const list = await client.listApplications({
            selector: apps.size > 0 ? undefined : ARGOCD_APP_SELECTOR,
            signal,
          });
          const placed = [];
          for (const app of list) {
            const target = this.match(app, apps, environments);
            if (target) placed.push(itemOf(app, client, target));
          }
          const items = await this.commits.read(client, placed, {
            recorded: await recorder.recordedDelivery?.(client.name),
            signal,
          });
          touched.push(
            ...(await recorder.recordDelivery(client.name, items, at)),
          );
          await recorder.recordCollection(client.name, {
            ok: true,
            at,
          });
        } catch (error) {
          const message = (error as Error).message;
          logger.warn(
            `Argo CD instance "${client.name}" could not be collected: ${message}`,
          );
          await recorder.recordCollection(client.name, {
            ok: false,
            at,
            error: message,
          });
        }
      }),
    );
    await recorder.refreshOverview(touched);
  }

  private client(instance: string): ArgoCdClient {
    const client = this.clients.find(c => c.name === instance);
    if (!client) {
      // The plugin asks only the collector whose origins name the instance.
      throw new Error(
        `No Argo CD instance "${instance}" is configured in argocd.instances; the environment's delivery was recorded from it.`,
      );
    }
    return client;
  }

  /** `POST .../sync` of the recorded app, as this backend's Argo CD account. */
  async sync(target: DeliveryData, options: { signal?: AbortSignal } = {}) {
    await this.client(target.instance).syncApplication(target.appName, {
      appNamespace: target.appNamespace,
      project: target.project,
      signal: options.signal,
    });
  }

  /** `POST .../rollback` of the recorded app to history entry `historyId`. */
  async rollback(
    target: DeliveryData,
    historyId: number,
    options: { signal?: AbortSignal } = {},
  ) {
    await this.client(target.instance).rollbackApplication(
      target.appName,
      historyId,
      {
        appNamespace: target.appNamespace,
        project: target.project,
        signal: options.signal,
      },
    );
  }

  /** Re-reads one entity's applications now (the refresh route). */
  async collectEntity(
    entity: SourceEntity,
    recorder: DeliveryRecorder,
    signal?: AbortSignal,
  ) {
    const { environments } = recorder;
    const ref = parseEntityRef(entity.entityRef);
    const selector = [
      `${ARGOCD_LABEL_ENTITY_KIND}=${ref.kind}`,
      `${ARGOCD_LABEL_ENTITY_NAMESPACE}=${ref.namespace}`,
      `${ARGOCD_LABEL_ENTITY_NAME}=${ref.name}`,
      ARGOCD_LABEL_ENVIRONMENT,
    ].join(',');
    const annotated = this.annotatedApps([entity], environments);
    await Promise.all(
      this.clients.map(async client => {
        const apps = annotated.get(client.name) ?? new Map();
        const at = new Date().toISOString();
        const found = [
          ...(await client.listApplications({ selector, signal })),
          ...(
            await Promise.all(
              [...apps.keys()].map(name =>
                client
                  .request<{ items?: ArgoCdApplication[] | null }>(
                    'GET',
                    '/api/v1/applications',
                    { query: { name }, signal },
                  )
                  .then(r => r.items ?? []),
              ),
            )
          ).flat(),
        ];
        const placed = found
          .map(app => ({ app, target: this.match(app, apps, environments) }))
          .filter(x => x.target?.entityRef === entity.entityRef)
          .map(x => itemOf(x.app, client, x.target!));
        const items = await this.commits.read(client, placed, {
          recorded: await recorder.recordedDelivery?.(client.name),
          signal,
        });
        await recorder.recordDelivery(client.name, items, at, {
          entityRef: entity.entityRef,
        });
      }),
    );
    await recorder.refreshOverview([entity.entityRef]);
  }
}

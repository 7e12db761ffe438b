import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Request } from 'express';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { DeliveryActionResponse } from '@groundwork/plugin-platform-status-common';
import { authorizeEntityChangeIn } from '@groundwork/plugin-groundwork-node';
import type { DeliveryCollectors } from '../delivery/DeliveryCollectors';
import type { StatusService } from '../status/StatusService';
import { describeCaller } from '../ingest/ReporterAccess';
import type { StatusReader } from './StatusReader';

export type DeliveryAction =
  | { kind: 'sync' }
  | { kind: 'rollback'; historyId: number };

/**
 * Argo CD's refusals (HTTP 400, see `SetAppOperation` in argo-cd
 * util/argo/argo.go and `Rollback` in server/application/application.go)
 * in words that say what to do; anything else passes as the client put it.
 */
function explain(error: unknown, appName: string, action: DeliveryAction) {
  const message = (error as Error)?.message ?? '';
  if (/another operation is already in progress/.test(message)) {
    return new ConflictError(
      `Argo CD is already running an operation on ${appName}. Wait for it to finish (the environment's delivery shows it), then try again.`,
    );
  }
  if (/rollback cannot be initiated when auto-sync is enabled/.test(message)) {
    return new ConflictError(
      `${appName} has automated sync on, so Argo CD refuses a rollback: the next automated sync would undo it. Revert the change in Git instead, or turn automated sync off first.`,
    );
  }
  if (
    action.kind === 'rollback' &&
    /does not have deployment with id/.test(message)
  ) {
    return new NotFoundError(
      `Argo CD no longer keeps sync #${action.historyId} of ${appName} (it keeps the last revisionHistoryLimit syncs); pick a newer one.`,
    );
  }
  if (error instanceof NotAllowedError) {
    return new NotAllowedError(
      `Argo CD refused the portal's own account: ${message}`,
    );
  }
  return error;
}

/**
 * Sync and rollback of an entity's environment, with the delivery
 * collector's own credentials, for a caller who may read the entity and
 * change it (its owners, administrators) and, for a production
 * environment, change production (groundwork.permissions.productionGroups).
 */
export class DeliveryActions {
  constructor(
    private readonly deps: {
      service: StatusService;
      reader: StatusReader;
      delivery?: DeliveryCollectors;
      permissions: PermissionsService;
      catalog: CatalogService;
      auth: AuthService;
      auditor: AuditorService;
      logger: LoggerService;
    },
  ) {}

  /**
   * The one way in, for the REST routes and the MCP actions alike: refuses
   * anyone but a person, checks and runs the action, and audits every
   * attempt (`delivery-sync`, `delivery-rollback`) with who asked and
   * through what. A service principal is refused before any permission is
   * asked, because the permission framework allows service principals
   * everything: a plugin's or an external token would otherwise act with
   * the portal's Argo CD account for nobody in particular.
   */
  async perform(options: {
    credentials: BackstageCredentials;
    entityRef: string;
    environment: string;
    action: DeliveryAction;
    /** The HTTP request, for the route; actions have none. */
    request?: Request;
    /** How the caller came in, for the audit trail. */
    via: 'rest' | 'action';
  }): Promise<DeliveryActionResponse> {
    const { credentials, entityRef, environment, action } = options;
    const { caller, onBehalfOf } = describeCaller(credentials);
    const event = await this.deps.auditor.createEvent({
      eventId: `delivery-${action.kind}`,
      severityLevel: this.deps.service.environments.find(environment)
        ?.production
        ? 'high'
        : 'medium',
      ...(options.request && { request: options.request }),
      meta: {
        entityRef,
        environment,
        ...action,
        caller,
        ...(onBehalfOf && { onBehalfOf }),
        via: options.via,
      },
    });
    try {
      if (!this.deps.auth.isPrincipal(credentials, 'user')) {
        throw new NotAllowedError(
          `${caller} may not ${action.kind} ${environment} of ${entityRef}: only a signed-in person may, with their own token (or an AI agent's on their behalf), since who may is decided by that person's ownership of the entity.`,
        );
      }
      const started = await this.run(
        credentials,
        entityRef,
        environment,
        action,
      );
      await event.success({
        meta: { instance: started.instance, appName: started.appName },
      });
      return started;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  private async run(
    credentials: BackstageCredentials,
    entityRef: string,
    environment: string,
    action: DeliveryAction,
  ): Promise<DeliveryActionResponse> {
    const { service, reader, delivery } = this.deps;
    if (
      action.kind === 'rollback' &&
      (!Number.isSafeInteger(action.historyId) || action.historyId < 0)
    ) {
      throw new InputError(
        'historyId must be a whole number from the deployment history (its historyId field).',
      );
    }
    // 404 unless the caller may read the entity, as for its status.
    await reader.entityStatus(credentials, entityRef);
    const env = service.environments.find(environment);
    if (!env) {
      throw new NotFoundError(
        `Platform status has no environment "${environment}".`,
      );
    }
    const what =
      action.kind === 'sync'
        ? `sync ${environment}`
        : `roll back ${environment}`;
    await authorizeEntityChangeIn({
      ...this.deps,
      credentials,
      entityRef,
      environment: { name: env.name, production: Boolean(env.production) },
      what,
    });
    const target = await service.deliveryData(entityRef, environment);
    const collector = target && delivery?.collectorFor(target.instance);
    const act = collector?.[action.kind];
    if (!target || !collector || !act) {
      throw new ConflictError(
        `No Argo CD application is recorded for ${entityRef} in ${environment}, so there is nothing to ${action.kind}. Refresh the page once its application exists.`,
      );
    }
    if (action.kind === 'rollback') {
      const known = await service.deploymentHistory(entityRef, environment, 50);
      if (
        !known.items.some(
          d =>
            d.historyId === action.historyId &&
            d.appName === target.appName &&
            d.instance === target.instance,
        )
      ) {
        throw new InputError(
          `${target.appName} has no recorded sync with history id ${action.historyId}; pick one from the environment's deployment history.`,
        );
      }
    }
    try {
      if (action.kind === 'sync') await collector.sync!(target);
      else await collector.rollback!(target, action.historyId);
    } catch (error) {
      throw explain(error, target.appName, action);
    }
    // Shown at once rather than on the next cycle: the operation started.
    const found = await service.getEntityStatus(entityRef);
    if (found) {
      await delivery!
        .collectEntity(found.entity)
        .catch(error =>
          this.deps.logger.warn(
            `Re-reading delivery of ${entityRef} after a ${action.kind} failed: ${error.message}`,
          ),
        );
    }
    return {
      entityRef,
      environment,
      action: action.kind,
      instance: target.instance,
      appName: target.appName,
      ...(action.kind === 'rollback' && { historyId: action.historyId }),
    };
  }
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';

type NotificationPayload = Parameters<
  NotificationService['send']
>[0]['payload'];

/** The entity's Platform status tab, as a link in the app. */
export function entityPageLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind.toLowerCase()}/${name}/platform-status`;
}

/**
 * Sends one notice to an entity, or to several at once (the notifications
 * backend resolves a component to its owner's members, a group to its
 * members, and sends each person one). A refusal is
 * logged, not thrown: the caller keeps what it has not told and tries again
 * on its next run. Returns whether it was sent.
 */
export async function sendNotice(
  deps: { notifications: NotificationService; logger: LoggerService },
  entityRef: string | string[],
  payload: NotificationPayload,
): Promise<boolean> {
  try {
    await deps.notifications.send({
      recipients: { type: 'entity', entityRef },
      payload,
    });
    return true;
  } catch (error) {
    deps.logger.warn(
      `Could not send the ${payload.topic ?? 'platform-status'} notice for ${[
        entityRef,
      ]
        .flat()
        .join(' and ')}; it is retried next run: ${stringifyError(error)}`,
    );
    return false;
  }
}

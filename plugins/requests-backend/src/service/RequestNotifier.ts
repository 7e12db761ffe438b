import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { GroundworkRequest } from '@groundwork/plugin-requests-common';

/**
 * Tells the approvers that a request waits for them, and the requester how
 * it was decided and applied. A notification that cannot be sent is logged,
 * never a reason to fail the request.
 */
export class RequestNotifier {
  constructor(
    private readonly notifications: NotificationService | undefined,
    private readonly logger: LoggerService,
  ) {}

  private link(request: GroundworkRequest) {
    return `/requests/${request.id}`;
  }

  private async send(
    entityRef: string | string[],
    exclude: string | undefined,
    payload: { title: string; description?: string; link: string },
  ) {
    if (!this.notifications) return;
    try {
      await this.notifications.send({
        recipients: {
          type: 'entity',
          entityRef,
          ...(exclude && { excludeEntityRef: exclude }),
        },
        payload: { ...payload, topic: 'requests', severity: 'normal' },
      });
    } catch (error) {
      this.logger.warn(
        `Could not send a notification: ${stringifyError(error)}`,
      );
    }
  }

  async requested(request: GroundworkRequest) {
    await this.send(request.approverGroups, request.requestedBy, {
      title: `Approval needed: ${request.title}`,
      description: `${request.requestedBy} asks: ${request.reason}`,
      link: this.link(request),
    });
  }

  async decided(request: GroundworkRequest) {
    if (request.state !== 'rejected') return;
    await this.send(request.requestedBy, undefined, {
      title: `Rejected: ${request.title}`,
      description: `${request.decidedBy}: ${request.comment ?? ''}`,
      link: this.link(request),
    });
  }

  async applied(request: GroundworkRequest) {
    await this.send(request.requestedBy, undefined, {
      title:
        request.state === 'applied'
          ? `Approved and applied: ${request.title}`
          : `Approved, but applying failed: ${request.title}`,
      description:
        request.state === 'applied'
          ? `Approved by ${request.decidedBy}.`
          : request.error,
      link: this.link(request),
    });
  }
}

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

  /** Once, within a day of the end: the requester can ask again in time. */
  async endsSoon(request: GroundworkRequest, now: Date) {
    if (!request.expiresAt) return;
    await this.send(request.requestedBy, undefined, {
      title: `Ends ${whenItEnds(request.expiresAt, now)}: ${request.title}`,
      description: `It stops applying at ${request.expiresAt}. Ask again before then if it is still needed.`,
      link: this.link(request),
    });
  }

  /** Access that should have ended still holds: the approvers must know. */
  async revokeNotHolding(request: GroundworkRequest, attempts: number) {
    await this.send(request.approverGroups, undefined, {
      title: `Still in force after ${attempts} revocation attempts: ${request.title}`,
      description: `${
        request.revokeError ?? 'The revocation did not hold'
      }. It is retried until it holds; check the system by hand.`,
      link: this.link(request),
    });
  }

  async ended(request: GroundworkRequest) {
    if (request.state !== 'expired' && request.state !== 'revoked') return;
    await this.send(request.requestedBy, undefined, {
      title:
        request.state === 'expired'
          ? `Expired: ${request.title}`
          : `Revoked: ${request.title}`,
      description:
        request.state === 'expired'
          ? `It ended at ${request.expiresAt} and no longer applies.`
          : `${request.revokedBy} ended it early; it no longer applies.`,
      link: this.link(request),
    });
  }
}

/** "today at 14:00 UTC", "tomorrow at 09:30 UTC", or the date for later. */
export function whenItEnds(expiresAt: string, now: Date): string {
  const at = new Date(expiresAt);
  const time = at.toISOString().slice(11, 16);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const tomorrow = new Date(now.getTime() + 86_400_000);
  if (day(at) === day(now)) return `today at ${time} UTC`;
  if (day(at) === day(tomorrow)) return `tomorrow at ${time} UTC`;
  return `on ${day(at)} at ${time} UTC`;
}

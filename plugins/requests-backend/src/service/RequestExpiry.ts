import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type {
  GroundworkRequest,
  RequestState,
} from '@groundwork/plugin-requests-common';
import type { RequestApplier } from '@groundwork/plugin-requests-node';
import type { RequestStore } from '../store/RequestStore';
import type { RequestNotifier } from './RequestNotifier';

/** How long one replica holds a request while it revokes it. */
export const REVOKE_CLAIM_MS = 10 * 60_000;
/** A revocation that did not hold is retried after 1, 2, 4 … minutes, at most an hour. */
const retryDelayMs = (attempts: number) =>
  Math.min(60_000 * 2 ** Math.min(attempts, 10), 3_600_000);
/** After this many failed revocations in a row, the approvers are told. */
const ESCALATE_AFTER_ATTEMPTS = 3;
/** The requester is told this long before a request ends. */
const NOTICE_BEFORE_MS = 24 * 3_600_000;

/** What one expiry run did, for the log and the tests. */
export interface ExpiryRunSummary {
  noticed: number;
  ended: number;
  failed: number;
}

/**
 * How requests end: the expiry job's runs, and the revocation a person's
 * early end shares with them. Every request is claimed in the database
 * before it is notified or revoked.
 */
export class RequestExpiry {
  constructor(
    private readonly deps: {
      store: RequestStore;
      /** The applier of a kind, or a throw saying none is installed. */
      applier: (kind: string) => RequestApplier;
      auditor: AuditorService;
      logger: LoggerService;
      notifier: RequestNotifier;
      now: () => Date;
    },
  ) {}

  private nowDate() {
    return this.deps.now();
  }

  private now() {
    return this.deps.now().toISOString();
  }

  /**
   * One run of the expiry job: tells requesters once that a request ends
   * within a day, and ends the requests past their end (or asked to end
   * early whose revocation failed before). Every request is claimed in the
   * database first, so two replicas never notify or revoke the same one.
   */
  async run(): Promise<ExpiryRunSummary> {
    const summary: ExpiryRunSummary = { noticed: 0, ended: 0, failed: 0 };
    const now = this.nowDate();
    const soon = await this.deps.store.dueForNotice(
      now.toISOString(),
      new Date(now.getTime() + NOTICE_BEFORE_MS).toISOString(),
    );
    for (const request of soon) {
      const claimed = await this.deps.store.claimNotice(request.id, {
        at: now.toISOString(),
        actor: 'plugin:requests',
        action: 'expiry-notice',
        comment: `ends at ${request.expiresAt}`,
      });
      if (!claimed) continue;
      summary.noticed += 1;
      await this.deps.notifier.endsSoon(request, now);
    }
    const due = await this.deps.store.dueForRevoke(now.toISOString());
    for (const { request } of due) {
      const claimed = await this.deps.store.claimRevoke(
        request.id,
        now.toISOString(),
        new Date(now.getTime() + REVOKE_CLAIM_MS).toISOString(),
      );
      if (!claimed) continue;
      const ended = await this.end(claimed.request, claimed.revokeAttempts);
      if (ended.state === 'applied') summary.failed += 1;
      else summary.ended += 1;
    }
    // Nothing was applied, so nothing to revoke: the request just ends,
    // and the approvers' list no longer shows it as waiting.
    for (const request of await this.deps.store.undecidedPastEnd(
      now.toISOString(),
    )) {
      const ended = await this.deps.store.transition(
        request.id,
        ['requested'],
        'expired',
        { endedAt: now.toISOString() },
        {
          at: now.toISOString(),
          actor: 'plugin:requests',
          action: 'expired',
          comment: `its end (${request.expiresAt}) passed before anyone decided it; ask again if it is still needed`,
        },
      );
      if (!ended) continue;
      summary.ended += 1;
      await this.deps.notifier.ended(ended);
    }
    return summary;
  }

  /**
   * Revokes a claimed request through its applier and ends it once the
   * revocation holds: `revoked` when a person asked, `expired` otherwise.
   * Kinds without `revoke` (their effect ends with `expiresAt`) end at once.
   */
  async end(
    request: GroundworkRequest,
    attempts: number,
    comment?: string,
  ): Promise<GroundworkRequest> {
    const to: RequestState = request.revokedBy ? 'revoked' : 'expired';
    const audit = await this.deps.auditor.createEvent({
      eventId: to === 'revoked' ? 'request-revoke' : 'request-expire',
      severityLevel: 'high',
      meta: {
        requestId: request.id,
        kind: request.kind,
        requestedBy: request.requestedBy,
        ...(request.revokedBy && { revokedBy: request.revokedBy }),
        expiresAt: request.expiresAt,
        attempt: attempts + 1,
      },
    });
    const actor = request.revokedBy ?? 'plugin:requests';
    let detail: string | undefined;
    try {
      const applier = this.deps.applier(request.kind);
      if (applier.revoke) {
        const result = await applier.revoke(request, {
          logger: this.deps.logger.child({ requestId: request.id }),
        });
        detail = result.changes
          .map(c => `${c.system} ${c.target}: ${c.status ?? 'done'}`)
          .join('; ');
        if (!result.verified) {
          const failed = result.changes.filter(c => c.status === 'failed');
          throw new Error(
            failed.length
              ? failed
                  .map(c => `${c.target}: ${c.detail ?? 'failed'}`)
                  .join('; ')
              : `the revocation could not be verified (${
                  detail || 'no changes reported'
                })`,
          );
        }
      }
    } catch (error) {
      const message =
        error instanceof Error ? error.message : stringifyError(error);
      const now = this.nowDate();
      const retryAt = new Date(
        now.getTime() + retryDelayMs(attempts),
      ).toISOString();
      this.deps.logger.warn(
        `Revoking request ${request.id} did not hold (attempt ${
          attempts + 1
        }), retried at ${retryAt}: ${message}`,
      );
      await audit.fail({ error: error as Error });
      const kept = await this.deps.store.revokeFailed(
        request.id,
        message,
        retryAt,
        {
          at: now.toISOString(),
          actor: 'plugin:requests',
          action: 'revoke-failed',
          comment: `${
            comment ? `${comment} — ` : ''
          }${message}; retried at ${retryAt}`,
        },
      );
      if (kept && attempts + 1 === ESCALATE_AFTER_ATTEMPTS) {
        await this.deps.notifier.revokeNotHolding(kept, attempts + 1);
      }
      return kept ?? request;
    }
    const at = this.now();
    const ended = await this.deps.store.transition(
      request.id,
      ['applied'],
      to,
      { endedAt: at, revokeError: null },
      {
        at,
        actor,
        action: to,
        comment: [comment, detail].filter(Boolean).join(' — ') || undefined,
      },
    );
    await audit.success();
    const final = ended ?? (await this.deps.store.get(request.id))!;
    await this.deps.notifier.ended(final);
    return final;
  }
}

import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  stringifyError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { groundworkRequestApprovePermission } from '@groundwork/plugin-groundwork-common';
import type {
  GroundworkRequest,
  NewRequest,
  RequestState,
} from '@groundwork/plugin-requests-common';
import type { RequestApplier } from '@groundwork/plugin-requests-node';
import { randomUUID } from 'node:crypto';
import type { RequestNotifier } from './RequestNotifier';
import type { RequestStore } from '../store/RequestStore';

/** The person behind a call, or a refusal: requests are made and decided by people. */
function personOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as { type: string; userEntityRef?: string };
  if (p.type !== 'user' || !p.userEntityRef) {
    throw new NotAllowedError(
      'Requests are asked for and decided by signed-in people; this call carries no user.',
    );
  }
  return p.userEntityRef;
}

const sameRef = (a?: string, b?: string) =>
  !!a && !!b && a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/**
 * The rules of a request's life: made by a person through an applier that
 * checks and describes it; decided by someone else whom the permission
 * policy lets approve; applied right after approval; every step audited
 * and kept in the request's history.
 */
export class RequestService {
  constructor(
    private readonly deps: {
      store: RequestStore;
      appliers: Map<string, RequestApplier>;
      permissions: PermissionsService;
      auditor: AuditorService;
      logger: LoggerService;
      notifier: RequestNotifier;
      approverGroups: string[];
      now?: () => Date;
    },
  ) {}

  private now() {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  private applier(kind: string): RequestApplier {
    const applier = this.deps.appliers.get(kind);
    if (!applier) {
      throw new InputError(
        `No applier handles requests of kind "${kind}"; installed kinds: ${
          [...this.deps.appliers.keys()].join(', ') || 'none'
        }. Install the backend module that provides it.`,
      );
    }
    return applier;
  }

  async create(
    input: NewRequest,
    credentials: BackstageCredentials,
  ): Promise<GroundworkRequest> {
    const requestedBy = personOf(credentials);
    if (!input || typeof input.kind !== 'string') {
      throw new InputError('A request needs a kind, e.g. "access".');
    }
    if (typeof input.reason !== 'string' || !input.reason.trim()) {
      throw new InputError('A request needs a reason a reviewer can read.');
    }
    if (this.deps.approverGroups.length === 0) {
      throw new InputError(
        'Nobody could approve this request: groundwork.permissions.approverGroups is empty. Ask a platform administrator to name the approver groups.',
      );
    }
    const applier = this.applier(input.kind);
    const payload = await applier.validate(input.payload);
    const described = await applier.describe(payload);
    const at = this.now();
    const request: GroundworkRequest = {
      id: randomUUID(),
      kind: input.kind,
      state: 'requested',
      title: described.title,
      reason: input.reason.trim().slice(0, 2000),
      requestedBy,
      ...(described.subject && { subject: described.subject }),
      approverGroups: this.deps.approverGroups,
      changes: described.changes.map(c => ({ ...c, status: 'pending' })),
      payload,
      createdAt: at,
      updatedAt: at,
      ...(input.taskId && { taskId: String(input.taskId).slice(0, 63) }),
    };
    const event = await this.deps.auditor.createEvent({
      eventId: 'request-create',
      severityLevel: 'medium',
      meta: { requestId: request.id, kind: request.kind, requestedBy },
    });
    await this.deps.store.insert(request, {
      at,
      actor: requestedBy,
      action: 'requested',
      comment: request.reason,
    });
    await event.success();
    await this.deps.notifier.requested(request);
    return request;
  }

  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<GroundworkRequest> {
    const person = personOf(credentials);
    const request = await this.deps.store.get(id, { events: true });
    // One answer for "missing" and "not yours": nothing to learn by guessing ids.
    if (
      !request ||
      !(
        sameRef(request.requestedBy, person) ||
        sameRef(request.subject, person) ||
        (await this.mayDecide(credentials))
      )
    ) {
      throw new NotFoundError(`No request ${id} that you can see.`);
    }
    return request;
  }

  /** Approvers see every request; anyone else, the ones they asked for or are the subject of. */
  async list(
    credentials: BackstageCredentials,
    filter: { states?: RequestState[]; limit?: number },
  ): Promise<GroundworkRequest[]> {
    const person = personOf(credentials);
    const all = await this.mayDecide(credentials);
    return this.deps.store.list({
      states: filter.states,
      involving: all ? undefined : person,
      limit: Math.min(Math.max(filter.limit ?? 100, 1), 500),
    });
  }

  async mayDecide(credentials: BackstageCredentials): Promise<boolean> {
    const [decision] = await this.deps.permissions.authorize(
      [{ permission: groundworkRequestApprovePermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  async decide(
    id: string,
    verdict: 'approve' | 'reject',
    comment: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<GroundworkRequest> {
    const person = personOf(credentials);
    const event = await this.deps.auditor.createEvent({
      eventId: 'request-decide',
      severityLevel: 'high',
      meta: { requestId: id, verdict, decidedBy: person },
    });
    try {
      const request = await this.deps.store.get(id);
      if (!request) throw new NotFoundError(`No request ${id}.`);
      if (!(await this.mayDecide(credentials))) {
        throw new NotAllowedError(
          `${person} may not decide requests: only members of ${request.approverGroups.join(
            ' or ',
          )} may (groundwork.permissions.approverGroups).`,
        );
      }
      if (sameRef(request.requestedBy, person)) {
        throw new NotAllowedError(
          `${person} asked for this request and cannot decide it: a second person from ${request.approverGroups.join(
            ' or ',
          )} must.`,
        );
      }
      if (sameRef(request.subject, person)) {
        throw new NotAllowedError(
          `The request is about ${person}, who cannot decide it.`,
        );
      }
      if (verdict === 'reject' && !comment?.trim()) {
        throw new InputError(
          'Say why you reject it: the requester reads the comment.',
        );
      }
      const to: RequestState = verdict === 'approve' ? 'approved' : 'rejected';
      const decided = await this.deps.store.transition(
        id,
        ['requested'],
        to,
        { decidedBy: person, comment: comment?.trim() || undefined },
        {
          at: this.now(),
          actor: person,
          action: to,
          comment: comment?.trim() || undefined,
        },
      );
      if (!decided) {
        const current = await this.deps.store.get(id);
        throw new ConflictError(
          `Request ${id} is ${current?.state}${
            current?.decidedBy ? ` (decided by ${current.decidedBy})` : ''
          }; only a request waiting for a decision can be ${to}.`,
        );
      }
      await event.success();
      await this.deps.notifier.decided(decided);
      return verdict === 'approve' ? this.apply(decided) : decided;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  /** Applies a failed request again, for an approver. */
  async retry(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<GroundworkRequest> {
    const person = personOf(credentials);
    if (!(await this.mayDecide(credentials))) {
      throw new NotAllowedError(
        `${person} may not apply requests: only approvers may.`,
      );
    }
    const claimed = await this.deps.store.transition(
      id,
      ['failed'],
      'approved',
      { error: null },
      {
        at: this.now(),
        actor: person,
        action: 'approved',
        comment: 'apply again',
      },
    );
    if (!claimed) {
      const current = await this.deps.store.get(id);
      if (!current) throw new NotFoundError(`No request ${id}.`);
      throw new ConflictError(
        `Request ${id} is ${current.state}; only a failed request is applied again.`,
      );
    }
    return this.apply(claimed);
  }

  /** Applies an approved request; the state says how it went, never an exception. */
  private async apply(request: GroundworkRequest): Promise<GroundworkRequest> {
    const applier = this.applier(request.kind);
    const event = await this.deps.auditor.createEvent({
      eventId: 'request-apply',
      severityLevel: 'high',
      meta: {
        requestId: request.id,
        kind: request.kind,
        requestedBy: request.requestedBy,
        decidedBy: request.decidedBy,
      },
    });
    let outcome: GroundworkRequest | undefined;
    try {
      // Checked again: the applier's rules may have changed since it was asked.
      await applier.validate(request.payload);
      const { changes } = await applier.apply(request, {
        logger: this.deps.logger.child({ requestId: request.id }),
      });
      const failed = changes.filter(c => c.status === 'failed');
      if (failed.length > 0) {
        throw Object.assign(
          new Error(
            failed.map(c => `${c.target}: ${c.detail ?? 'failed'}`).join('; '),
          ),
          { changes },
        );
      }
      outcome = await this.deps.store.transition(
        request.id,
        ['approved'],
        'applied',
        { changes, appliedAt: this.now(), error: null },
        { at: this.now(), actor: 'plugin:requests', action: 'applied' },
      );
      await event.success();
    } catch (error) {
      const message =
        error instanceof Error ? error.message : stringifyError(error);
      this.deps.logger.warn(
        `Applying request ${request.id} failed: ${message}`,
      );
      const changes = (error as { changes?: GroundworkRequest['changes'] })
        .changes;
      outcome = await this.deps.store.transition(
        request.id,
        ['approved'],
        'failed',
        { error: message, ...(changes && { changes }) },
        {
          at: this.now(),
          actor: 'plugin:requests',
          action: 'apply-failed',
          comment: message,
        },
      );
      await event.fail({ error: error as Error });
    }
    const final = outcome ?? (await this.deps.store.get(request.id))!;
    await this.deps.notifier.applied(final);
    return final;
  }
}

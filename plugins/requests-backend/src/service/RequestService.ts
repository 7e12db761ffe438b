import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
  stringifyError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { groundworkRequestApprovePermission } from '@groundwork/plugin-groundwork-common';
import {
  AccessReview,
  BUDGET_REQUEST_KIND,
  BudgetRequestPayload,
  GroundworkRequest,
  InForceList,
  NewRequest,
  RequestState,
  WAIVER_REQUEST_KIND,
  WaiverRequestPayload,
} from '@groundwork/plugin-requests-common';
import type { RequestApplier } from '@groundwork/plugin-requests-node';
import { randomUUID } from 'node:crypto';
import type { RequestNotifier } from './RequestNotifier';
import type { RequestStore } from '../store/RequestStore';
import type { RequestsSettings } from '../config';
import { checkExpiresAt } from './expiresAt';
import {
  ExpiryRunSummary,
  REVOKE_CLAIM_MS,
  RequestExpiry,
} from './RequestExpiry';

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

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * The rules of a request's life: made by a person through an applier that
 * checks and describes it; decided by someone else whom the permission
 * policy lets approve; applied right after approval; every step audited
 * and kept in the request's history.
 */
export class RequestService {
  private readonly expiry: RequestExpiry;

  constructor(
    private readonly deps: {
      store: RequestStore;
      appliers: Map<string, RequestApplier>;
      permissions: PermissionsService;
      auditor: AuditorService;
      logger: LoggerService;
      notifier: RequestNotifier;
      approverGroups: string[];
      userInfo?: UserInfoService;
      settings?: Pick<
        RequestsSettings,
        'maxDuration' | 'environmentMaxDuration'
      >;
      now?: () => Date;
    },
  ) {
    this.expiry = new RequestExpiry({
      store: deps.store,
      applier: kind => this.applier(kind),
      auditor: deps.auditor,
      logger: deps.logger,
      notifier: deps.notifier,
      now: () => this.nowDate(),
    });
  }

  private nowDate() {
    return this.deps.now?.() ?? new Date();
  }

  private now() {
    return this.nowDate().toISOString();
  }

  /** The person's ownership refs (their groups), lower case; none when unknown. */
  private async ownershipOf(
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    if (!this.deps.userInfo) return [];
    try {
      const info = await this.deps.userInfo.getUserInfo(credentials);
      return info.ownershipEntityRefs.map(lower);
    } catch (error) {
      this.deps.logger.debug(
        `Could not read the groups of the caller: ${stringifyError(error)}`,
      );
      return [];
    }
  }

  /**
   * Whether the person may decide this request: the approve permission
   * (the configured approver groups), or membership of one of the groups
   * its applier named for it (e.g. the entity's owners for a waiver
   * outside production).
   */
  private async mayDecideRequest(
    request: GroundworkRequest,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    if (await this.mayDecide(credentials)) return true;
    const extra = await this.deps.store.extraApproverGroups(request.id);
    if (extra.length === 0) return false;
    const mine = await this.ownershipOf(credentials);
    return extra.some(group => mine.includes(group));
  }

  /** A request whose end has passed is never applied: it would be revoked at once. */
  private refuseIfEnded(request: GroundworkRequest) {
    if (request.expiresAt && request.expiresAt <= this.now()) {
      throw new ConflictError(
        `Request ${request.id} was to end at ${request.expiresAt}, which has passed; it cannot be applied. Ask again with a new end.`,
      );
    }
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
    const applier = this.applier(input.kind);
    const payload = await applier.validate(input.payload);
    const described = await applier.describe(payload);
    const extraApproverGroups = [
      ...new Set(
        (described.approverGroups ?? []).filter(
          g => !this.deps.approverGroups.some(c => sameRef(c, g)),
        ),
      ),
    ];
    if (this.deps.approverGroups.length + extraApproverGroups.length === 0) {
      throw new InputError(
        'Nobody could approve this request: groundwork.permissions.approverGroups is empty. Ask a platform administrator to name the approver groups.',
      );
    }
    const expiresAt =
      described.expiresAt !== undefined
        ? checkExpiresAt(
            described.expiresAt,
            described.environment,
            this.nowDate(),
            this.deps.settings,
          )
        : undefined;
    const at = this.now();
    const request: GroundworkRequest = {
      id: randomUUID(),
      kind: input.kind,
      state: 'requested',
      title: described.title,
      reason: input.reason.trim().slice(0, 2000),
      requestedBy,
      ...(described.subject && { subject: described.subject }),
      approverGroups: [...this.deps.approverGroups, ...extraApproverGroups],
      changes: described.changes.map(c => ({ ...c, status: 'pending' })),
      payload,
      createdAt: at,
      updatedAt: at,
      ...(input.taskId && { taskId: String(input.taskId).slice(0, 63) }),
      ...(described.entityRef && { entityRef: lower(described.entityRef) }),
      ...(described.environment && { environment: described.environment }),
      ...(expiresAt && { expiresAt }),
    };
    const event = await this.deps.auditor.createEvent({
      eventId: 'request-create',
      severityLevel: 'medium',
      meta: { requestId: request.id, kind: request.kind, requestedBy },
    });
    await this.deps.store.insert(
      request,
      {
        at,
        actor: requestedBy,
        action: 'requested',
        comment: request.reason,
      },
      extraApproverGroups,
    );
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
        (await this.mayDecideRequest(request, credentials))
      )
    ) {
      throw new NotFoundError(`No request ${id} that you can see.`);
    }
    return request;
  }

  /**
   * Approvers see every request; anyone else, the ones they asked for or
   * are the subject of, and those their groups may decide as extra approvers.
   */
  async list(
    credentials: BackstageCredentials,
    filter: { states?: RequestState[]; limit?: number },
  ): Promise<GroundworkRequest[]> {
    const person = personOf(credentials);
    const all = await this.mayDecide(credentials);
    return this.deps.store.list({
      states: filter.states,
      involving: all
        ? undefined
        : { person, approverOf: await this.ownershipOf(credentials) },
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
      if (!(await this.mayDecideRequest(request, credentials))) {
        throw new NotAllowedError(
          `${person} may not decide this request: only members of ${request.approverGroups.join(
            ' or ',
          )} may (groundwork.permissions.approverGroups, and the groups its kind names for it).`,
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
      if (verdict === 'approve') this.refuseIfEnded(request);
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
    const current = await this.deps.store.get(id);
    if (!current) throw new NotFoundError(`No request ${id}.`);
    if (!(await this.mayDecideRequest(current, credentials))) {
      throw new NotAllowedError(
        `${person} may not apply this request: only its approvers may.`,
      );
    }
    this.refuseIfEnded(current);
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
      const now = await this.deps.store.get(id);
      throw new ConflictError(
        `Request ${id} is ${now?.state}; only a failed request is applied again.`,
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

  /**
   * Ends an applied request early: its requester (or subject) giving it up,
   * or one of its approvers taking it back. Revoked through the applier and
   * verified; a revocation that does not hold keeps the request applied,
   * says why, and the expiry job retries it until it holds.
   */
  async revoke(
    id: string,
    comment: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<GroundworkRequest> {
    const person = personOf(credentials);
    const request = await this.deps.store.get(id);
    const own =
      !!request &&
      (sameRef(request.requestedBy, person) ||
        sameRef(request.subject, person));
    const approver =
      !!request && (await this.mayDecideRequest(request, credentials));
    if (!request || !(own || approver)) {
      throw new NotFoundError(`No request ${id} that you can see.`);
    }
    if (request.state !== 'applied') {
      throw new ConflictError(
        `Request ${id} is ${request.state}; only an applied request can be revoked.`,
      );
    }
    const now = this.nowDate();
    const claimed = await this.deps.store.claimRevoke(
      id,
      now.toISOString(),
      new Date(now.getTime() + REVOKE_CLAIM_MS).toISOString(),
      person,
    );
    if (!claimed) {
      const current = await this.deps.store.get(id);
      throw new ConflictError(
        current?.state === 'applied'
          ? `Request ${id} is being revoked already${
              current.revokeError
                ? ` (last attempt: ${current.revokeError})`
                : ''
            }; it is retried until it holds.`
          : `Request ${id} is ${current?.state}; only an applied request can be revoked.`,
      );
    }
    return this.expiry.end(
      claimed.request,
      claimed.revokeAttempts,
      comment?.trim(),
    );
  }

  /**
   * The waivers and budgets in force: applied, and ending after now. One
   * that has expired but was not yet swept by the job is not in force.
   */
  async inForce(filter: {
    entityRef?: string;
    environment?: string;
  }): Promise<InForceList> {
    const requests = await this.deps.store.inForce({
      kinds: [WAIVER_REQUEST_KIND, BUDGET_REQUEST_KIND],
      now: this.now(),
      entityRef: filter.entityRef,
      environment: filter.environment,
    });
    const list: InForceList = { waivers: [], budgets: [] };
    for (const r of requests) {
      const common = {
        requestId: r.id,
        reason: r.reason,
        requestedBy: r.requestedBy,
        approvedBy: r.decidedBy ?? '',
        approvedAt: r.decidedAt ?? '',
        entityRef: String(r.payload.entityRef ?? r.entityRef ?? ''),
        environment: String(r.payload.environment ?? r.environment ?? ''),
        expiresAt: r.expiresAt!,
      };
      if (r.kind === WAIVER_REQUEST_KIND) {
        const p = r.payload as unknown as WaiverRequestPayload;
        list.waivers.push({ ...common, rule: p.rule, resource: p.resource });
      } else {
        const p = r.payload as unknown as BudgetRequestPayload;
        list.budgets.push({ ...common, monthlyBudget: p.monthlyBudget });
      }
    }
    return list;
  }

  /**
   * Who has access, from every kind whose applier can tell: for approvers
   * only. Grants made by request carry the request's start and end.
   */
  async accessReview(
    credentials: BackstageCredentials,
    signal?: AbortSignal,
  ): Promise<AccessReview> {
    const person = personOf(credentials);
    if (!(await this.mayDecide(credentials))) {
      throw new NotAllowedError(
        `${person} may not read the access review: only approvers (groundwork.permissions.approverGroups) may.`,
      );
    }
    const generatedAt = this.now();
    const entries: AccessReview['entries'] = [];
    for (const applier of this.deps.appliers.values()) {
      if (!applier.review) continue;
      const requests = await this.deps.store.list({
        kinds: [applier.kind],
        states: ['applied'],
      });
      const byId = new Map(requests.map(r => [r.id, r]));
      let found;
      try {
        found = await applier.review({
          requests,
          logger: this.deps.logger.child({ review: applier.kind }),
          signal,
        });
      } catch (error) {
        throw new ServiceUnavailableError(
          `The access review of ${
            applier.kind
          } requests could not be made: ${stringifyError(
            error,
          )}. Try again; if it persists, check the ${
            applier.kind
          } module's connection.`,
        );
      }
      for (const entry of found) {
        const request = entry.via.requestId
          ? byId.get(entry.via.requestId)
          : undefined;
        entries.push(
          request
            ? {
                ...entry,
                since: entry.since ?? request.appliedAt,
                until: entry.until ?? request.expiresAt,
              }
            : entry,
        );
      }
    }
    return { generatedAt, entries };
  }

  /** One run of the expiry job (RequestExpiry.run). */
  async runExpiry(): Promise<ExpiryRunSummary> {
    return this.expiry.run();
  }
}

import { DatabaseService } from '@backstage/backend-plugin-api';
import { packageMigrationsDir } from '@groundwork/plugin-groundwork-node';
import type {
  GroundworkRequest,
  RequestChange,
  RequestEvent,
  RequestState,
} from '@groundwork/plugin-requests-common';
import { Knex } from 'knex';

const REQUESTS = 'groundwork_requests';
const EVENTS = 'groundwork_request_events';
const APPROVERS = 'groundwork_request_approvers';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

interface RequestRow {
  id: string;
  kind: string;
  state: RequestState;
  title: string;
  reason: string;
  requested_by: string;
  subject: string | null;
  approver_groups: string;
  changes: string;
  payload: string;
  created_at: string;
  updated_at: string;
  decided_by: string | null;
  decided_at: string | null;
  comment: string | null;
  applied_at: string | null;
  error: string | null;
  task_id: string | null;
  entity_ref: string | null;
  environment: string | null;
  expires_at: string | null;
  expiry_notice_at: string | null;
  ended_at: string | null;
  revoked_by: string | null;
  revoke_error: string | null;
  revoke_attempts: number;
  next_revoke_at: string | null;
}

function fromRow(row: RequestRow): GroundworkRequest {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    title: row.title,
    reason: row.reason,
    requestedBy: row.requested_by,
    ...(row.subject && { subject: row.subject }),
    approverGroups: JSON.parse(row.approver_groups),
    changes: JSON.parse(row.changes),
    payload: JSON.parse(row.payload),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.decided_by && { decidedBy: row.decided_by }),
    ...(row.decided_at && { decidedAt: row.decided_at }),
    ...(row.comment && { comment: row.comment }),
    ...(row.applied_at && { appliedAt: row.applied_at }),
    ...(row.error && { error: row.error }),
    ...(row.task_id && { taskId: row.task_id }),
    ...(row.entity_ref && { entityRef: row.entity_ref }),
    ...(row.environment && { environment: row.environment }),
    ...(row.expires_at && { expiresAt: row.expires_at }),
    ...(row.expiry_notice_at && { expiryNoticeAt: row.expiry_notice_at }),
    ...(row.ended_at && { endedAt: row.ended_at }),
    ...(row.revoked_by && { revokedBy: row.revoked_by }),
    ...(row.revoke_error && { revokeError: row.revoke_error }),
  };
}

/** The fields a state change may set besides the state. */
interface TransitionFields {
  decidedBy?: string;
  comment?: string;
  changes?: RequestChange[];
  appliedAt?: string;
  error?: string | null;
  endedAt?: string;
  revokedBy?: string;
  revokeError?: string | null;
}

/** The request as the expiry job handles it, with its revocation bookkeeping. */
export interface DueRequest {
  request: GroundworkRequest;
  revokeAttempts: number;
}

/** Requests and their events on the plugin's database. */
export class RequestStore {
  static async create(database: DatabaseService): Promise<RequestStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await knex.migrate.latest({
        directory: packageMigrationsDir(
          '@groundwork/plugin-requests-backend',
          // Only the workspace fallback uses it; installed, the package path resolves.
          // eslint-disable-next-line no-restricted-syntax
          __dirname,
        ),
        tableName: 'groundwork_requests__knex_migrations',
      });
    }
    return new RequestStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /**
   * Stores a new request with its first event. `extraApproverGroups` are
   * the groups its applier named (beside the configured approvers), whose
   * members may see and decide it.
   */
  async insert(
    request: Omit<GroundworkRequest, 'events'>,
    event: RequestEvent,
    extraApproverGroups: string[] = [],
  ): Promise<void> {
    await this.knex.transaction(async tx => {
      await tx<RequestRow>(REQUESTS).insert({
        id: request.id,
        kind: request.kind,
        state: request.state,
        title: request.title,
        reason: request.reason,
        requested_by: request.requestedBy,
        subject: request.subject ?? null,
        approver_groups: JSON.stringify(request.approverGroups),
        changes: JSON.stringify(request.changes),
        payload: JSON.stringify(request.payload),
        created_at: request.createdAt,
        updated_at: request.updatedAt,
        task_id: request.taskId ?? null,
        entity_ref: request.entityRef ? lower(request.entityRef) : null,
        environment: request.environment ?? null,
        expires_at: request.expiresAt ?? null,
      });
      const groups = [...new Set(extraApproverGroups.map(lower))];
      if (groups.length) {
        await tx(APPROVERS).insert(
          groups.map(group_ref => ({ request_id: request.id, group_ref })),
        );
      }
      await tx(EVENTS).insert(this.eventRow(request.id, event));
    });
  }

  async get(
    id: string,
    options?: { events?: boolean },
  ): Promise<GroundworkRequest | undefined> {
    const row = await this.knex<RequestRow>(REQUESTS).where({ id }).first();
    if (!row) return undefined;
    const request = fromRow(row);
    if (options?.events) {
      const events = await this.knex(EVENTS)
        .where({ request_id: id })
        .orderBy('id', 'asc');
      request.events = events.map(e => ({
        at: e.at,
        actor: e.actor,
        action: e.action,
        ...(e.comment && { comment: e.comment }),
      }));
    }
    return request;
  }

  /**
   * Newest first; `involving` keeps those the person asked for or is the
   * subject of, and those one of `approverOf` (their ownership refs) may
   * decide as an extra approver.
   */
  async list(filter: {
    states?: RequestState[];
    kinds?: string[];
    involving?: { person: string; approverOf: string[] };
    limit?: number;
  }): Promise<GroundworkRequest[]> {
    const query = this.knex<RequestRow>(REQUESTS).orderBy('created_at', 'desc');
    if (filter.limit) query.limit(filter.limit);
    if (filter.states?.length) query.whereIn('state', filter.states);
    if (filter.kinds?.length) query.whereIn('kind', filter.kinds);
    if (filter.involving) {
      const { person, approverOf } = filter.involving;
      const groups = approverOf.map(lower);
      query.where(q => {
        q.where('requested_by', person).orWhere('subject', person);
        if (groups.length) {
          q.orWhereIn(
            'id',
            this.knex(APPROVERS)
              .select('request_id')
              .whereIn('group_ref', groups),
          );
        }
      });
    }
    return (await query).map(fromRow);
  }

  /** The groups the request's applier named as its extra approvers (lower case). */
  async extraApproverGroups(id: string): Promise<string[]> {
    const rows = await this.knex(APPROVERS)
      .where({ request_id: id })
      .select('group_ref');
    return rows.map(r => r.group_ref);
  }

  /**
   * Applied requests of the kinds whose end is still ahead of `now`, for one
   * entity and environment when given: what is in force.
   */
  async inForce(filter: {
    kinds: string[];
    now: string;
    entityRef?: string;
    environment?: string;
  }): Promise<GroundworkRequest[]> {
    const query = this.knex<RequestRow>(REQUESTS)
      .whereIn('kind', filter.kinds)
      .where('state', 'applied')
      .whereNotNull('expires_at')
      .where('expires_at', '>', filter.now)
      .orderBy('expires_at', 'asc');
    if (filter.entityRef) query.where('entity_ref', lower(filter.entityRef));
    if (filter.environment) query.where('environment', filter.environment);
    return (await query).map(fromRow);
  }

  /** Applied requests that end within (`now`, `before`] and whose requester was not yet told. */
  async dueForNotice(
    now: string,
    before: string,
  ): Promise<GroundworkRequest[]> {
    const rows = await this.knex<RequestRow>(REQUESTS)
      .where('state', 'applied')
      .whereNull('expiry_notice_at')
      .whereNull('revoked_by')
      .where('expires_at', '>', now)
      .where('expires_at', '<=', before)
      .orderBy('expires_at', 'asc');
    return rows.map(fromRow);
  }

  /**
   * Marks the notice as sent, with its event, once: false when another
   * replica marked it first (and so sends it).
   */
  async claimNotice(id: string, event: RequestEvent): Promise<boolean> {
    return this.knex.transaction(async tx => {
      const count = await tx<RequestRow>(REQUESTS)
        .where({ id, state: 'applied' })
        .whereNull('expiry_notice_at')
        .update({ expiry_notice_at: event.at });
      if (count === 0) return false;
      await tx(EVENTS).insert(this.eventRow(id, event));
      return true;
    });
  }

  /** Requests still waiting for a decision when their end passed: nothing to approve any more. */
  async undecidedPastEnd(now: string): Promise<GroundworkRequest[]> {
    const rows = await this.knex<RequestRow>(REQUESTS)
      .where('state', 'requested')
      .whereNotNull('expires_at')
      .where('expires_at', '<=', now)
      .orderBy('expires_at', 'asc');
    return rows.map(fromRow);
  }

  /**
   * Applied requests to end now: past their end, or asked to end early by a
   * person, whose last revocation attempt's backoff (or another replica's
   * claim) has run out.
   */
  async dueForRevoke(now: string): Promise<DueRequest[]> {
    const rows = await this.knex<RequestRow>(REQUESTS)
      .where('state', 'applied')
      .where(q =>
        q
          .where(e =>
            e.whereNotNull('expires_at').where('expires_at', '<=', now),
          )
          .orWhereNotNull('revoked_by'),
      )
      .where(q =>
        q.whereNull('next_revoke_at').orWhere('next_revoke_at', '<=', now),
      )
      .orderBy('expires_at', 'asc');
    return rows.map(row => ({
      request: fromRow(row),
      revokeAttempts: row.revoke_attempts,
    }));
  }

  /**
   * Takes the request for one revocation attempt until `until`: false when
   * it is not applied, or another replica (or person) holds it. A claim
   * that is never released runs out at `until`, and the next run tries.
   */
  async claimRevoke(
    id: string,
    now: string,
    until: string,
    revokedBy?: string,
  ): Promise<
    { request: GroundworkRequest; revokeAttempts: number } | undefined
  > {
    const update: Partial<RequestRow> = { next_revoke_at: until };
    if (revokedBy) update.revoked_by = revokedBy;
    const count = await this.knex<RequestRow>(REQUESTS)
      .where({ id, state: 'applied' })
      .where(q =>
        q.whereNull('next_revoke_at').orWhere('next_revoke_at', '<=', now),
      )
      .update(update);
    if (count === 0) return undefined;
    const row = await this.knex<RequestRow>(REQUESTS).where({ id }).first();
    return (
      row && { request: fromRow(row), revokeAttempts: row.revoke_attempts }
    );
  }

  /**
   * A revocation that did not hold: the request stays applied, with why,
   * the attempt counted and the next one not before `retryAt`.
   */
  async revokeFailed(
    id: string,
    error: string,
    retryAt: string,
    event: RequestEvent,
  ): Promise<GroundworkRequest | undefined> {
    await this.knex.transaction(async tx => {
      await tx<RequestRow>(REQUESTS)
        .where({ id, state: 'applied' })
        .update({
          revoke_error: error,
          next_revoke_at: retryAt,
          updated_at: event.at,
          revoke_attempts: this.knex.raw('revoke_attempts + 1') as any,
        });
      await tx(EVENTS).insert(this.eventRow(id, event));
    });
    return this.get(id);
  }

  /**
   * Moves a request from one of `from` to `to`, with the event, in one
   * transaction; undefined when it was not in one of `from` (someone else
   * moved it first), so two replicas never both decide or apply it.
   */
  async transition(
    id: string,
    from: RequestState[],
    to: RequestState,
    fields: TransitionFields,
    event: RequestEvent,
  ): Promise<GroundworkRequest | undefined> {
    const moved = await this.knex.transaction(async tx => {
      const update: Partial<RequestRow> = {
        state: to,
        updated_at: event.at,
      };
      if (fields.decidedBy !== undefined) {
        update.decided_by = fields.decidedBy;
        update.decided_at = event.at;
      }
      if (fields.comment !== undefined) update.comment = fields.comment;
      if (fields.changes) update.changes = JSON.stringify(fields.changes);
      if (fields.appliedAt !== undefined) update.applied_at = fields.appliedAt;
      if (fields.error !== undefined) update.error = fields.error;
      if (fields.endedAt !== undefined) update.ended_at = fields.endedAt;
      if (fields.revokedBy !== undefined) update.revoked_by = fields.revokedBy;
      if (fields.revokeError !== undefined) {
        update.revoke_error = fields.revokeError;
      }
      const count = await tx<RequestRow>(REQUESTS)
        .where({ id })
        .whereIn('state', from)
        .update(update);
      if (count === 0) return false;
      await tx(EVENTS).insert(this.eventRow(id, event));
      return true;
    });
    return moved ? this.get(id) : undefined;
  }

  private eventRow(requestId: string, event: RequestEvent) {
    return {
      request_id: requestId,
      at: event.at,
      actor: event.actor,
      action: event.action,
      comment: event.comment ?? null,
    };
  }
}

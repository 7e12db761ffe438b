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
  };
}

/** The fields a state change may set besides the state. */
interface TransitionFields {
  decidedBy?: string;
  comment?: string;
  changes?: RequestChange[];
  appliedAt?: string;
  error?: string | null;
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

  async insert(
    request: Omit<GroundworkRequest, 'events'>,
    event: RequestEvent,
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
      });
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

  /** Newest first; `involving` keeps those the person asked for or is the subject of. */
  async list(filter: {
    states?: RequestState[];
    involving?: string;
    limit: number;
  }): Promise<GroundworkRequest[]> {
    const query = this.knex<RequestRow>(REQUESTS)
      .orderBy('created_at', 'desc')
      .limit(filter.limit);
    if (filter.states?.length) query.whereIn('state', filter.states);
    if (filter.involving) {
      const who = filter.involving;
      query.where(q => q.where('requested_by', who).orWhere('subject', who));
    }
    return (await query).map(fromRow);
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

import { Knex } from 'knex';
import type { AlertCondition } from './conditions';

const TABLE = 'platform_status_alert_states';

export interface AlertState {
  entityRef: string;
  environment: string;
  conditions: AlertCondition[];
  changedAt: string;
}

const keyOf = (entityRef: string, environment: string) =>
  `${entityRef}\u0000${environment}`;

/** What the alerts task last announced, per entity and environment. */
export class AlertStates {
  constructor(private readonly knex: Knex) {}

  async readAll(): Promise<Map<string, AlertState>> {
    const rows = await this.knex(TABLE).select();
    return new Map(
      rows.map(r => [
        keyOf(r.entity_ref, r.environment),
        {
          entityRef: r.entity_ref,
          environment: r.environment,
          conditions: JSON.parse(r.conditions),
          changedAt: r.changed_at,
        },
      ]),
    );
  }

  /** Records an announced state; an empty condition list removes the row. */
  async save(state: AlertState): Promise<void> {
    if (state.conditions.length === 0) {
      await this.remove([state]);
      return;
    }
    await this.knex(TABLE)
      .insert({
        entity_ref: state.entityRef,
        environment: state.environment,
        conditions: JSON.stringify(state.conditions),
        changed_at: state.changedAt,
      })
      .onConflict(['entity_ref', 'environment'])
      .merge(['conditions', 'changed_at']);
  }

  async remove(
    states: Array<{ entityRef: string; environment: string }>,
  ): Promise<void> {
    for (const s of states) {
      await this.knex(TABLE)
        .where({ entity_ref: s.entityRef, environment: s.environment })
        .delete();
    }
  }
}

export { keyOf as alertKeyOf };

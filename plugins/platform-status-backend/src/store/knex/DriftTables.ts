import { Knex } from 'knex';
import type { DriftRecord } from '../../status/types';
import { chunks } from './chunks';
import { DRIFT, ENTITIES } from './rows';

interface DriftRow {
  entity_ref: string;
  environment: string;
  state_location: string;
  source: string;
  result: string;
  resources: string;
  reason: string | null;
  url: string | null;
  checked_at: string;
}

function fromRow(row: DriftRow): DriftRecord {
  return {
    entityRef: row.entity_ref,
    environment: row.environment,
    stateLocation: row.state_location,
    source: row.source as DriftRecord['source'],
    result: row.result as DriftRecord['result'],
    resources: JSON.parse(row.resources),
    reason: row.reason ?? undefined,
    url: row.url ?? undefined,
    checkedAt: row.checked_at,
  };
}

/** The last drift check of each entity's environment. */
export class DriftTables {
  constructor(private readonly knex: Knex) {}

  /** Replaces the environment's last check with this one. */
  async writeDrift(record: DriftRecord): Promise<void> {
    const row: DriftRow = {
      entity_ref: record.entityRef,
      environment: record.environment,
      state_location: record.stateLocation,
      source: record.source,
      result: record.result,
      resources: JSON.stringify(record.resources),
      reason: record.reason ?? null,
      url: record.url ?? null,
      checked_at: record.checkedAt,
    };
    await this.knex(DRIFT)
      .insert(row)
      .onConflict(['entity_ref', 'environment'])
      .merge();
  }

  /** The last checks of these entities, by entity ref. */
  async readDrift(entityRefs: string[]): Promise<Map<string, DriftRecord[]>> {
    const map = new Map<string, DriftRecord[]>();
    for (const batch of chunks([...new Set(entityRefs)])) {
      const rows: DriftRow[] = await this.knex(DRIFT)
        .whereIn('entity_ref', batch)
        .select();
      for (const row of rows) {
        const list = map.get(row.entity_ref) ?? [];
        list.push(fromRow(row));
        map.set(row.entity_ref, list);
      }
    }
    return map;
  }

  /** When each (entity, environment) was last checked, keyed `ref\u0000env`. */
  async checkedTimes(): Promise<Map<string, string>> {
    const rows: Array<
      Pick<DriftRow, 'entity_ref' | 'environment' | 'checked_at'>
    > = await this.knex(DRIFT).select(
      'entity_ref',
      'environment',
      'checked_at',
    );
    return new Map(
      rows.map(r => [`${r.entity_ref}\u0000${r.environment}`, r.checked_at]),
    );
  }

  /** Removes checks of entities the catalog mirror no longer has. */
  async pruneDrift(): Promise<number> {
    return this.knex(DRIFT)
      .whereNotIn('entity_ref', this.knex(ENTITIES).select('entity_ref'))
      .delete();
  }
}

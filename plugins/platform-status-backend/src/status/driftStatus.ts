import type {
  DriftCheckSource,
  DriftStatus,
} from '@groundwork/plugin-platform-status-common';
import type { MirroredEntity } from '../catalog/entitySettings';
import type { DriftRecord } from './types';

/**
 * The drift of one environment: never `ok` unless a check of the state
 * location the entity names now has run. A check of a location the
 * annotation no longer names does not count.
 */
export function driftStatus(
  env: string,
  entity: MirroredEntity,
  records: readonly DriftRecord[],
  sourceFor: (stateLocation: string) => DriftCheckSource | undefined,
  notConfiguredReason: (stateLocation: string) => string | undefined = () =>
    undefined,
): DriftStatus {
  const stateLocation = entity.settings.terraformState[env];
  if (!stateLocation) return { state: 'not-configured', resources: [] };
  const source = sourceFor(stateLocation);
  if (!source) {
    const reason = notConfiguredReason(stateLocation);
    return {
      state: 'not-configured',
      stateLocation,
      resources: [],
      ...(reason ? { reason } : {}),
    };
  }
  const record = records.find(
    r => r.environment === env && r.stateLocation === stateLocation,
  );
  if (!record)
    return { state: 'no-data', source, stateLocation, resources: [] };
  return {
    state: 'ok',
    result: record.result,
    source: record.source,
    stateLocation,
    resources: record.resources,
    checkedAt: record.checkedAt,
    reason: record.reason,
    url: record.url,
  };
}

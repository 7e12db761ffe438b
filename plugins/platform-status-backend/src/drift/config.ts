import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

export interface DriftSettings {
  /** When the drift cycle runs (once across replicas: a cluster-wide task). */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Checks running at the same time. */
  concurrency: number;
  /** Checks per cycle, least recently checked first; the rest wait for the next cycle. */
  maxChecksPerCycle: number;
  /** Each check starts after a random delay up to this, so they do not all hit at once. */
  jitterSeconds: number;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  timeout: { minutes: 50 },
  initialDelay: { minutes: 5 },
};

function whole(config: Config, key: string, fallback: number, min: number) {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < min) {
    throw new TypeError(
      `platformStatus.drift.${key} must be a whole number of at least ${min}, got ${value}.`,
    );
  }
  return value;
}

/** Reads `platformStatus.drift`, with the defaults the README documents. */
export function readDriftSettings(root: Config): DriftSettings {
  const config = root.getOptionalConfig('platformStatus.drift');
  const schedule = config?.getOptionalConfig('schedule');
  return {
    schedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : DEFAULT_SCHEDULE,
    concurrency: config ? whole(config, 'concurrency', 2, 1) : 2,
    maxChecksPerCycle: config
      ? whole(config, 'maxChecksPerCycle', 200, 1)
      : 200,
    jitterSeconds: config ? whole(config, 'jitterSeconds', 30, 0) : 30,
  };
}

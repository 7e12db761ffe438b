import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';

interface PlatformStatusConfig {
  history: { retentionDays: number; trendPoints: number };
  catalogSync: { schedule: SchedulerServiceTaskScheduleDefinition };
  /** When the billing source a module sets is asked. */
  cost: { schedule: SchedulerServiceTaskScheduleDefinition };
  refresh: { minIntervalSeconds: number };
  alerts: {
    enabled: boolean;
    immediate: boolean;
    schedule: SchedulerServiceTaskScheduleDefinition;
    /** Absent: no digest. */
    digestSchedule?: SchedulerServiceTaskScheduleDefinition;
  };
  permissions: { cacheSeconds: number };
  ingestion: {
    maxFindings: number;
    maxBodyBytes: number;
    /** Plugin ids whose on-behalf-of reports are accepted. */
    reporters: string[];
  };
}

function schedule(
  config: Config | undefined,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  return config
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(config)
    : fallback;
}

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!(value > 0)) {
    throw new TypeError(
      `platformStatus.${key} must be a number above 0, got ${value}.`,
    );
  }
  return value;
}

/** Backstage's plugin id pattern (backend-plugin-api's ID_PATTERN_OLD). */
const PLUGIN_ID = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/i;

function reporters(config: Config): string[] {
  const key = 'ingestion.reporters';
  const ids = config.getOptionalStringArray(key) ?? ['scaffolder'];
  ids.forEach((id, i) => {
    if (!PLUGIN_ID.test(id)) {
      const hint = id.startsWith('plugin:')
        ? `; write the plugin id alone, e.g. "${id.slice('plugin:'.length)}"`
        : '; use one such as "scaffolder"';
      throw new TypeError(
        `platformStatus.${key}[${i}] "${id}" is not a backend plugin id${hint}.`,
      );
    }
  });
  return ids;
}

function alerts(config: Config): PlatformStatusConfig['alerts'] {
  const digest = config.getOptionalConfig('alerts.digest.schedule');
  const enabled = config.getOptionalBoolean('alerts.enabled') ?? true;
  const immediate = config.getOptionalBoolean('alerts.immediate') ?? true;
  if (enabled && !immediate && !digest) {
    throw new TypeError(
      'platformStatus.alerts.immediate is false but alerts.digest.schedule is not set, so owners would hear nothing; set a digest schedule (e.g. { cron: "0 8 * * 1-5" }, timeout { minutes: 10 }) or set alerts.enabled to false.',
    );
  }
  return {
    enabled,
    immediate,
    schedule: schedule(config.getOptionalConfig('alerts.schedule'), {
      frequency: { minutes: 5 },
      timeout: { minutes: 5 },
      initialDelay: { minutes: 1 },
    }),
    digestSchedule:
      digest && readSchedulerServiceTaskScheduleDefinitionFromConfig(digest),
  };
}

/** Reads `platformStatus`, with the defaults documented in the README. */
export function readPlatformStatusConfig(root: Config): PlatformStatusConfig {
  const config =
    root.getOptionalConfig('platformStatus') ?? new ConfigReader({});
  return {
    history: {
      retentionDays: positive(config, 'history.retentionDays', 90),
      trendPoints: positive(config, 'history.trendPoints', 30),
    },
    catalogSync: {
      schedule: schedule(config.getOptionalConfig('catalogSync.schedule'), {
        frequency: { minutes: 5 },
        timeout: { minutes: 5 },
        initialDelay: { seconds: 5 },
      }),
    },
    cost: {
      schedule: schedule(config.getOptionalConfig('cost.schedule'), {
        frequency: { hours: 6 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 30 },
      }),
    },
    alerts: alerts(config),
    refresh: {
      minIntervalSeconds: positive(config, 'refresh.minIntervalSeconds', 60),
    },
    permissions: {
      cacheSeconds: positive(config, 'permissions.cacheSeconds', 10),
    },
    ingestion: {
      maxFindings: positive(config, 'ingestion.maxFindings', 5000),
      maxBodyBytes: positive(config, 'ingestion.maxBodyBytes', 5_000_000),
      reporters: reporters(config),
    },
  };
}

import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';

export interface ExpirySettings {
  enabled: boolean;
  /** When the job runs (once across replicas: a cluster-wide task). */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** How long before the expiry the owners are told. */
  noticeHours: number;
  /** The template whose task destroys an expired entity, as a full ref. */
  teardownTemplate: string;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 15 },
  timeout: { minutes: 10 },
  initialDelay: { minutes: 2 },
};

/** Reads `platformStatus.expiry`, with the defaults the README documents. */
export function readExpirySettings(root: Config): ExpirySettings {
  const config = root.getOptionalConfig('platformStatus.expiry');
  const schedule = config?.getOptionalConfig('schedule');
  const noticeHours = config?.getOptionalNumber('noticeHours') ?? 24;
  if (!(noticeHours >= 0) || !Number.isFinite(noticeHours)) {
    throw new TypeError(
      `platformStatus.expiry.noticeHours must be a number of hours of at least 0, got ${noticeHours}.`,
    );
  }
  const template =
    config?.getOptionalString('teardownTemplate') ??
    'template:default/service-teardown';
  let teardownTemplate: string;
  try {
    const ref = parseEntityRef(template, { defaultKind: 'template' });
    if (ref.kind.toLocaleLowerCase('en-US') !== 'template') {
      throw new TypeError(`kind ${ref.kind}`);
    }
    teardownTemplate = stringifyEntityRef(ref);
  } catch {
    throw new TypeError(
      `platformStatus.expiry.teardownTemplate "${template}" is not a Template entity ref; use one such as template:default/service-teardown.`,
    );
  }
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? true,
    schedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : DEFAULT_SCHEDULE,
    noticeHours,
    teardownTemplate,
  };
}

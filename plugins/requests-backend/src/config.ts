import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';

/** What `groundwork.requests` configures. */
export interface RequestsSettings {
  /** The longest a request may grant for, unless its environment says otherwise. */
  maxDuration: HumanDuration;
  /** Per environment name, e.g. production access for 8 hours at most. */
  environmentMaxDuration: Record<string, HumanDuration>;
  /** How often the expiry job runs. */
  schedule: SchedulerServiceTaskScheduleDefinition;
}

export const DEFAULT_MAX_DURATION: HumanDuration = { days: 30 };

function positive(duration: HumanDuration, key: string): HumanDuration {
  if (!(durationToMilliseconds(duration) > 0)) {
    throw new Error(`${key} must be a positive duration, e.g. { hours: 8 }.`);
  }
  return duration;
}

/** Reads `groundwork.requests`; every key is optional. */
export function readRequestsSettings(config: Config): RequestsSettings {
  const root = config.getOptionalConfig('groundwork.requests');
  const maxDuration = root?.has('maxDuration')
    ? positive(
        readDurationFromConfig(root, { key: 'maxDuration' }),
        'groundwork.requests.maxDuration',
      )
    : DEFAULT_MAX_DURATION;
  const environments = root?.getOptionalConfig('environments');
  const environmentMaxDuration: Record<string, HumanDuration> = {};
  for (const name of environments?.keys() ?? []) {
    const env = environments!.getConfig(name);
    if (env.has('maxDuration')) {
      environmentMaxDuration[name] = positive(
        readDurationFromConfig(env, { key: 'maxDuration' }),
        `groundwork.requests.environments.${name}.maxDuration`,
      );
    }
  }
  const schedule = root?.getOptionalConfig('schedule');
  return {
    maxDuration,
    environmentMaxDuration,
    schedule: {
      frequency: schedule?.has('frequency')
        ? readDurationFromConfig(schedule, { key: 'frequency' })
        : { minutes: 1 },
      timeout: schedule?.has('timeout')
        ? readDurationFromConfig(schedule, { key: 'timeout' })
        : { minutes: 5 },
      initialDelay: { seconds: 30 },
    },
  };
}

import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { DEFAULT_MAX_AGE_DAYS } from '@groundwork/governance';

/** `groundwork.prices` with every default filled in. */
export interface PricesConfig {
  live: boolean;
  schedule: SchedulerServiceTaskScheduleDefinition;
  regions: { aws: string[]; azure: string[]; gcp: string[] };
  /** From config only; never logged. */
  gcpApiKey?: string;
  maxAgeDays: number;
}

const REGION = /^[a-z0-9-]{2,40}$/;

function regions(c: Config | undefined, key: string): string[] {
  const list = c?.getOptionalStringArray(key) ?? [];
  for (const r of list) {
    if (!REGION.test(r))
      throw new TypeError(
        `groundwork.prices.regions.${key} entry "${r}" is not a region name (lower-case letters, digits and '-', e.g. us-east-1, eastus, us-central1).`,
      );
  }
  return [...new Set(list)];
}

/** Reads and checks `groundwork.prices`; throws a TypeError naming the bad key. */
export function readPricesConfig(config: Config): PricesConfig {
  const c = config.getOptionalConfig('groundwork.prices');
  const schedule = c?.getOptionalConfig('schedule');
  const maxAgeDays = c?.getOptionalNumber('maxAgeDays') ?? DEFAULT_MAX_AGE_DAYS;
  if (!(maxAgeDays > 0))
    throw new TypeError(
      `groundwork.prices.maxAgeDays must be a number above 0, got ${maxAgeDays}.`,
    );
  const r = c?.getOptionalConfig('regions');
  const out: PricesConfig = {
    live: c?.getOptionalBoolean('live') ?? false,
    schedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : {
          frequency: { hours: 24 },
          timeout: { minutes: 15 },
          initialDelay: { minutes: 1 },
        },
    regions: {
      aws: regions(r, 'aws'),
      azure: regions(r, 'azure'),
      gcp: regions(r, 'gcp'),
    },
    gcpApiKey: c?.getOptionalString('gcp.apiKey') || undefined,
    maxAgeDays,
  };
  if (out.live && out.regions.gcp.length > 0 && !out.gcpApiKey)
    throw new TypeError(
      'groundwork.prices.regions.gcp is set but groundwork.prices.gcp.apiKey is not: the Cloud Billing Catalog API needs an API key (e.g. apiKey: ${GOOGLE_CLOUD_BILLING_API_KEY}).',
    );
  return out;
}

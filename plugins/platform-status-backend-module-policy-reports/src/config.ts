import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import type { GroundworkEnvironments } from '@groundwork/plugin-groundwork-common';

/** One environment's cluster, as `platformStatus.policyReports.clusters[]` names it. */
export interface PolicyReportCluster {
  name: string;
  environment: string;
  url: string;
  /** PEM of the API server's CA, decoded from `caData`. */
  ca?: string;
  serviceAccountToken: string;
}

export interface PolicyReportSettings {
  clusters: PolicyReportCluster[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  pageSize: number;
  maxPagesPerCycle: number;
  maxFindingsPerEntity: number;
}

const KEY = 'platformStatus.policyReports';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function positive(config: Config, key: string, fallback: number, max: number) {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(
      `${KEY}.${key} must be a whole number from 1 to ${max}, got ${value}.`,
    );
  }
  return value;
}

/**
 * Reads and checks the module's config. Throws a sentence naming the key
 * to fix: an unknown environment, two clusters for one environment, a
 * plain-HTTP API server other than a loopback one (tests), bad CA data.
 */
export function readPolicyReportSettings(
  root: Config,
  environments: GroundworkEnvironments,
): PolicyReportSettings {
  const config = root.getOptionalConfig(KEY);
  const clusters: PolicyReportCluster[] = [];
  const byEnvironment = new Map<string, string>();
  for (const [i, c] of (
    config?.getOptionalConfigArray('clusters') ?? []
  ).entries()) {
    const at = `${KEY}.clusters[${i}]`;
    const name = c.getString('name');
    const environment = c.getString('environment');
    if (!environments.find(environment)) {
      throw new Error(
        `${at}.environment is "${environment}", which groundwork.environments does not configure.`,
      );
    }
    if (byEnvironment.has(environment)) {
      throw new Error(
        `${at} is a second cluster for the environment "${environment}" (after "${byEnvironment.get(
          environment,
        )}"); give each environment one.`,
      );
    }
    if (clusters.some(other => other.name === name)) {
      throw new Error(`${at}.name "${name}" is used twice; names must differ.`);
    }
    byEnvironment.set(environment, name);
    const url = new URL(c.getString('url'));
    if (
      url.protocol !== 'https:' &&
      !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))
    ) {
      throw new Error(
        `${at}.url must be an https:// API server (plain http only on loopback, for tests).`,
      );
    }
    const caData = c.getOptionalString('caData');
    const ca = caData
      ? Buffer.from(caData, 'base64').toString('utf8')
      : undefined;
    if (ca !== undefined && !ca.includes('-----BEGIN CERTIFICATE-----')) {
      throw new Error(
        `${at}.caData is not a base64-encoded PEM certificate (the kubeconfig's certificate-authority-data).`,
      );
    }
    clusters.push({
      name,
      environment,
      url: url.toString().replace(/\/$/, ''),
      ca,
      serviceAccountToken: c.getString('serviceAccountToken'),
    });
  }
  const schedule = config?.getOptionalConfig('schedule');
  return {
    clusters,
    schedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : {
          frequency: { minutes: 5 },
          timeout: { minutes: 3 },
          initialDelay: { seconds: 30 },
        },
    pageSize: config ? positive(config, 'pageSize', 100, 500) : 100,
    maxPagesPerCycle: config
      ? positive(config, 'maxPagesPerCycle', 20, 1000)
      : 20,
    maxFindingsPerEntity: config
      ? positive(config, 'maxFindingsPerEntity', 500, 10000)
      : 500,
  };
}

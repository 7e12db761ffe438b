import { ConfigReader } from '@backstage/config';
import {
  InfrastructureRunReport,
  ReportedFinding,
} from '@groundwork/plugin-platform-status-common';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import {
  testComponent,
  testEnvironmentsConfig,
} from '@groundwork/backend-test-utils';

// Shared with the source modules' tests.
export const environmentsConfig = testEnvironmentsConfig;
export const component = testComponent;

export const environments = readGroundworkEnvironments(
  new ConfigReader(environmentsConfig),
);

export function finding(
  overrides: Partial<ReportedFinding> = {},
): ReportedFinding {
  return {
    ruleId: 'GW-AWS-001',
    title: 'S3 buckets block public access',
    severity: 'high',
    verdict: 'fail',
    address: 'aws_s3_bucket.assets',
    resourceType: 'aws_s3_bucket',
    message: 'The bucket has no public access block.',
    remediation: 'Add an aws_s3_bucket_public_access_block.',
    ...overrides,
  };
}

export function report(
  overrides: Partial<InfrastructureRunReport> = {},
): InfrastructureRunReport {
  const finishedAt = overrides.finishedAt ?? '2026-11-20T10:05:00.000Z';
  return {
    entityRef: 'component:default/payments-api',
    environment: 'prod',
    runId: 'task-1/step-apply',
    tool: 'terraform',
    executor: 'cli',
    result: 'applied',
    startedAt: '2026-11-20T10:00:00.000Z',
    finishedAt,
    summary: { add: 3, change: 1, destroy: 0, replace: 0 },
    resourceCount: 12,
    findings: [
      finding(),
      finding({
        ruleId: 'GW-AWS-010',
        severity: 'critical',
        verdict: 'waived',
        waiver: {
          reason: 'Migrating in Q1',
          owner: 'group:default/payments',
          expires: '2027-01-31',
          expired: false,
        },
      }),
      finding({ ruleId: 'GW-AWS-002', severity: 'low', verdict: 'pass' }),
    ],
    compliance: {
      score: 95,
      failed: { critical: 0, high: 1, medium: 0, low: 0 },
      waived: 1,
      warned: 0,
      unknown: 0,
      passed: 1,
      threshold: 'high',
      blocking: false,
    },
    cost: {
      currency: 'USD',
      monthlyBefore: 800,
      monthlyAfter: 1000,
      delta: 200,
      coverage: { priced: 10, usagePriced: 1, unpriced: 1 },
      priceTableDate: '2026-10-01',
    },
    ...overrides,
  };
}

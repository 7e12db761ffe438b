import type {
  AdmissionStatus,
  EntityStatusResponse,
  EnvironmentStatus,
  OverviewRow,
  ReportedFinding,
} from '@groundwork/plugin-platform-status-common';
import type { Entity } from '@backstage/catalog-model';

/** No cluster is read for the environment (`platformStatus.policyReports` unset). */
export const noAdmission: AdmissionStatus = {
  state: 'not-configured',
  failed: { critical: 0, high: 0, medium: 0, low: 0 },
  findings: [],
};

/** Every fixture time is relative to when the tests started. */
export const NOW = Date.now();
export const hoursAgo = (h: number) =>
  new Date(NOW - h * 3600_000).toISOString();

export const paymentsApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: {
      'groundwork.dev/environments': 'dev,staging,prod',
      'groundwork.dev/budgets': 'dev=150,staging=300,prod=1200',
    },
  },
  spec: {
    type: 'service',
    owner: 'group:default/payments',
    lifecycle: 'production',
  },
};

export const unannotated: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'legacy-batch', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/payments',
    lifecycle: 'production',
  },
};

export function finding(overrides: Partial<ReportedFinding>): ReportedFinding {
  return {
    ruleId: 'aws-s3-encryption',
    title: 'S3 buckets are encrypted at rest',
    severity: 'high',
    verdict: 'pass',
    address: 'aws_s3_bucket.receipts',
    resourceType: 'aws_s3_bucket',
    message: 'Server-side encryption is configured',
    remediation: 'Add an aws_s3_bucket_server_side_encryption_configuration.',
    ...overrides,
  };
}

const prodFindings: ReportedFinding[] = [
  finding({
    ruleId: 'aws-rds-public',
    title: 'Databases are not publicly accessible',
    severity: 'critical',
    verdict: 'fail',
    address: 'module.db.aws_db_instance.this[0]',
    resourceType: 'aws_db_instance',
    message: 'publicly_accessible is true',
    remediation:
      'Set publicly_accessible = false and reach the database through the VPC.',
  }),
  finding({
    ruleId: 'aws-sg-open-ingress',
    title: 'Security groups do not allow ingress from 0.0.0.0/0',
    severity: 'high',
    verdict: 'waived',
    address: 'aws_security_group.lb',
    resourceType: 'aws_security_group',
    message: 'Ingress 443 from 0.0.0.0/0',
    remediation: 'Restrict cidr_blocks to known ranges.',
    waiver: {
      reason: 'Public load balancer for card payments',
      owner: 'group:default/payments',
      expires: '2027-03-31',
      expired: false,
    },
  }),
  finding({
    ruleId: 'aws-tags-required',
    title: 'Resources carry the cost-allocation tags',
    severity: 'low',
    verdict: 'warn',
    address: 'aws_sqs_queue.events',
    resourceType: 'aws_sqs_queue',
    message: 'Tag "team" is missing',
    remediation: 'Add the team tag through the provider default_tags.',
  }),
  finding({
    ruleId: 'aws-s3-encryption',
    title: 'S3 buckets are encrypted at rest',
    severity: 'high',
    verdict: 'pass',
  }),
];

export function environment(
  name: string,
  order: number,
  overrides: Partial<EnvironmentStatus> = {},
): EnvironmentStatus {
  return {
    name,
    title: { dev: 'Development', staging: 'Staging', prod: 'Production' }[name],
    order,
    delivery: { state: 'not-configured' },
    infrastructure: {
      state: 'ok',
      result: 'applied',
      runId: `run-${name}`,
      finishedAt: hoursAgo(2),
      summary: { add: 3, change: 1, destroy: 0, replace: 0 },
      resourceCount: 14,
      asOf: hoursAgo(2),
    },
    cost: {
      estimatedMonthly: 60,
      actualMonthToDate: null,
      budgetMonthly: 150,
      currency: 'USD',
      budgetUsed: 0.4,
      estimateState: 'ok',
      actualState: 'not-configured',
      estimateAsOf: hoursAgo(2),
      trend: [
        { at: hoursAgo(72), estimatedMonthly: 50 },
        { at: hoursAgo(2), estimatedMonthly: 60 },
      ],
    },
    compliance: {
      state: 'ok',
      score: 100,
      failed: { critical: 0, high: 0, medium: 0, low: 0 },
      waived: 0,
      findings: [finding({})],
      asOf: hoursAgo(2),
      admission: noAdmission,
    },
    drift: { state: 'not-configured', resources: [] },
    asOf: hoursAgo(2),
    errors: [],
    ...overrides,
  };
}

/**
 * payments-api as the embedded default would serve it: no Argo CD, so
 * delivery is not configured; dev healthy, staging near its budget with a
 * medium finding, prod over budget with a failing critical finding.
 */
export function paymentsApiStatus(): EntityStatusResponse {
  const dev = environment('dev', 0);
  const staging = environment('staging', 1, {
    cost: {
      ...dev.cost,
      estimatedMonthly: 255,
      budgetMonthly: 300,
      budgetUsed: 0.85,
    },
    compliance: {
      ...dev.compliance,
      score: 92,
      failed: { critical: 0, high: 0, medium: 1, low: 0 },
      findings: [
        finding({
          ruleId: 'aws-backup-retention',
          title: 'Backups are kept for 7 days or more',
          severity: 'medium',
          verdict: 'fail',
          address: 'aws_db_instance.main',
          resourceType: 'aws_db_instance',
          message: 'backup_retention_period is 1',
          remediation: 'Set backup_retention_period to at least 7.',
        }),
      ],
    },
  });
  const prod = environment('prod', 2, {
    cost: {
      ...dev.cost,
      estimatedMonthly: 1584.5,
      budgetMonthly: 1200,
      budgetUsed: 1.32,
      trend: [
        { at: hoursAgo(240), estimatedMonthly: 980 },
        { at: hoursAgo(120), estimatedMonthly: 1210 },
        { at: hoursAgo(2), estimatedMonthly: 1584.5 },
      ],
    },
    compliance: {
      state: 'ok',
      score: 61,
      failed: { critical: 1, high: 0, medium: 0, low: 0 },
      waived: 1,
      findings: prodFindings,
      asOf: hoursAgo(2),
      admission: noAdmission,
    },
  });
  return {
    entityRef: 'component:default/payments-api',
    // Served out of order on purpose: the UI orders by `order`.
    environments: [prod, dev, staging],
    warnings: [],
    generatedAt: hoursAgo(0),
  };
}

export function overviewRow(
  overrides: Partial<OverviewRow> &
    Pick<OverviewRow, 'entityRef' | 'environment'>,
): OverviewRow {
  return {
    kind: 'Component',
    owner: 'group:default/payments',
    system: 'system:default/payments-platform',
    deliveryState: 'not-configured',
    infrastructureResult: 'applied',
    estimatedMonthly: 60,
    actualMonthToDate: null,
    budgetMonthly: 150,
    budgetUsed: 0.4,
    complianceScore: 100,
    failed: { critical: 0, high: 0, medium: 0, low: 0 },
    asOf: hoursAgo(2),
    ...overrides,
  };
}

import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  InfrastructureRunReport,
  ReportedFinding,
  readGroundworkEnvironments,
} from '@groundwork/plugin-platform-status-common';

export const environmentsConfig = {
  groundwork: {
    currency: 'USD',
    environments: [
      {
        name: 'dev',
        monthlyBudget: 500,
        cloud: { provider: 'aws', account: '111111111111' },
        argocdInstance: 'nonprod',
      },
      {
        name: 'staging',
        monthlyBudget: 1000,
        cloud: { provider: 'aws', account: '222222222222' },
        argocdInstance: 'nonprod',
      },
      {
        name: 'prod',
        production: true,
        monthlyBudget: 5000,
        cloud: { provider: 'aws', account: '333333333333' },
        argocdInstance: 'prod',
      },
    ],
  },
};

export const environments = readGroundworkEnvironments(
  new ConfigReader(environmentsConfig),
);

/** A catalog entity with the relations the catalog would have computed. */
export function component(
  name: string,
  options: {
    owner?: string;
    system?: string;
    namespace?: string;
    annotations?: Record<string, string>;
  } = {},
): Entity {
  const namespace = options.namespace ?? 'default';
  const owner = options.owner ?? 'payments';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace,
      annotations: {
        'groundwork.dev/environments': 'dev,staging,prod',
        ...options.annotations,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner,
      system: options.system,
    },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${owner}` },
      ...(options.system
        ? [{ type: 'partOf', targetRef: `system:default/${options.system}` }]
        : []),
    ],
  };
}

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

/** An Argo CD Application as the CRD accepts it. */
export function argoApp(
  name: string,
  labels: Record<string, string> = {},
): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd', labels },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://github.com/groundwork-demo/deploy',
        path: `apps/${name}`,
        targetRevision: 'main',
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: name,
      },
    },
  };
}

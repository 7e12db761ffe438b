import {
  fixtureDocument,
  fixturePath,
  loadFixture,
} from '../__testUtils__/fixtures';
import { readFileSync } from 'fs';
import { parsePlan } from '../plan/parsePlan';
import { evaluatePlan } from './evaluate';
import { listRules } from './listRules';
import { parsePolicy } from './policyFile';
import { complianceScore } from './score';
import type { Finding } from './types';

const NOW = new Date('2026-11-22T12:00:00Z');

function verdictOf(findings: Finding[], ruleId: string, address: string) {
  const f = findings.find(x => x.ruleId === ruleId && x.address === address);
  if (!f) throw new Error(`no ${ruleId} finding for ${address}`);
  return f;
}

describe('the policy pack', () => {
  it('has at least 30 AWS, 5 GCP and 5 Azure rules with complete metadata', () => {
    const rules = listRules();
    expect(
      rules.filter(r => r.provider === 'aws').length,
    ).toBeGreaterThanOrEqual(30);
    expect(
      rules.filter(r => r.provider === 'google').length,
    ).toBeGreaterThanOrEqual(5);
    expect(
      rules.filter(r => r.provider === 'azurerm').length,
    ).toBeGreaterThanOrEqual(5);
    for (const r of rules) {
      expect(r.id).toMatch(/^GW-(AWS|GCP|AZ|TF)-\d{3}$/);
      expect(r.title && r.rationale && r.remediation.text).toBeTruthy();
      expect(r.remediation.terraform).toMatch(
        /(resource|provider|variable|data) "/,
      );
      expect(r.resourceTypes.length).toBeGreaterThan(0);
    }
    expect(new Set(rules.map(r => r.id)).size).toBe(rules.length);
  });
});

it('requires tags on exactly the AWS types that accept them (Infracost list)', () => {
  const taggable = JSON.parse(
    readFileSync(fixturePath('aws-taggable-resource-types.json'), 'utf8'),
  ) as Record<string, boolean>;
  const tags = listRules().find(r => r.id === 'GW-AWS-001')!;
  expect([...tags.resourceTypes].sort()).toEqual(
    Object.keys(taggable)
      .filter(t => taggable[t])
      .sort(),
  );
  // Types that take no tags get no finding at all.
  const { findings } = evaluatePlan(
    loadFixture('01-checkov-terragoat-tfplan.json'),
    { now: NOW },
  );
  const tagged = new Set(
    findings.filter(f => f.ruleId === 'GW-AWS-001').map(f => f.resourceType),
  );
  expect(tagged.has('aws_s3_bucket')).toBe(true);
  expect(tagged.has('aws_security_group_rule')).toBe(false);
  expect(tagged.has('aws_volume_attachment')).toBe(false);
});

describe('AWS findings on the Terragoat plan', () => {
  const { findings } = evaluatePlan(
    loadFixture('01-checkov-terragoat-tfplan.json'),
    { environment: 'prod', now: NOW },
  );

  it('fails the security group open to the world on SSH, and passes the one limited to the VPC', () => {
    const open = verdictOf(
      findings,
      'GW-AWS-002',
      'aws_security_group.web-node',
    );
    expect(open.verdict).toBe('fail');
    expect(open.message).toContain('0.0.0.0/0 to port 22 (SSH)');
    // Port 80 is open to the world too, but that is neither admin nor all ports.
    expect(
      verdictOf(findings, 'GW-AWS-003', 'aws_security_group.web-node').verdict,
    ).toBe('pass');
    // aws_security_group.default opens 3306 to 172.16.0.0/16 through a separate rule resource.
    expect(
      verdictOf(findings, 'GW-AWS-002', 'aws_security_group.default').verdict,
    ).toBe('pass');
    expect(
      verdictOf(findings, 'GW-AWS-002', 'aws_security_group_rule.ingress')
        .verdict,
    ).toBe('not-applicable');
  });

  it('fails the unencrypted, public database with no backups', () => {
    const db = 'aws_db_instance.default';
    expect(verdictOf(findings, 'GW-AWS-011', db).verdict).toBe('fail'); // storage_encrypted = false
    expect(verdictOf(findings, 'GW-AWS-012', db).verdict).toBe('fail'); // publicly_accessible = true
    expect(verdictOf(findings, 'GW-AWS-013', db).message).toContain(
      'backup_retention_period is 0',
    );
    expect(verdictOf(findings, 'GW-AWS-014', db).verdict).toBe('fail'); // prod: multi_az = false
    expect(verdictOf(findings, 'GW-AWS-015', db).verdict).toBe('fail'); // deletion_protection = null
  });

  it('judges S3 buckets setting by setting', () => {
    expect(
      verdictOf(findings, 'GW-AWS-008', 'aws_s3_bucket.data').message,
    ).toContain('"public-read"');
    expect(
      verdictOf(findings, 'GW-AWS-008', 'aws_s3_bucket.financials').verdict,
    ).toBe('pass');
    expect(
      verdictOf(findings, 'GW-AWS-005', 'aws_s3_bucket.logs').verdict,
    ).toBe('pass'); // aws:kms inline
    expect(
      verdictOf(findings, 'GW-AWS-005', 'aws_s3_bucket.data').verdict,
    ).toBe('fail');
    expect(
      verdictOf(findings, 'GW-AWS-006', 'aws_s3_bucket.operations').verdict,
    ).toBe('pass'); // versioning enabled
    expect(
      verdictOf(findings, 'GW-AWS-006', 'aws_s3_bucket.data').verdict,
    ).toBe('fail');
    expect(
      verdictOf(findings, 'GW-AWS-007', 'aws_s3_bucket.data_science').verdict,
    ).toBe('pass'); // logging block
    expect(
      verdictOf(findings, 'GW-AWS-007', 'aws_s3_bucket.logs').verdict,
    ).toBe('not-applicable'); // log target
    expect(
      verdictOf(findings, 'GW-AWS-004', 'aws_s3_bucket.data').verdict,
    ).toBe('fail');
  });

  it('finds secrets in Lambda environment, user data and variable defaults without printing them', () => {
    const lambda = verdictOf(
      findings,
      'GW-AWS-030',
      'aws_lambda_function.analysis_lambda',
    );
    expect(lambda.verdict).toBe('fail');
    expect(lambda.message).toContain('access_key (AWS access key id)');
    // The user data literal lives only in the configuration (the plan stores a hash).
    expect(
      verdictOf(findings, 'GW-AWS-031', 'aws_instance.web_host').verdict,
    ).toBe('fail');
    // db_app's user data interpolates the database address: hidden until apply.
    expect(
      verdictOf(findings, 'GW-AWS-031', 'aws_instance.db_app').verdict,
    ).toBe('unknown');
    expect(verdictOf(findings, 'GW-AWS-032', 'var.password').verdict).toBe(
      'fail',
    );
    const serialized = JSON.stringify(findings);
    expect(serialized).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(serialized).not.toContain('wJalrXUtnFEMI');
    expect(serialized).not.toContain('Aa1234321Bb');
  });

  it('judges EKS, KMS, ECR, ELB, IAM and IMDS', () => {
    expect(
      verdictOf(findings, 'GW-AWS-025', 'aws_eks_cluster.eks_cluster').verdict,
    ).toBe('fail');
    expect(
      verdictOf(findings, 'GW-AWS-026', 'aws_eks_cluster.eks_cluster').verdict,
    ).toBe('fail');
    // endpoint_public_access is true and vpc_config does not set
    // public_access_cidrs, so EKS opens the endpoint to 0.0.0.0/0.
    const eks = verdictOf(
      findings,
      'GW-AWS-024',
      'aws_eks_cluster.eks_cluster',
    );
    expect(eks.verdict).toBe('fail');
    expect(eks.message).toContain('open to 0.0.0.0/0');
    expect(
      verdictOf(findings, 'GW-AWS-017', 'aws_kms_key.logs_key').verdict,
    ).toBe('fail');
    expect(
      verdictOf(findings, 'GW-AWS-033', 'aws_ecr_repository.repository')
        .verdict,
    ).toBe('fail');
    expect(
      verdictOf(findings, 'GW-AWS-034', 'aws_ecr_repository.repository')
        .verdict,
    ).toBe('fail');
    expect(
      verdictOf(findings, 'GW-AWS-027', 'aws_elb.weblb').message,
    ).toContain('http:80');
    // s3:*, ec2:*, rds:* on "*" is broad but not full admin.
    expect(
      verdictOf(findings, 'GW-AWS-029', 'aws_iam_role_policy.ec2policy')
        .verdict,
    ).toBe('warn');
    expect(
      verdictOf(findings, 'GW-AWS-018', 'aws_instance.web_host').verdict,
    ).toBe('fail');
    // EBS encryption is computed and not configured: the provider default (off) applies.
    expect(
      verdictOf(findings, 'GW-AWS-009', 'aws_ebs_volume.web_host_storage')
        .verdict,
    ).toBe('fail');
  });

  it('finds the VPC without flow logs and the missing budget', () => {
    expect(verdictOf(findings, 'GW-AWS-023', 'aws_vpc.web_vpc').verdict).toBe(
      'pass',
    );
    expect(verdictOf(findings, 'GW-AWS-023', 'aws_vpc.eks_vpc').verdict).toBe(
      'fail',
    );
    expect(verdictOf(findings, 'GW-AWS-036', '(plan)').verdict).toBe('fail');
  });
});

it('answers unknown when a configured nested value is hidden until apply, and judges the default when it is not configured', () => {
  const doc = fixtureDocument('01-checkov-terragoat-tfplan.json') as any;
  const cfg = doc.configuration.root_module.resources.find(
    (r: any) => r.address === 'aws_eks_cluster.eks_cluster',
  );
  cfg.expressions.vpc_config[0].public_access_cidrs = {
    references: ['var.office_cidrs'],
  };
  const hidden = evaluatePlan(parsePlan(JSON.stringify(doc)), { now: NOW });
  expect(
    verdictOf(hidden.findings, 'GW-AWS-024', 'aws_eks_cluster.eks_cluster')
      .verdict,
  ).toBe('unknown');
  // The same value in a block the configuration does not write at all.
  delete cfg.expressions.vpc_config;
  const unset = evaluatePlan(parsePlan(JSON.stringify(doc)), { now: NOW });
  expect(
    verdictOf(unset.findings, 'GW-AWS-024', 'aws_eks_cluster.eks_cluster')
      .verdict,
  ).toBe('fail');
});

it('fails only the bucket whose public access block, in another module, is off', () => {
  const { findings } = evaluatePlan(
    loadFixture('02-checkov-nested-modules-s3-pab-tfplan.json'),
    { now: NOW },
  );
  const pab = findings.filter(f => f.ruleId === 'GW-AWS-004');
  expect(Object.fromEntries(pab.map(f => [f.address, f.verdict]))).toEqual({
    'aws_s3_bucket.root_bucket': 'pass',
    'module.s3_bucket.aws_s3_bucket.this[0]': 'fail',
    'module.s3_module.aws_s3_bucket.module_bucket': 'pass',
    'module.s3_module.module.s3_submodule.aws_s3_bucket.submodule_bucket':
      'pass',
  });
  expect(
    verdictOf(findings, 'GW-AWS-008', 'module.s3_bucket.aws_s3_bucket.this[0]')
      .message,
  ).toContain(
    'module.s3_bucket.aws_s3_bucket_acl.this[0] grants the "public-read-write" ACL',
  );
});

it('answers unknown, not pass, when a public access block cannot be tied to a bucket', () => {
  const doc = fixtureDocument('02-checkov-nested-modules-s3-pab-tfplan.json');
  // Drop the configuration: the root PAB can no longer be tied to its bucket.
  const { configuration, ...rest } = doc;
  expect(configuration).toBeDefined();
  const { findings } = evaluatePlan(parsePlan(JSON.stringify(rest)), {
    now: NOW,
  });
  const f = verdictOf(findings, 'GW-AWS-004', 'aws_s3_bucket.root_bucket');
  expect(f.verdict).toBe('unknown');
  expect(f.message).toContain('could not be tied');
});

it('fails every for_each instance of a module whose group is open on all ports', () => {
  const { findings } = evaluatePlan(
    loadFixture('03-checkov-foreach-module-sg-tfplan.json'),
    { now: NOW },
  );
  const failing = findings
    .filter(f => f.ruleId === 'GW-AWS-003' && f.verdict === 'fail')
    .map(f => f.address);
  expect(failing).toEqual([
    'module.sg["awful_example"].aws_security_group.bad',
    'module.sg["bad_example"].aws_security_group.bad',
    'module.sg["terrible_example"].aws_security_group.bad',
  ]);
});

it('judges GCP and Azure resources', () => {
  const gcp = evaluatePlan(
    loadFixture('09-gcp-tfplan2cai-compute-instance-iam.tfplan.json'),
    { now: NOW },
  ).findings;
  expect(
    verdictOf(gcp, 'GW-GCP-001', 'google_compute_instance.tgc-iam').verdict,
  ).toBe('pass'); // no access_config
  expect(
    verdictOf(gcp, 'GW-GCP-002', 'google_compute_instance.tgc-iam').verdict,
  ).toBe('fail');
  expect(
    verdictOf(gcp, 'GW-GCP-007', 'google_compute_instance_iam_member.foo')
      .verdict,
  ).toBe('pass');
  const azure = evaluatePlan(
    loadFixture('10-infracost-azure_firewall_plan.json'),
    { now: NOW },
  ).findings;
  expect(
    azure.filter(f => f.ruleId === 'GW-AZ-007' && f.verdict === 'fail'),
  ).toHaveLength(5);
});

describe('environments, tags and waivers', () => {
  const plan = loadFixture('01-checkov-terragoat-tfplan.json');

  it('blocks at high in prod and at critical elsewhere by default', () => {
    const prod = evaluatePlan(plan, { environment: 'prod', now: NOW }).summary;
    const dev = evaluatePlan(plan, { environment: 'dev', now: NOW }).summary;
    expect(prod.threshold).toBe('high');
    expect(dev.threshold).toBe('critical');
    expect(prod.blockingFindings).toBe(prod.failed.critical + prod.failed.high);
    expect(dev.blockingFindings).toBe(dev.failed.critical);
  });

  it('applies production-only rules only in production', () => {
    const dev = evaluatePlan(plan, { environment: 'dev', now: NOW }).findings;
    expect(
      verdictOf(dev, 'GW-AWS-014', 'aws_db_instance.default').verdict,
    ).toBe('not-applicable');
  });

  it('counts provider default_tags towards mandatory tags', () => {
    const doc = fixtureDocument('04-infracost-example_plan.json') as {
      configuration: {
        provider_config: Record<
          string,
          { expressions: Record<string, unknown> }
        >;
      };
    };
    const policy = parsePolicy(
      'version: 1\nrequiredTags: [Owner, CostCenter]\n',
    );
    const before = evaluatePlan(parsePlan(JSON.stringify(doc)), {
      policy,
      now: NOW,
    }).findings;
    expect(
      verdictOf(before, 'GW-AWS-001', 'aws_instance.web_app').message,
    ).toBe('Missing required tags: Owner, CostCenter.');
    doc.configuration.provider_config.aws.expressions.default_tags = [
      { tags: { constant_value: { Owner: 'payments', CostCenter: '42' } } },
    ];
    const after = evaluatePlan(parsePlan(JSON.stringify(doc)), {
      policy,
      now: NOW,
    }).findings;
    expect(verdictOf(after, 'GW-AWS-001', 'aws_instance.web_app').verdict).toBe(
      'pass',
    );
  });

  it('applies, re-rates, disables and waives per environment; expired waivers say so', () => {
    const policy = parsePolicy(`
version: 1
environments:
  dev:
    blockingThreshold: high
    rules:
      GW-AWS-001: { enabled: false }
      GW-AWS-017: { severity: critical }
waivers:
  - rule: GW-AWS-002
    resource: aws_security_group.web-*
    reason: Bastion until the VPN lands
    owner: alice@example.com
    expires: 2026-12-31
  - rule: GW-AWS-012
    resource: aws_db_instance.*
    reason: Legacy migration
    owner: bob@example.com
    expires: 2026-01-31
`);
    const { findings, summary } = evaluatePlan(plan, {
      environment: 'dev',
      policy,
      now: NOW,
    });
    expect(findings.some(f => f.ruleId === 'GW-AWS-001')).toBe(false);
    expect(
      verdictOf(findings, 'GW-AWS-017', 'aws_kms_key.logs_key').severity,
    ).toBe('critical');
    const waived = verdictOf(
      findings,
      'GW-AWS-002',
      'aws_security_group.web-node',
    );
    expect(waived.verdict).toBe('waived');
    expect(waived.waivedVerdict).toBe('fail');
    expect(waived.waiver).toMatchObject({
      owner: 'alice@example.com',
      expired: false,
    });
    const expired = verdictOf(
      findings,
      'GW-AWS-012',
      'aws_db_instance.default',
    );
    expect(expired.verdict).toBe('fail');
    expect(expired.message).toContain('expired on 2026-01-31');
    expect(summary.expiredWaivers).toBe(1);
    expect(summary.waived).toBe(1);
    expect(summary.threshold).toBe('high');
    // On the last day the waiver still holds; the day after it does not.
    const lastDay = evaluatePlan(plan, {
      environment: 'dev',
      policy,
      now: new Date('2026-12-31T23:00:00Z'),
    });
    expect(
      verdictOf(lastDay.findings, 'GW-AWS-002', 'aws_security_group.web-node')
        .verdict,
    ).toBe('waived');
    const dayAfter = evaluatePlan(plan, {
      environment: 'dev',
      policy,
      now: new Date('2027-01-01T00:00:01Z'),
    });
    expect(
      verdictOf(dayAfter.findings, 'GW-AWS-002', 'aws_security_group.web-node')
        .verdict,
    ).toBe('fail');
  });

  it('ends a waiver with `until` at that instant, not at the end of its day', () => {
    const policy = parsePolicy(`
version: 1
waivers:
  - rule: GW-AWS-002
    resource: aws_security_group.web-*
    reason: request 42
    owner: user:default/alice
    expires: 2026-11-22
`);
    const withUntil = (until: string) => ({
      ...policy,
      waivers: policy.waivers!.map(w => ({ ...w, until })),
    });
    const at = (p: typeof policy, now: string) =>
      verdictOf(
        evaluatePlan(plan, {
          environment: 'dev',
          policy: p,
          now: new Date(now),
        }).findings,
        'GW-AWS-002',
        'aws_security_group.web-node',
      );
    const until = '2026-11-22T15:30:00.000Z';
    const before = at(withUntil(until), '2026-11-22T15:29:59Z');
    expect(before.verdict).toBe('waived');
    expect(before.message).toContain(`Waived until ${until}`);
    const after = at(withUntil(until), '2026-11-22T15:30:00Z');
    expect(after.verdict).toBe('fail');
    expect(after.waiver).toMatchObject({ expired: true, until });
    expect(after.message).toContain(`expired on ${until}`);
    // Without `until`, the same waiver holds for the rest of the day.
    expect(at(policy, '2026-11-22T15:30:00Z').verdict).toBe('waived');
    // An unreadable instant does not hold.
    expect(at(withUntil('soon'), '2026-11-22T00:00:00Z').verdict).toBe('fail');
  });
});

it('scores 100 minus weighted failures', () => {
  expect(
    complianceScore([
      { verdict: 'fail', severity: 'critical' },
      { verdict: 'fail', severity: 'high' },
      { verdict: 'fail', severity: 'low' },
      { verdict: 'waived', severity: 'critical' },
      { verdict: 'unknown', severity: 'high' },
    ]),
  ).toBe(100 - 10 - 5 - 1);
  expect(
    complianceScore(Array(20).fill({ verdict: 'fail', severity: 'critical' })),
  ).toBe(0);
});

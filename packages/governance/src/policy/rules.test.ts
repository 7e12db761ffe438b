import { addressOf, planOf, ResourceSpec } from '../__testUtils__/plans';
import type { JsonObject } from '../plan/types';
import { evaluatePlan } from './evaluate';
import { listRules } from './listRules';
import type { Verdict } from './types';

type Spec = ResourceSpec;

function verdict(
  specs: Spec[],
  ruleId: string,
  address = addressOf(specs[0]),
  environment = 'prod',
): { verdict: Verdict; message: string } {
  const f = evaluatePlan(planOf(specs), {
    environment,
    now: new Date('2026-11-22T00:00:00Z'),
  }).findings.find(x => x.ruleId === ruleId && x.address === address);
  if (!f) throw new Error(`no ${ruleId} finding for ${address}`);
  return { verdict: f.verdict, message: f.message };
}

const ssh = (cidr: string | null) => ({
  cidr_blocks: [cidr],
  ipv6_cidr_blocks: [],
  from_port: 22,
  to_port: 22,
  protocol: 'tcp',
});

describe('ingress whose source is only known after apply is unknown, never a pass', () => {
  it('AWS inline ingress and separate rule resources', () => {
    // cidr_blocks = [var.office_cidr], unknown at plan time.
    expect(
      verdict(
        [
          {
            type: 'aws_security_group',
            after: { ingress: [ssh(null)] },
            unknown: { ingress: [{ cidr_blocks: [true] }] },
            config: { ingress: { references: ['var.office_cidr'] } },
          },
        ],
        'GW-AWS-002',
      ).verdict,
    ).toBe('unknown');
    expect(
      verdict(
        [
          {
            type: 'aws_security_group',
            after: { ingress: [ssh('10.0.0.0/8')] },
          },
        ],
        'GW-AWS-002',
      ).verdict,
    ).toBe('pass');
    expect(
      verdict(
        [
          {
            type: 'aws_security_group',
            after: { ingress: [ssh('0.0.0.0/0')] },
          },
        ],
        'GW-AWS-002',
      ).verdict,
    ).toBe('fail');
    expect(
      verdict(
        [
          {
            type: 'aws_security_group_rule',
            after: { type: 'ingress', ...ssh(null) },
            unknown: { cidr_blocks: [true] },
            config: { cidr_blocks: { references: ['var.office_cidr'] } },
          },
        ],
        'GW-AWS-002',
      ).verdict,
    ).toBe('unknown');
    expect(
      verdict(
        [
          {
            type: 'aws_vpc_security_group_ingress_rule',
            after: { ip_protocol: '-1' },
            unknown: { cidr_ipv4: true },
            config: { cidr_ipv4: { references: ['var.cidr'] } },
          },
        ],
        'GW-AWS-003',
      ).verdict,
    ).toBe('unknown');
  });

  it('GCP firewalls: no source at all means 0.0.0.0/0', () => {
    const fw = (after: JsonObject, extra: Partial<Spec> = {}): Spec => ({
      type: 'google_compute_firewall',
      after: {
        name: 'ssh',
        direction: 'INGRESS',
        allow: [{ protocol: 'tcp', ports: ['22'] }],
        ...after,
      },
      ...extra,
    });
    const open = verdict([fw({ source_ranges: [] })], 'GW-GCP-005');
    expect(open.verdict).toBe('fail');
    expect(open.message).toContain('no source set');
    expect(
      verdict(
        [fw({ source_ranges: [], source_tags: ['bastion'] })],
        'GW-GCP-005',
      ).verdict,
    ).toBe('pass');
    expect(
      verdict(
        [fw({ source_ranges: ['0.0.0.0/0'], disabled: true })],
        'GW-GCP-005',
      ).verdict,
    ).toBe('pass');
    expect(
      verdict(
        [
          fw(
            { source_ranges: [null] },
            {
              unknown: { source_ranges: [true] },
              config: { source_ranges: { references: ['var.vpn'] } },
            },
          ),
        ],
        'GW-GCP-005',
      ).verdict,
    ).toBe('unknown');
  });

  it('Azure network security rules', () => {
    expect(
      verdict(
        [
          {
            type: 'azurerm_network_security_rule',
            after: {
              direction: 'Inbound',
              access: 'Allow',
              protocol: 'Tcp',
              destination_port_range: '22',
            },
            unknown: { source_address_prefix: true },
            config: { source_address_prefix: { references: ['var.src'] } },
          },
        ],
        'GW-AZ-001',
      ).verdict,
    ).toBe('unknown');
    const rdp = verdict(
      [
        {
          type: 'azurerm_network_security_group',
          after: {
            security_rule: [
              {
                direction: 'Inbound',
                access: 'Allow',
                protocol: 'Tcp',
                destination_port_range: '3389',
                source_address_prefix: 'Internet',
              },
            ],
          },
        },
      ],
      'GW-AZ-001',
    );
    expect(rdp.verdict).toBe('fail');
    expect(rdp.message).toContain('3389 (RDP)');
  });
});

it('accepts only TLS 1.2+ security policies, including in the TLS13 family', () => {
  const listener = (ssl_policy: string): Spec[] => [
    {
      type: 'aws_lb_listener',
      after: { protocol: 'HTTPS', port: 443, ssl_policy, default_action: [] },
    },
  ];
  for (const weak of [
    'ELBSecurityPolicy-TLS13-1-0-2021-06',
    'ELBSecurityPolicy-TLS13-1-1-2021-06',
    'ELBSecurityPolicy-2016-08',
    'ELBSecurityPolicy-TLS-1-1-2017-01',
  ]) {
    expect(verdict(listener(weak), 'GW-AWS-028').verdict).toBe('fail');
  }
  for (const strong of [
    'ELBSecurityPolicy-TLS13-1-2-2021-06',
    'ELBSecurityPolicy-TLS13-1-3-2021-06',
    'ELBSecurityPolicy-TLS-1-2-Ext-2018-06',
    'ELBSecurityPolicy-FS-1-2-Res-2020-10',
  ]) {
    expect(verdict(listener(strong), 'GW-AWS-028').verdict).toBe('pass');
  }
});

it('judges a listener without protocol by its load balancer type', () => {
  const specs = (type: string): Spec[] => [
    { type: 'aws_lb', name: 'lb', after: { load_balancer_type: type } },
    {
      type: 'aws_lb_listener',
      after: { port: 80, default_action: [{ type: 'forward' }] },
      unknown: { protocol: true },
      config: {
        load_balancer_arn: { references: ['aws_lb.lb.arn', 'aws_lb.lb'] },
      },
    },
  ];
  expect(
    verdict(specs('network'), 'GW-AWS-027', 'aws_lb_listener.x').verdict,
  ).toBe('not-applicable');
  expect(
    verdict(specs('application'), 'GW-AWS-027', 'aws_lb_listener.x').verdict,
  ).toBe('fail');
});

it('counts a tag whose value is only known after apply as present', () => {
  const found = evaluatePlan(
    planOf([
      {
        type: 'aws_instance',
        after: { instance_type: 't3.micro', tags: { Environment: 'prod' } },
        // tags = { Owner = var.owner, Environment = "prod" }
        unknown: { tags: { Owner: true }, tags_all: true },
        config: { tags: { references: ['var.owner'] } },
      },
    ]),
  ).findings.find(f => f.ruleId === 'GW-AWS-001')!;
  expect(found.verdict).toBe('pass');
});

it('requires seven days of RDS backups, and leaves read replicas to their source', () => {
  const db = (after: JsonObject): Spec[] => [
    {
      type: 'aws_db_instance',
      after: { engine: 'postgres', storage_encrypted: true, ...after },
    },
  ];
  const oneDay = verdict(db({ backup_retention_period: 1 }), 'GW-AWS-013');
  expect(oneDay.verdict).toBe('fail');
  expect(oneDay.message).toContain('kept 1 day(s)');
  expect(
    verdict(db({ backup_retention_period: 7 }), 'GW-AWS-013').verdict,
  ).toBe('pass');
  expect(
    verdict(
      db({ backup_retention_period: 0, replicate_source_db: 'main' }),
      'GW-AWS-013',
    ).verdict,
  ).toBe('not-applicable');
});

describe('IAM administrator access', () => {
  const doc = (statement: JsonObject) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

  it('fails AdministratorAccess attachments and roles that carry it', () => {
    const attached = verdict(
      [
        {
          type: 'aws_iam_role_policy_attachment',
          after: {
            role: 'app',
            policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
          },
        },
      ],
      'GW-AWS-029',
    );
    expect(attached.verdict).toBe('fail');
    expect(attached.message).toContain('AdministratorAccess is attached');
    expect(
      verdict(
        [
          {
            type: 'aws_iam_role',
            action: 'no-op',
            after: {
              name: 'ops',
              inline_policy: [],
              managed_policy_arns: [
                'arn:aws-us-gov:iam::aws:policy/AdministratorAccess',
              ],
            },
          },
        ],
        'GW-AWS-029',
      ).verdict,
    ).toBe('fail');
    expect(
      verdict(
        [
          {
            type: 'aws_iam_user_policy_attachment',
            after: {
              user: 'ci',
              policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
            },
          },
        ],
        'GW-AWS-029',
      ).verdict,
    ).toBe('pass');
  });

  it('passes a trail encrypted with a key created in the same plan, and leaves any other hidden key unknown', () => {
    const trail = (refs: string[]): Spec[] => [
      {
        type: 'aws_cloudtrail',
        after: { name: 'audit', is_multi_region_trail: true },
        unknown: { kms_key_id: true },
        config: { kms_key_id: { references: refs } },
      },
    ];
    expect(
      verdict(
        trail(['aws_kms_key.audit.arn', 'aws_kms_key.audit']),
        'GW-AWS-022',
      ),
    ).toEqual({
      verdict: 'pass',
      message:
        'Logs are encrypted with aws_kms_key.audit, created in this plan',
    });
    expect(
      verdict(trail(['data.external.key.result']), 'GW-AWS-022').verdict,
    ).toBe('unknown');
    expect(
      verdict(
        [
          {
            type: 'aws_cloudtrail',
            after: { name: 'audit', kms_key_id: null },
          },
        ],
        'GW-AWS-022',
      ).verdict,
    ).toBe('fail');
  });

  it('leaves an attachment of a policy created in the plan to that policy, and anything else hidden unknown', () => {
    const attachment = (refs: string[]): Spec[] => [
      {
        type: 'aws_iam_role_policy_attachment',
        after: { role: 'app' },
        unknown: { policy_arn: true },
        config: { policy_arn: { references: refs } },
      },
    ];
    expect(
      verdict(
        attachment(['aws_iam_policy.app.arn', 'aws_iam_policy.app']),
        'GW-AWS-029',
      ).verdict,
    ).toBe('not-applicable');
    expect(
      verdict(attachment(['data.external.arn.result']), 'GW-AWS-029').verdict,
    ).toBe('unknown');
  });

  it('fails "*" with NotResource and warns on NotAction on every resource', () => {
    const policy = (statement: JsonObject): Spec[] => [
      { type: 'aws_iam_policy', after: { policy: doc(statement) } },
    ];
    expect(
      verdict(
        policy({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::x' }),
        'GW-AWS-029',
      ).verdict,
    ).toBe('fail');
    const powerUser = verdict(
      policy({ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' }),
      'GW-AWS-029',
    );
    expect(powerUser.verdict).toBe('warn');
    expect(powerUser.message).toContain('NotAction ["iam:*"]');
  });
});

describe('EBS encryption by default', () => {
  const volume: Spec = {
    type: 'aws_ebs_volume',
    after: { availability_zone: 'eu-west-1a', size: 10 },
    unknown: { encrypted: true },
  };
  const byDefault = (action: 'create' | 'no-op'): Spec => ({
    type: 'aws_ebs_encryption_by_default',
    action,
    after: { enabled: true },
  });

  it('passes volumes in a region whose default is already on', () => {
    const v = verdict([volume, byDefault('no-op')], 'GW-AWS-009');
    expect(v.verdict).toBe('pass');
    expect(v.message).toContain('aws_ebs_encryption_by_default.x');
  });

  it('is unknown while the same apply turns the default on, and fails without it', () => {
    const sameApply = verdict([volume, byDefault('create')], 'GW-AWS-009');
    expect(sameApply.verdict).toBe('unknown');
    expect(sameApply.message).toContain('in this same apply');
    expect(verdict([volume], 'GW-AWS-009').verdict).toBe('fail');
  });
});

describe('Azure Firewall threat intelligence', () => {
  it('leaves a firewall with a policy to the policy, and judges the policy', () => {
    expect(
      verdict(
        [
          {
            type: 'azurerm_firewall',
            after: { threat_intel_mode: '', sku_tier: 'Standard' },
            unknown: { firewall_policy_id: true },
            config: {
              firewall_policy_id: {
                references: ['azurerm_firewall_policy.hub.id'],
              },
            },
          },
        ],
        'GW-AZ-007',
      ).verdict,
    ).toBe('not-applicable');
    const alert = verdict(
      [
        {
          type: 'azurerm_firewall_policy',
          after: { sku: 'Standard', threat_intelligence_mode: 'Alert' },
        },
      ],
      'GW-AZ-007',
    );
    expect(alert.verdict).toBe('fail');
    expect(
      verdict(
        [
          {
            type: 'azurerm_firewall_policy',
            after: { sku: 'Premium', threat_intelligence_mode: 'Deny' },
          },
        ],
        'GW-AZ-007',
      ).verdict,
    ).toBe('pass');
  });

  it('warns on the Basic tier, which cannot deny', () => {
    expect(
      verdict(
        [
          {
            type: 'azurerm_firewall',
            after: { sku_tier: 'Basic', threat_intel_mode: 'Alert' },
          },
        ],
        'GW-AZ-007',
      ).verdict,
    ).toBe('warn');
  });
});

it('fails buckets that grant AllUsers through grant blocks or an access control policy', () => {
  const grant = verdict(
    [
      {
        type: 'aws_s3_bucket',
        after: {
          bucket: 'b',
          grant: [
            {
              type: 'Group',
              uri: 'http://acs.amazonaws.com/groups/global/AllUsers',
              permissions: ['READ'],
            },
          ],
        },
      },
    ],
    'GW-AWS-008',
  );
  expect(grant.verdict).toBe('fail');
  expect(grant.message).toContain('AllUsers (READ)');
  const viaAcl = verdict(
    [
      { type: 'aws_s3_bucket', name: 'b', after: { bucket: 'b' } },
      {
        type: 'aws_s3_bucket_acl',
        after: {
          access_control_policy: [
            {
              grant: [
                {
                  permission: 'WRITE',
                  grantee: [
                    {
                      type: 'Group',
                      uri: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
                    },
                  ],
                },
              ],
            },
          ],
        },
        config: { bucket: { references: ['aws_s3_bucket.b.id'] } },
      },
    ],
    'GW-AWS-008',
    'aws_s3_bucket.b',
  );
  expect(viaAcl.verdict).toBe('fail');
  expect(viaAcl.message).toContain('AuthenticatedUsers (WRITE)');
});

it('cites Checkov ids in Checkov form and CIS controls with their benchmark and version', () => {
  for (const rule of listRules()) {
    for (const id of rule.references.checkov)
      expect(id).toMatch(/^CKV2?_(AWS|GCP|AZURE|SECRET)_\d+$/);
    for (const cis of rule.references.cis)
      expect(cis).toMatch(/^CIS .+ v\d+\.\d+\.\d+ \d+(\.\d+)+$/);
  }
  const refs = (id: string) =>
    listRules().find(r => r.id === id)!.references.checkov;
  // Checked against Checkov's sources: CKV_AZURE_59 is public network
  // access, CKV_AWS_251 CloudTrail logging, CKV_AWS_274 AdministratorAccess.
  expect(refs('GW-AZ-004')).toEqual(['CKV_AZURE_190']);
  expect(refs('GW-AWS-021')).toEqual(['CKV_AWS_251']);
  expect(refs('GW-AWS-029')).toContain('CKV_AWS_274');
});

import { addressOf, planOf, ResourceSpec } from '../../../__testUtils__/plans';
import { DEFAULT_PRICE_TABLE } from '../../../cost/prices/table';
import type { PriceTable } from '../../../cost/prices/types';
import type { JsonObject } from '../../../plan/types';
import { governPlan } from '../../../govern';
import { evaluatePlan, EvaluateOptions } from '../../evaluate';
import type { Finding } from '../../types';
import { NON_PRODUCTION_MAX_DB_SIZE } from './data';
import { FINOPS_RULES } from './index';

const ref = (address: string, attr = 'id'): JsonObject => ({
  references: [`${address}.${attr}`, address],
});

function findings(
  specs: ResourceSpec[],
  ruleId: string,
  options: EvaluateOptions = {},
  providers?: Record<string, JsonObject>,
): Finding[] {
  return evaluatePlan(planOf(specs, providers), {
    environment: 'prod',
    rules: FINOPS_RULES,
    ...options,
  }).findings.filter(f => f.ruleId === ruleId);
}

function finding(
  specs: ResourceSpec[],
  ruleId: string,
  options: EvaluateOptions = {},
  address = addressOf(specs[0]),
): Finding {
  const f = findings(specs, ruleId, options).find(x => x.address === address);
  if (!f) throw new Error(`no ${ruleId} finding for ${address}`);
  return f;
}

const attachment = (volume: string): ResourceSpec => ({
  type: 'aws_volume_attachment',
  name: 'a',
  after: { device_name: '/dev/sdf' },
  config: { volume_id: ref(volume) },
});

describe('FinOps: gp2 → gp3', () => {
  const volume = (after: JsonObject): ResourceSpec => ({
    type: 'aws_ebs_volume',
    name: 'v',
    after: { size: 500, ...after },
    unknown: { id: true },
  });

  it('a 500 GB gp2 volume in us-east-1 saves 500 × (0.10 − 0.08) = $10.00/month', () => {
    const f = finding([volume({ type: 'gp2' })], 'GW-AWS-451');
    expect(f.verdict).toBe('warn');
    expect(f.severity).toBe('low');
    expect(f.saving).toEqual({
      monthly: 10,
      currency: 'USD',
      basis: expect.stringContaining('500 GB'),
    });
    expect(f.message).toContain('$10.00/month');
  });

  it('uses the region of the provider block and the table it is given', () => {
    const f = findings(
      [volume({ type: 'gp2' })],
      'GW-AWS-451',
      {},
      { aws: { region: { constant_value: 'eu-west-1' } } },
    )[0];
    const eu = DEFAULT_PRICE_TABLE.aws['eu-west-1'].ebs;
    expect(f.saving?.monthly).toBeCloseTo(500 * (eu.gp2 - eu.gp3), 2);
    expect(f.saving?.basis).toContain('eu-west-1');
    const cheap: PriceTable = {
      ...DEFAULT_PRICE_TABLE,
      aws: {
        ...DEFAULT_PRICE_TABLE.aws,
        'us-east-1': {
          ...DEFAULT_PRICE_TABLE.aws['us-east-1'],
          ebs: { ...DEFAULT_PRICE_TABLE.aws['us-east-1'].ebs, gp2: 0.2 },
        },
      },
    };
    expect(
      finding([volume({ type: 'gp2' })], 'GW-AWS-451', { priceTable: cheap })
        .saving?.monthly,
    ).toBe(60);
  });

  it('treats an unset type as gp2 (the EC2 default) and passes gp3', () => {
    expect(finding([volume({})], 'GW-AWS-451').saving?.monthly).toBe(10);
    expect(finding([volume({ type: 'gp3' })], 'GW-AWS-451').verdict).toBe(
      'pass',
    );
  });

  it('gives no figure, and says so, when the size is not known', () => {
    const f = finding(
      [
        {
          type: 'aws_ebs_volume',
          after: { type: 'gp2' },
          unknown: { size: true },
        },
      ],
      'GW-AWS-451',
    );
    expect(f.verdict).toBe('warn');
    expect(f.saving).toBeUndefined();
    expect(f.message).toContain('No figure');
  });
});

describe('FinOps: unattached volumes and Elastic IPs', () => {
  const volume: ResourceSpec = {
    type: 'aws_ebs_volume',
    name: 'v',
    after: { size: 100, type: 'gp3' },
    unknown: { id: true },
  };

  it('an unattached 100 GB gp3 volume costs 100 × 0.08 = $8.00/month', () => {
    const f = finding([volume], 'GW-AWS-452');
    expect(f.verdict).toBe('warn');
    expect(f.saving?.monthly).toBe(8);
    expect(f.message).toContain('aws_volume_attachment');
  });

  it('passes an attached volume', () => {
    expect(
      finding([volume, attachment('aws_ebs_volume.v')], 'GW-AWS-452').verdict,
    ).toBe('pass');
  });

  it('an idle EIP costs 0.005 × 730 = $3.65/month; one used by a NAT gateway passes', () => {
    const eip: ResourceSpec = {
      type: 'aws_eip',
      name: 'e',
      after: { domain: 'vpc' },
      unknown: { id: true, allocation_id: true },
    };
    const idle = finding([eip], 'GW-AWS-454');
    expect(idle.verdict).toBe('warn');
    expect(idle.saving?.monthly).toBe(3.65);
    expect(
      finding(
        [
          eip,
          {
            type: 'aws_nat_gateway',
            after: {},
            config: { allocation_id: ref('aws_eip.e') },
          },
        ],
        'GW-AWS-454',
      ).verdict,
    ).toBe('pass');
    expect(
      finding([{ ...eip, after: { instance: 'i-123' } }], 'GW-AWS-454').verdict,
    ).toBe('pass');
  });
});

describe('FinOps: previous-generation instances', () => {
  const instance = (type: string): ResourceSpec => ({
    type: 'aws_instance',
    after: { instance_type: type },
  });

  it('t2.medium → t3.medium saves (0.0464 − 0.0416) × 730 = $3.50/month', () => {
    const f = finding([instance('t2.medium')], 'GW-AWS-453');
    expect(f.verdict).toBe('warn');
    expect(f.saving?.monthly).toBe(3.5);
    expect(f.message).toContain('t3.medium');
  });

  it('names the peer without a figure when the table lacks a price', () => {
    const f = finding([instance('m4.large')], 'GW-AWS-453');
    expect(f.verdict).toBe('warn');
    expect(f.saving).toBeUndefined();
    expect(f.message).toContain('m5.large');
    expect(f.message).toContain('not in the price table');
  });

  it('passes current generations', () => {
    expect(finding([instance('m6i.large')], 'GW-AWS-453').verdict).toBe('pass');
  });
});

describe('FinOps: NAT gateways per VPC outside production', () => {
  const vpc: ResourceSpec = {
    type: 'aws_vpc',
    name: 'main',
    after: {},
    unknown: { id: true },
  };
  const subnet = (name: string): ResourceSpec => ({
    type: 'aws_subnet',
    name,
    after: {},
    unknown: { id: true },
    config: { vpc_id: ref('aws_vpc.main') },
  });
  const nat = (name: string, sub: string): ResourceSpec => ({
    type: 'aws_nat_gateway',
    name,
    after: {},
    config: { subnet_id: ref(`aws_subnet.${sub}`) },
  });
  const plan = [
    vpc,
    subnet('a'),
    subnet('b'),
    subnet('c'),
    nat('a', 'a'),
    nat('b', 'b'),
    nat('c', 'c'),
  ];

  it('three NAT gateways in dev save (3 − 1) × 0.045 × 730 = $65.70/month', () => {
    const [f] = findings(plan, 'GW-AWS-455', { environment: 'dev' });
    expect(f.verdict).toBe('warn');
    expect(f.saving?.monthly).toBe(65.7);
    expect(f.message).toContain('aws_vpc.main');
  });

  it('says nothing in production', () => {
    expect(findings(plan, 'GW-AWS-455', { environment: 'prod' })).toEqual([]);
  });

  it('passes a VPC with one NAT gateway', () => {
    const [f] = findings([vpc, subnet('a'), nat('a', 'a')], 'GW-AWS-455', {
      environment: 'dev',
    });
    expect(f.verdict).toBe('pass');
  });
});

describe('FinOps: oversized non-production databases', () => {
  const db = (cls: string, multiAz = false): ResourceSpec => ({
    type: 'aws_db_instance',
    after: { instance_class: cls, engine: 'postgres', multi_az: multiAz },
  });

  it(`db.m5.xlarge in dev → db.m5.${NON_PRODUCTION_MAX_DB_SIZE} saves (0.356 − 0.178) × 730 = $129.94/month`, () => {
    const f = finding([db('db.m5.xlarge')], 'GW-AWS-456', {
      environment: 'dev',
    });
    expect(f.verdict).toBe('warn');
    expect(f.saving?.monthly).toBe(129.94);
    expect(f.message).toContain('instance_class');
  });

  it('doubles the saving for Multi-AZ', () => {
    expect(
      finding([db('db.m5.xlarge', true)], 'GW-AWS-456', { environment: 'dev' })
        .saving?.monthly,
    ).toBe(259.88);
  });

  it('passes small classes and is not applicable in production', () => {
    expect(
      finding([db('db.t3.medium')], 'GW-AWS-456', { environment: 'dev' })
        .verdict,
    ).toBe('pass');
    expect(finding([db('db.m5.xlarge')], 'GW-AWS-456').verdict).toBe(
      'not-applicable',
    );
  });
});

describe('FinOps: log retention and S3 lifecycle', () => {
  const group = (after: JsonObject): ResourceSpec => ({
    type: 'aws_cloudwatch_log_group',
    name: 'g',
    after: { name: '/app', ...after },
  });

  it('warns without a figure unless a usage file gives storageGb', () => {
    const none = finding([group({ retention_in_days: 0 })], 'GW-AWS-457');
    expect(none.verdict).toBe('warn');
    expect(none.saving).toBeUndefined();
    expect(none.message).toContain('storageGb');
    const priced = finding([group({})], 'GW-AWS-457', {
      usage: { 'aws_cloudwatch_log_group.g': { storageGb: 200 } },
    });
    // 200 GB × 0.03 USD/GB-month.
    expect(priced.saving?.monthly).toBe(
      Math.round(
        200 * DEFAULT_PRICE_TABLE.aws['us-east-1'].logsStoragePerGbMonth * 100,
      ) / 100,
    );
    expect(
      finding([group({ retention_in_days: 30 })], 'GW-AWS-457').verdict,
    ).toBe('pass');
  });

  it('warns on a bucket without a lifecycle configuration, passes one with', () => {
    const bucket: ResourceSpec = {
      type: 'aws_s3_bucket',
      name: 'b',
      after: { bucket: 'data' },
      unknown: { id: true },
    };
    const f = finding([bucket], 'GW-AWS-458');
    expect(f.verdict).toBe('warn');
    expect(f.message).toContain('aws_s3_bucket_lifecycle_configuration');
    expect(
      finding(
        [
          bucket,
          {
            type: 'aws_s3_bucket_lifecycle_configuration',
            after: {},
            config: { bucket: ref('aws_s3_bucket.b') },
          },
        ],
        'GW-AWS-458',
      ).verdict,
    ).toBe('pass');
  });
});

describe('FinOps: summary and rule metadata', () => {
  it('sums the savings of findings that are not waived', () => {
    const specs: ResourceSpec[] = [
      {
        type: 'aws_ebs_volume',
        name: 'a',
        after: { size: 500, type: 'gp2' },
        unknown: { id: true },
      },
      {
        type: 'aws_ebs_volume',
        name: 'b',
        after: { size: 100, type: 'gp2' },
        unknown: { id: true },
      },
    ];
    const rules = FINOPS_RULES.filter(r => r.id === 'GW-AWS-451');
    const all = evaluatePlan(planOf(specs), { rules });
    expect(all.summary.monthlySavings).toBe(12);
    const waived = evaluatePlan(planOf(specs), {
      rules,
      now: new Date('2026-01-01'),
      policy: {
        version: 1,
        waivers: [
          {
            rule: 'GW-AWS-451',
            resource: 'aws_ebs_volume.a',
            reason: 'migrating next sprint',
            owner: 'platform',
            expires: '2026-12-31',
          },
        ],
      },
    });
    expect(waived.summary.monthlySavings).toBe(2);
  });

  it('governPlan prices savings with the overrides the estimate uses', () => {
    const plan = planOf([
      {
        type: 'aws_ebs_volume',
        name: 'a',
        after: { size: 500, type: 'gp2' },
        unknown: { id: true },
      },
    ]);
    const result = governPlan(plan, {
      rules: FINOPS_RULES.filter(r => r.id === 'GW-AWS-451'),
      prices: { aws: { 'us-east-1': { ebs: { gp2: 0.11 } } } },
    });
    // 500 × (0.11 − 0.08)
    expect(result.summary.monthlySavings).toBe(15);
    expect(result.cost.monthlyAfter).toBe(55);
  });

  it('leaves findings without a saving free of the field', () => {
    const result = evaluatePlan(
      planOf([{ type: 'aws_ebs_volume', after: { size: 5, type: 'gp3' } }]),
      { rules: FINOPS_RULES },
    );
    const passed = result.findings.find(f => f.ruleId === 'GW-AWS-451')!;
    expect(passed.verdict).toBe('pass');
    expect('saving' in passed).toBe(false);
  });

  it.each(FINOPS_RULES.map(r => [r.id, r] as const))(
    '%s never blocks and cites its price source',
    (_, rule) => {
      expect(rule.severity).toBe('low');
      expect(rule.provider).toBe('aws');
      expect(rule.id).toMatch(/^GW-AWS-4[5-9]\d$/);
      expect(rule.references.docs.some(d => d.includes('pricing'))).toBe(true);
      expect(rule.remediation.terraform).toContain('resource "aws_');
    },
  );
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planFromDocument } from '@groundwork/governance';
import { synthesizePlan } from './synthesizePlan';
import { isUnknown } from './values';

const dir = path.join(__dirname, '__fixtures__', 'counted');
const cloud = { accountId: '111111111111', region: 'us-east-1' };

describe('synthesizePlan', () => {
  it('expands count and for_each into addressed instances', async () => {
    const { document } = await synthesizePlan({
      dir,
      cloud,
      variables: { mode: 'per-az' },
    });
    const addresses = (document.resource_changes as any[]).map(r => r.address);
    expect(addresses).toEqual([
      'aws_nat_gateway.this[0]',
      'aws_nat_gateway.this[1]',
      'aws_nat_gateway.this[2]',
      'aws_ssm_parameter.named["x"]',
      'aws_ssm_parameter.named["y"]',
      'aws_subnet.private[0]',
      'aws_subnet.private[1]',
      'aws_subnet.private[2]',
      'aws_vpc.this',
      'module.child.aws_s3_bucket.this',
    ]);
    const single = await synthesizePlan({
      dir,
      cloud,
      variables: { mode: 'single' },
    });
    expect(
      (single.document.resource_changes as any[]).filter(
        r => r.type === 'aws_nat_gateway',
      ),
    ).toHaveLength(1);
  });

  it('keeps values known where Terraform knows them and marks the rest unknown', async () => {
    const { document, outputs } = await synthesizePlan({ dir, cloud });
    const subnet = (document.resource_changes as any[]).find(
      r => r.address === 'aws_subnet.private[1]',
    );
    expect(subnet.change.after).toMatchObject({
      cidr_block: '10.0.16.0/20',
      availability_zone: 'us-east-1b',
    });
    expect(subnet.change.after).not.toHaveProperty('vpc_id');
    expect(subnet.change.after_unknown).toMatchObject({
      vpc_id: true,
      id: true,
      arn: true,
    });
    expect(outputs.cidrs).toEqual([
      '10.0.0.0/20',
      '10.0.16.0/20',
      '10.0.32.0/20',
    ]);
    expect(outputs.child).toBe('c-bucket');
  });

  it('writes a configuration section the governance reader resolves relations from', async () => {
    const { document } = await synthesizePlan({ dir, cloud });
    const cfg = (document.configuration as any).root_module;
    const nat = cfg.resources.find(
      (r: any) => r.address === 'aws_nat_gateway.this',
    );
    expect(nat.expressions.subnet_id.references).toEqual([
      'aws_subnet.private',
    ]);
    expect(nat.count_expression.references).toEqual(
      expect.arrayContaining(['var.unknown_count', 'local.count']),
    );
    expect(cfg.module_calls.child.expressions.prefix).toEqual({
      constant_value: 'c',
    });
    const plan = planFromDocument(document as any);
    // One NAT gateway (single mode), two parameters, three subnets, the VPC, the bucket.
    expect(plan.resources).toHaveLength(8);
    expect(
      plan.resources.find(r => r.address === 'module.child.aws_s3_bucket.this')
        ?.after,
    ).toEqual({
      bucket: 'c-bucket',
    });
  });

  it('fails as Terraform does when count is only known after apply', async () => {
    await expect(
      synthesizePlan({ dir, cloud, variables: { unknown_count: true } }),
    ).rejects.toThrow(/count" value depends on resource attributes/);
  });

  it('runs variable validations and refuses undeclared inputs', async () => {
    await expect(
      synthesizePlan({ dir, cloud, variables: { mode: 'triple' } }),
    ).rejects.toThrow(
      /Invalid value for variable "mode": mode must be per-az or single/,
    );
    await expect(
      synthesizePlan({ dir, cloud, variables: { zonez: ['a'] } }),
    ).rejects.toThrow(/Unsupported argument "zonez"/);
  });

  it('reads the role behind an assumed-role session, defers reads of a cluster created in the same plan, and passes nonsensitive() through', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
    try {
      fs.writeFileSync(
        path.join(tmp, 'main.tf'),
        [
          'data "aws_iam_session_context" "s" {',
          '  arn = "arn:aws:sts::111111111111:assumed-role/deploy/ci-42"',
          '}',
          'resource "aws_eks_cluster" "c" {',
          '  name = "x"',
          '}',
          'data "azurerm_kubernetes_cluster" "k" {',
          '  name                = aws_eks_cluster.c.id',
          '  resource_group_name = "rg"',
          '}',
          'output "role" {',
          '  value = data.aws_iam_session_context.s.issuer_arn',
          '}',
          'output "fqdn" {',
          '  value = nonsensitive(data.azurerm_kubernetes_cluster.k.private_fqdn)',
          '}',
        ].join('\n'),
      );
      const { outputs } = await synthesizePlan({ dir: tmp, cloud });
      expect(outputs.role).toBe('arn:aws:iam::111111111111:role/deploy');
      expect(isUnknown(outputs.fqdn)).toBe(true);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('checks resource preconditions per instance, as terraform plan does', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
    try {
      fs.writeFileSync(
        path.join(tmp, 'main.tf'),
        [
          'variable "on" {',
          '  type = bool',
          '}',
          'variable "target" {',
          '  type    = string',
          '  default = null',
          '}',
          'resource "aws_sns_topic" "t" {',
          '  count = var.on ? 1 : 0',
          '  name  = "t"',
          '  lifecycle {',
          '    precondition {',
          '      condition     = var.target != null',
          '      error_message = "target is required when on is true."',
          '    }',
          '  }',
          '}',
        ].join('\n'),
      );
      await expect(
        synthesizePlan({ dir: tmp, cloud, variables: { on: true } }),
      ).rejects.toThrow(
        /Resource precondition failed: target is required when on is true/,
      );
      // No instance, nothing to check; the condition true, a plan.
      const cases: Array<Record<string, boolean | string>> = [
        { on: false },
        { on: true, target: 'x' },
      ];
      for (const variables of cases) {
        const { document } = await synthesizePlan({
          dir: tmp,
          cloud,
          variables,
        });
        expect(document.resource_changes).toHaveLength(variables.on ? 1 : 0);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

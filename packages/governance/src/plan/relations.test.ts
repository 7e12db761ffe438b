import { planOf } from '../__testUtils__/plans';
import { parsePlan } from './parsePlan';
import { loadFixture } from '../__testUtils__/fixtures';

describe('relations resolved from configuration references', () => {
  it('ties each public access block to its bucket, in the root, a module and a nested module', () => {
    const plan = loadFixture('02-checkov-nested-modules-s3-pab-tfplan.json');
    const pabOf = (bucket: string) =>
      plan.relations
        .referrers(
          plan.byAddress.get(bucket)!,
          'aws_s3_bucket_public_access_block',
          'bucket',
        )
        .map(r => r.address);
    expect(pabOf('aws_s3_bucket.root_bucket')).toEqual([
      'aws_s3_bucket_public_access_block.root',
    ]);
    expect(pabOf('module.s3_bucket.aws_s3_bucket.this[0]')).toEqual([
      'module.s3_bucket.aws_s3_bucket_public_access_block.this[0]',
    ]);
    expect(
      pabOf(
        'module.s3_module.module.s3_submodule.aws_s3_bucket.submodule_bucket',
      ),
    ).toEqual([
      'module.s3_module.module.s3_submodule.aws_s3_bucket_public_access_block.submodule_bucket',
    ]);
    // Same resource name in another module must not be confused with it.
    expect(pabOf('module.s3_module.aws_s3_bucket.module_bucket')).toEqual([
      'module.s3_module.aws_s3_bucket_public_access_block.module_bucket',
    ]);
    expect(
      plan.relations.unresolved('aws_s3_bucket_public_access_block', 'bucket'),
    ).toEqual([]);
  });

  it('ties NAT gateways to their EIPs through a local, by count index', () => {
    const plan = loadFixture(
      '07-tfcompliance-vpc-module-3nat-eu-west-1-plan.json',
    );
    for (const i of [0, 1, 2]) {
      const nat = plan.byAddress.get(`module.vpc.aws_nat_gateway.this[${i}]`)!;
      expect(
        plan.relations.targets(nat, 'allocation_id').map(e => e.address),
      ).toEqual([`module.vpc.aws_eip.nat[${i}]`]);
    }
  });

  it('ties flow logs and separate security group rules to their VPC and group', () => {
    const plan = loadFixture('01-checkov-terragoat-tfplan.json');
    const flow = plan.relations.referrers(
      plan.byAddress.get('aws_vpc.web_vpc')!,
      'aws_flow_log',
      'vpc_id',
    );
    expect(flow.map(f => f.address)).toEqual(['aws_flow_log.vpcflowlogs']);
    expect(
      plan.relations.referrers(
        plan.byAddress.get('aws_vpc.eks_vpc')!,
        'aws_flow_log',
        'vpc_id',
      ),
    ).toEqual([]);
    const rules = plan.relations.referrers(
      plan.byAddress.get('aws_security_group.default')!,
      'aws_security_group_rule',
      'security_group_id',
    );
    expect(rules.map(r => r.address).sort()).toEqual([
      'aws_security_group_rule.egress',
      'aws_security_group_rule.ingress',
    ]);
  });

  it('follows module inputs and outputs', () => {
    // A bucket in module "storage" whose PAB sits in the root, reached through
    // an output; and a PAB inside module "guard" that receives the bucket id
    // as a variable.
    const plan = parsePlan(
      JSON.stringify({
        format_version: '1.2',
        resource_changes: [
          {
            address: 'module.storage.aws_s3_bucket.b',
            module_address: 'module.storage',
            type: 'aws_s3_bucket',
            name: 'b',
            change: { actions: ['create'], after: {} },
          },
          {
            address: 'aws_s3_bucket_public_access_block.p',
            type: 'aws_s3_bucket_public_access_block',
            name: 'p',
            change: { actions: ['create'], after: {} },
          },
          {
            address: 'aws_s3_bucket.c',
            type: 'aws_s3_bucket',
            name: 'c',
            change: { actions: ['create'], after: {} },
          },
          {
            address: 'module.guard.aws_s3_bucket_versioning.v',
            module_address: 'module.guard',
            type: 'aws_s3_bucket_versioning',
            name: 'v',
            change: { actions: ['create'], after: {} },
          },
        ],
        configuration: {
          root_module: {
            resources: [
              {
                address: 'aws_s3_bucket_public_access_block.p',
                type: 'aws_s3_bucket_public_access_block',
                name: 'p',
                expressions: {
                  bucket: {
                    references: ['module.storage.bucket_id', 'module.storage'],
                  },
                },
              },
              {
                address: 'aws_s3_bucket.c',
                type: 'aws_s3_bucket',
                name: 'c',
                expressions: {},
              },
            ],
            module_calls: {
              storage: {
                module: {
                  resources: [
                    {
                      address: 'aws_s3_bucket.b',
                      type: 'aws_s3_bucket',
                      name: 'b',
                      expressions: {},
                    },
                  ],
                  outputs: {
                    bucket_id: {
                      expression: {
                        references: ['aws_s3_bucket.b.id', 'aws_s3_bucket.b'],
                      },
                    },
                  },
                },
              },
              guard: {
                expressions: {
                  bucket: {
                    references: ['aws_s3_bucket.c.id', 'aws_s3_bucket.c'],
                  },
                },
                module: {
                  resources: [
                    {
                      address: 'aws_s3_bucket_versioning.v',
                      type: 'aws_s3_bucket_versioning',
                      name: 'v',
                      expressions: { bucket: { references: ['var.bucket'] } },
                    },
                  ],
                },
              },
            },
          },
        },
      }),
    );
    const pab = plan.byAddress.get('aws_s3_bucket_public_access_block.p')!;
    expect(plan.relations.targets(pab, 'bucket').map(b => b.address)).toEqual([
      'module.storage.aws_s3_bucket.b',
    ]);
    const v = plan.byAddress.get('module.guard.aws_s3_bucket_versioning.v')!;
    expect(plan.relations.targets(v, 'bucket').map(b => b.address)).toEqual([
      'aws_s3_bucket.c',
    ]);
  });

  it('ties existing resources by value when the configuration is silent', () => {
    const plan = loadFixture(
      '06b-infracost-instance_with_attachment_after_deploy.json',
    );
    const volume = plan.byAddress.get('aws_ebs_volume.storage')!;
    expect(
      plan.relations
        .referrers(volume, 'aws_volume_attachment', 'volume_id')
        .map(a => a.address),
    ).toEqual(['aws_volume_attachment.storage_attachment']);
  });
});

describe('relations in large count and for_each plans', () => {
  const N = 300;
  const rc = (
    address: string,
    moduleAddress: string | undefined,
    type: string,
    name: string,
    index?: number | string,
  ) => ({
    address,
    ...(moduleAddress ? { module_address: moduleAddress } : {}),
    type,
    name,
    ...(index !== undefined ? { index } : {}),
    change: { actions: ['create'], after: {}, after_unknown: { id: true } },
  });
  const changes = [];
  for (let i = 0; i < N; i++) {
    changes.push(
      rc(`aws_s3_bucket.b[${i}]`, undefined, 'aws_s3_bucket', 'b', i),
      rc(
        `aws_s3_bucket_versioning.v[${i}]`,
        undefined,
        'aws_s3_bucket_versioning',
        'v',
        i,
      ),
    );
  }
  for (const k of ['k1', 'k2', 'k3']) {
    const m = `module.store["${k}"]`;
    changes.push(rc(`${m}.aws_s3_bucket.this`, m, 'aws_s3_bucket', 'this'));
  }
  changes.push(
    rc(
      'aws_s3_bucket_public_access_block.k2',
      undefined,
      'aws_s3_bucket_public_access_block',
      'k2',
    ),
  );
  const plan = parsePlan(
    JSON.stringify({
      format_version: '1.2',
      resource_changes: changes,
      configuration: {
        root_module: {
          resources: [
            { address: 'aws_s3_bucket.b', type: 'aws_s3_bucket', name: 'b' },
            {
              address: 'aws_s3_bucket_versioning.v',
              type: 'aws_s3_bucket_versioning',
              name: 'v',
              // bucket = aws_s3_bucket.b[count.index].id
              expressions: {
                bucket: { references: ['aws_s3_bucket.b', 'count.index'] },
              },
            },
            {
              address: 'aws_s3_bucket_public_access_block.k2',
              type: 'aws_s3_bucket_public_access_block',
              name: 'k2',
              // bucket = module.store["k2"].bucket_id
              expressions: {
                bucket: {
                  references: [
                    'module.store["k2"].bucket_id',
                    'module.store["k2"]',
                    'module.store',
                  ],
                },
              },
            },
          ],
          module_calls: {
            store: {
              for_each_expression: { references: ['var.stores'] },
              module: {
                resources: [
                  {
                    address: 'aws_s3_bucket.this',
                    type: 'aws_s3_bucket',
                    name: 'this',
                  },
                ],
                outputs: {
                  bucket_id: {
                    expression: {
                      references: [
                        'aws_s3_bucket.this.id',
                        'aws_s3_bucket.this',
                      ],
                    },
                  },
                },
              },
            },
          },
        },
      },
    }),
  );

  it('ties each counted instance to the bucket with its own index', () => {
    for (const i of [0, 1, 150, N - 1]) {
      const v = plan.byAddress.get(`aws_s3_bucket_versioning.v[${i}]`)!;
      expect(plan.relations.targets(v, 'bucket').map(b => b.address)).toEqual([
        `aws_s3_bucket.b[${i}]`,
      ]);
    }
    expect(
      plan.relations.unresolved('aws_s3_bucket_versioning', 'bucket'),
    ).toEqual([]);
  });

  it('follows a module output into the for_each instance the reference names', () => {
    const pab = plan.byAddress.get('aws_s3_bucket_public_access_block.k2')!;
    expect(plan.relations.targets(pab, 'bucket').map(b => b.address)).toEqual([
      'module.store["k2"].aws_s3_bucket.this',
    ]);
  });
});

describe('relations of list-valued and nested attributes', () => {
  const refTo = (address: string, attr = 'id') => ({
    references: [`${address}.${attr}`, address],
  });

  it('ties every group of a vpc_security_group_ids list, by reference and by known id', () => {
    const plan = planOf([
      {
        type: 'aws_security_group',
        name: 'a',
        after: {},
        unknown: { id: true },
      },
      {
        type: 'aws_security_group',
        name: 'b',
        after: {},
        unknown: { id: true },
      },
      {
        type: 'aws_security_group',
        name: 'old',
        action: 'no-op',
        after: { id: 'sg-old' },
      },
      {
        type: 'aws_instance',
        name: 'byref',
        after: {},
        unknown: { vpc_security_group_ids: true },
        config: {
          vpc_security_group_ids: {
            references: [
              'aws_security_group.a.id',
              'aws_security_group.a',
              'aws_security_group.b.id',
              'aws_security_group.b',
            ],
          },
        },
      },
      {
        type: 'aws_instance',
        name: 'byvalue',
        after: { vpc_security_group_ids: ['sg-old', 'sg-elsewhere'] },
      },
    ]);
    const targets = (address: string) =>
      plan.relations
        .targets(plan.byAddress.get(address)!, 'vpc_security_group_ids')
        .map((r: { address: string }) => r.address);
    expect(targets('aws_instance.byref')).toEqual([
      'aws_security_group.a',
      'aws_security_group.b',
    ]);
    expect(targets('aws_instance.byvalue')).toEqual(['aws_security_group.old']);
    expect(
      plan.relations
        .referrers(
          plan.byAddress.get('aws_security_group.b')!,
          'aws_instance',
          'vpc_security_group_ids',
        )
        .map((r: { address: string }) => r.address),
    ).toEqual(['aws_instance.byref']);
  });

  it('reads references inside nested blocks (the first block of each level)', () => {
    const plan = planOf([
      { type: 'aws_kms_key', name: 'k', after: {}, unknown: { arn: true } },
      {
        type: 'aws_eks_cluster',
        name: 'c',
        after: { encryption_config: [{ provider: [{}] }] },
        unknown: { encryption_config: [{ provider: [{ key_arn: true }] }] },
        config: {
          encryption_config: [
            { provider: [{ key_arn: refTo('aws_kms_key.k', 'arn') }] },
          ],
        },
      },
      {
        type: 'aws_eks_cluster',
        name: 'none',
        after: { encryption_config: [] },
      },
    ]);
    const attr = 'encryption_config.provider.key_arn';
    expect(
      plan.relations
        .targets(plan.byAddress.get('aws_eks_cluster.c')!, attr)
        .map((r: { address: string }) => r.address),
    ).toEqual(['aws_kms_key.k']);
    expect(
      plan.relations
        .unresolved('aws_eks_cluster', attr)
        .map((r: { address: string }) => r.address),
    ).toEqual(['aws_eks_cluster.none']);
  });

  it('keeps relations with the same target types but different keys apart', () => {
    // Stage names repeat across APIs: method settings are tied by reference only.
    const plan = planOf([
      {
        type: 'aws_api_gateway_stage',
        name: 'one',
        after: { stage_name: 'prod', arn: 'arn:one' },
      },
      {
        type: 'aws_api_gateway_stage',
        name: 'two',
        after: { stage_name: 'prod', arn: 'arn:two' },
      },
      {
        type: 'aws_api_gateway_method_settings',
        name: 'm',
        after: { stage_name: 'prod' },
      },
      {
        type: 'aws_wafv2_web_acl_association',
        name: 'w',
        after: { resource_arn: 'arn:two' },
      },
    ]);
    const m = plan.byAddress.get('aws_api_gateway_method_settings.m')!;
    expect(plan.relations.targets(m, 'stage_name')).toEqual([]);
    const w = plan.byAddress.get('aws_wafv2_web_acl_association.w')!;
    expect(
      plan.relations
        .targets(w, 'resource_arn')
        .map((r: { address: string }) => r.address),
    ).toEqual(['aws_api_gateway_stage.two']);
  });
});

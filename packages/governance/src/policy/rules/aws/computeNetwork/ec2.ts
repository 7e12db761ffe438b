import {
  expectAttribute,
  expectTrue,
  fail,
  hiddenUntilApply,
  isTrue,
  notApplicable,
  pass,
  resourceRule,
} from '../../helpers';
import { blocksOf, docsOf, hcl, presence } from './support';

export const instanceMonitoring = resourceRule(
  {
    id: 'GW-AWS-151',
    title: 'EC2 instances have detailed monitoring',
    severity: 'low',
    resourceTypes: ['aws_instance'],
    rationale:
      'Basic monitoring reports every five minutes, too coarse to alarm on a short CPU or network spike ' +
      'or to scale on it; detailed monitoring reports every minute.',
    remediation: {
      text: 'Set monitoring = true.',
      terraform: hcl(
        'resource "aws_instance" "web" {',
        '  # ...',
        '  monitoring = true',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_126'], docs: [docsOf('aws_instance')] },
    productionOnly: true,
  },
  (instance, ctx) =>
    expectTrue(ctx, instance, ['monitoring'], 'Detailed monitoring'),
);

export const noPublicIp = resourceRule(
  {
    id: 'GW-AWS-152',
    title:
      'EC2 instances, launch templates and launch configurations assign no public IP',
    severity: 'medium',
    resourceTypes: [
      'aws_instance',
      'aws_launch_template',
      'aws_launch_configuration',
    ],
    rationale:
      'An instance with a public IP is one security-group mistake away from the internet; workloads ' +
      'belong in private subnets behind load balancers, with NAT or endpoints for egress.',
    remediation: {
      text: 'Set associate_public_ip_address = false and launch into private subnets.',
      terraform: hcl(
        'resource "aws_launch_template" "web" {',
        '  # ...',
        '  network_interfaces {',
        '    associate_public_ip_address = false',
        '  }',
        '}',
      ),
    },
    references: {
      checkov: ['CKV_AWS_88', 'CKV_AWS_389'],
      docs: [
        docsOf('aws_instance'),
        docsOf('aws_launch_template'),
        docsOf('aws_launch_configuration'),
      ],
    },
  },
  (r, ctx) => {
    if (r.type === 'aws_launch_template') {
      const nics = blocksOf(ctx, r, ['network_interfaces']);
      if (nics === 'hidden') return hiddenUntilApply('network_interfaces');
      // A launch template stores the flag as a string: "true", "false" or "".
      const i = nics.findIndex(n =>
        isTrue(n.associate_public_ip_address ?? false),
      );
      return i >= 0
        ? fail(`network_interfaces[${i}].associate_public_ip_address is true.`)
        : pass('No network interface asks for a public IP.');
    }
    const read = ctx.read(r, ['associate_public_ip_address']);
    if (read.state === 'unknown')
      return read.configured
        ? hiddenUntilApply('associate_public_ip_address')
        : pass(
            "associate_public_ip_address is not set: the subnet's map_public_ip_on_launch decides (judged by GW-AWS-156).",
          );
    return isTrue(read.value ?? false)
      ? fail(
          'associate_public_ip_address is true; the instance gets a public IP.',
        )
      : pass('associate_public_ip_address is false.');
  },
);

export const metadataHopLimit = resourceRule(
  {
    id: 'GW-AWS-153',
    title: 'Launch templates keep the metadata hop limit at 1',
    severity: 'low',
    resourceTypes: ['aws_launch_template', 'aws_launch_configuration'],
    rationale:
      'A hop limit above 1 lets containers and forwarded traffic on the instance reach the metadata ' +
      'service and take the instance role’s credentials.',
    remediation: {
      text: 'Set metadata_options.http_put_response_hop_limit = 1 (give pods their own roles instead of the node role).',
      terraform: hcl(
        'resource "aws_launch_template" "web" {',
        '  # ...',
        '  metadata_options {',
        '    http_tokens                 = "required"',
        '    http_put_response_hop_limit = 1',
        '  }',
        '}',
      ),
    },
    references: {
      checkov: ['CKV_AWS_341'],
      docs: [docsOf('aws_launch_template')],
    },
  },
  (r, ctx) =>
    expectAttribute(
      ctx,
      r,
      ['metadata_options', 0, 'http_put_response_hop_limit'],
      {
        label: 'metadata_options.http_put_response_hop_limit',
        compliant: v => v === null || (typeof v === 'number' && v <= 1),
        passMessage: 'The metadata hop limit is 1',
        failMessage:
          'metadata_options.http_put_response_hop_limit is above 1; set it to 1',
        providerDefault: 1,
      },
    ),
);

const ASG = ['aws_autoscaling_group'];
const ASG_DOCS = [docsOf('aws_autoscaling_group')];

export const asgLaunchTemplate = resourceRule(
  {
    id: 'GW-AWS-154',
    title: 'Auto Scaling groups use launch templates',
    severity: 'low',
    resourceTypes: ASG,
    rationale:
      'Launch configurations are deprecated and cannot express IMDSv2-only settings, newer instance ' +
      'types or mixed-instance policies; AWS no longer adds features to them.',
    remediation: {
      text: 'Replace launch_configuration with a launch_template block.',
      terraform: hcl(
        'resource "aws_autoscaling_group" "web" {',
        '  # ...',
        '  launch_template {',
        '    id      = aws_launch_template.web.id',
        '    version = "$Latest"',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_315'], docs: ASG_DOCS },
  },
  (asg, ctx) =>
    presence(ctx, asg, ['launch_configuration']) === 'set'
      ? fail('The group uses launch_configuration; move to launch_template.')
      : pass('The group does not use a launch configuration.'),
);

export const asgTags = resourceRule(
  {
    id: 'GW-AWS-155',
    title: 'Auto Scaling groups propagate tags to their instances',
    severity: 'low',
    resourceTypes: ASG,
    rationale:
      'Instances launched by a group carry only the tags marked propagate_at_launch; without them the ' +
      'instances, usually most of the bill, cannot be attributed to a team or a service.',
    remediation: {
      text: 'Add tag blocks with propagate_at_launch = true.',
      terraform: hcl(
        'resource "aws_autoscaling_group" "web" {',
        '  # ...',
        '  tag {',
        '    key                 = "team"',
        '    value               = "payments"',
        '    propagate_at_launch = true',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_153'], docs: ASG_DOCS },
  },
  (asg, ctx) => {
    const tags = blocksOf(ctx, asg, ['tag']);
    if (tags === 'hidden') return hiddenUntilApply('tag');
    if (tags.some(t => isTrue(t.propagate_at_launch ?? false)))
      return pass('Tags propagate to launched instances.');
    return tags.length > 0
      ? fail(
          'No tag block has propagate_at_launch = true; instances launch untagged.',
        )
      : fail('The group has no tag block; instances launch untagged.');
  },
);

export const subnetNoPublicIp = resourceRule(
  {
    id: 'GW-AWS-156',
    title: 'Subnets do not assign public IPs by default',
    severity: 'medium',
    resourceTypes: ['aws_subnet', 'aws_default_subnet'],
    rationale:
      'With map_public_ip_on_launch every instance launched in the subnet gets a public address, whether ' +
      'or not its owner meant to publish it.',
    remediation: {
      text: 'Set map_public_ip_on_launch = false; give public IPs only to the resources that need them (load balancers, NAT).',
      terraform: hcl(
        'resource "aws_subnet" "app" {',
        '  # ...',
        '  map_public_ip_on_launch = false',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_130'], docs: [docsOf('aws_subnet')] },
  },
  (subnet, ctx) =>
    expectAttribute(ctx, subnet, ['map_public_ip_on_launch'], {
      label: 'map_public_ip_on_launch',
      compliant: v => v === null || !isTrue(v),
      passMessage: 'Instances get no public IP by default',
      failMessage:
        'Every instance gets a public IP: map_public_ip_on_launch is true',
      // aws_default_subnet's default is true: the default VPC's subnets are public.
      providerDefault: subnet.type === 'aws_default_subnet',
    }),
);

export const noDefaultVpc = resourceRule(
  {
    id: 'GW-AWS-157',
    title: 'Workloads do not use the default VPC',
    severity: 'low',
    resourceTypes: ['aws_default_vpc'],
    rationale:
      'The default VPC has public subnets, an internet gateway and permissive defaults in every region; ' +
      'managing it as a workload network carries those defaults into production.',
    remediation: {
      text: 'Create a dedicated VPC with private subnets and stop managing the default VPC.',
      terraform: hcl(
        '# Instead of managing aws_default_vpc:',
        'resource "aws_vpc" "main" {',
        '  cidr_block           = "10.20.0.0/16"',
        '  enable_dns_hostnames = true',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_148'], docs: [docsOf('aws_default_vpc')] },
  },
  () =>
    fail(
      'aws_default_vpc brings the default VPC under management; deploy into a dedicated aws_vpc.',
    ),
);

export const ebsDefaultEncryption = resourceRule(
  {
    id: 'GW-AWS-158',
    title: 'EBS encryption by default is enabled',
    severity: 'high',
    resourceTypes: ['aws_ebs_encryption_by_default'],
    rationale:
      'Account-level default encryption makes every new volume and snapshot copy encrypted, including ' +
      'ones created outside Terraform or by tools that forget the flag.',
    remediation: {
      text: 'Set enabled = true.',
      terraform: hcl(
        'resource "aws_ebs_encryption_by_default" "this" {',
        '  enabled = true',
        '}',
      ),
    },
    references: {
      checkov: ['CKV_AWS_106'],
      cis: ['CIS AWS Foundations v3.0.0 2.2.1'],
      docs: [docsOf('aws_ebs_encryption_by_default')],
    },
  },
  (r, ctx) =>
    expectTrue(ctx, r, ['enabled'], 'EBS encryption by default', true),
);

export const amiEncrypted = resourceRule(
  {
    id: 'GW-AWS-159',
    title: 'AMIs register encrypted EBS snapshots',
    severity: 'medium',
    resourceTypes: ['aws_ami'],
    rationale:
      'An AMI’s snapshots hold the whole disk image, often with application code and configuration; ' +
      'unencrypted ones can be shared or copied in the clear.',
    remediation: {
      text: 'Set encrypted = true on every ebs_block_device created without a snapshot_id.',
      terraform: hcl(
        'resource "aws_ami" "app" {',
        '  name                = "app"',
        '  root_device_name    = "/dev/xvda"',
        '  virtualization_type = "hvm"',
        '  ebs_block_device {',
        '    device_name = "/dev/xvda"',
        '    volume_size = 8',
        '    encrypted   = true',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_204'], docs: [docsOf('aws_ami')] },
  },
  (ami, ctx) => {
    const devices = blocksOf(ctx, ami, ['ebs_block_device']);
    if (devices === 'hidden') return hiddenUntilApply('ebs_block_device');
    if (devices.length === 0)
      return notApplicable('The AMI declares no EBS block device.');
    // A device from a snapshot inherits that snapshot's encryption.
    const plain = devices.find(
      d => !d.snapshot_id && !isTrue(d.encrypted ?? false),
    );
    return plain
      ? fail(
          `ebs_block_device ${String(
            plain.device_name,
          )} is not encrypted (encrypted is not true).`,
        )
      : pass('Every new ebs_block_device is encrypted.');
  },
);

export const ebsVolumeCmk = resourceRule(
  {
    id: 'GW-AWS-165',
    title: 'Production EBS volumes are encrypted with a customer-managed key',
    severity: 'medium',
    resourceTypes: ['aws_ebs_volume'],
    rationale:
      'Volumes hold production data; with the AWS-managed aws/ebs key anyone allowed to snapshot and share ' +
      'can move the data, while a customer-managed key’s policy decides who may decrypt it and can be revoked.',
    remediation: {
      text: 'Set kms_key_id to a customer-managed key (and encrypted = true).',
      terraform: hcl(
        'resource "aws_ebs_volume" "data" {',
        '  availability_zone = "eu-west-1a"',
        '  size              = 100',
        '  encrypted         = true',
        '  kms_key_id        = aws_kms_key.ebs.arn',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_189'], docs: [docsOf('aws_ebs_volume')] },
    productionOnly: true,
  },
  (volume, ctx) => {
    // kms_key_id is computed: unset in the configuration, AWS fills in the
    // aws/ebs key's ARN, which a plan of an existing volume then shows.
    const block = ctx.plan.config.resourceOf(volume);
    if (block && !block.expressions.kms_key_id)
      return fail(
        'kms_key_id is not set in the configuration: the volume uses the AWS-managed aws/ebs key; set a customer-managed key.',
      );
    const key = ctx.read(volume, ['kms_key_id']);
    if (key.state === 'unknown' && key.configured)
      return pass('kms_key_id is set (value known after apply).');
    if (key.state === 'known' && key.value)
      return pass(`kms_key_id is ${String(key.value)}.`);
    return fail(
      'kms_key_id is not set: the volume uses the AWS-managed aws/ebs key; set a customer-managed key.',
    );
  },
);

export const EC2_RULES = [
  instanceMonitoring,
  noPublicIp,
  metadataHopLimit,
  asgLaunchTemplate,
  asgTags,
  subnetNoPublicIp,
  noDefaultVpc,
  ebsDefaultEncryption,
  amiEncrypted,
  ebsVolumeCmk,
];

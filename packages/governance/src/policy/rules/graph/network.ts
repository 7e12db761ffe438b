import type { PlanResource } from '../../../plan/types';
import { blocks } from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import { adminPortsFromWorld } from '../aws/securityGroups';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
  worstOf,
} from '../helpers';
import { addresses, linked, orphanOutcome, targetsOf } from './support';

/** Where a security group can be attached (see RELATION_SPECS). */
const SG_USERS: ReadonlyArray<[string, string]> = [
  ['aws_instance', 'vpc_security_group_ids'],
  ['aws_launch_template', 'vpc_security_group_ids'],
  ['aws_db_instance', 'vpc_security_group_ids'],
  ['aws_rds_cluster', 'vpc_security_group_ids'],
  ['aws_lb', 'security_groups'],
  ['aws_alb', 'security_groups'],
  ['aws_elb', 'security_groups'],
  ['aws_network_interface', 'security_groups'],
  ['aws_elasticache_cluster', 'security_group_ids'],
  ['aws_elasticache_replication_group', 'security_group_ids'],
  ['aws_efs_mount_target', 'security_groups'],
  ['aws_vpc_endpoint', 'security_group_ids'],
  ['aws_redshift_cluster', 'vpc_security_group_ids'],
  ['aws_lambda_function', 'vpc_config.security_group_ids'],
  ['aws_eks_cluster', 'vpc_config.security_group_ids'],
  ['aws_ecs_service', 'network_configuration.security_groups'],
  ['aws_emr_cluster', 'ec2_attributes.emr_managed_master_security_group'],
  ['aws_emr_cluster', 'ec2_attributes.emr_managed_slave_security_group'],
  ['aws_emr_cluster', 'ec2_attributes.additional_master_security_groups'],
  ['aws_emr_cluster', 'ec2_attributes.additional_slave_security_groups'],
];

/**
 * Per plan: a user of each attached group, and the users whose groups
 * could not be resolved. Built once from the relation indexes, so that each
 * group costs one map lookup rather than one per attaching type.
 */
const groupUsersCache = new WeakMap<
  RuleContext['plan'],
  { users: Map<PlanResource, PlanResource>; orphans: PlanResource[] }
>();

function groupUsers(ctx: RuleContext) {
  let found = groupUsersCache.get(ctx.plan);
  if (found) return found;
  found = { users: new Map(), orphans: [] };
  for (const [type, attribute] of SG_USERS) {
    const sources = ctx.plan.byType.get(type);
    if (!sources) continue;
    for (const source of sources) {
      if (source.mode !== 'managed' || source.action === 'delete') continue;
      for (const sg of ctx.plan.relations.targets(source, attribute))
        if (!found.users.has(sg)) found.users.set(sg, source);
    }
    found.orphans.push(...ctx.plan.relations.liveUnresolved(type, attribute));
  }
  groupUsersCache.set(ctx.plan, found);
  return found;
}

export const securityGroupAttached = resourceRule(
  {
    id: 'GW-AWS-401',
    title: 'Security groups are attached to a resource',
    severity: 'low',
    resourceTypes: ['aws_security_group'],
    rationale:
      'A group nothing uses is clutter that reviewers still have to read, and an open rule ' +
      'in it becomes live the day someone attaches it by habit.',
    remediation: {
      text: 'Attach the group where it is meant to be used, or delete it.',
      terraform: [
        'resource "aws_security_group" "web" {',
        '  name   = "web"',
        '  vpc_id = aws_vpc.main.id',
        '}',
        '',
        'resource "aws_instance" "web" {',
        '  ami                    = data.aws_ami.al2023.id',
        '  instance_type          = "t3.micro"',
        '  vpc_security_group_ids = [aws_security_group.web.id]',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_5'],
      docs: [
        'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html',
      ],
    },
  },
  (sg, ctx) => {
    const { users, orphans } = groupUsers(ctx);
    const user = users.get(sg);
    if (user) return pass(`Attached to ${user.address}.`);
    if (orphans.length > 0)
      return orphanOutcome('resource using the group', orphans);
    return fail(
      'No resource in the plan attaches this security group (vpc_security_group_ids, ' +
        'security_groups, vpc_config); attach it or remove it. A group used only from ' +
        'another Terraform state shows up here too.',
    );
  },
);

export const defaultSecurityGroupClosed = resourceRule(
  {
    id: 'GW-AWS-402',
    title: 'The default security group of a VPC allows no traffic',
    severity: 'medium',
    resourceTypes: ['aws_default_security_group'],
    rationale:
      'Anything launched without an explicit group lands in the default one; when it allows ' +
      'traffic, a forgotten setting quietly opens a path between workloads.',
    remediation: {
      text: 'Manage the default group with no ingress and no egress blocks, and give every workload its own group.',
      terraform: [
        'resource "aws_default_security_group" "default" {',
        '  vpc_id = aws_vpc.main.id',
        '  # no ingress or egress blocks: all traffic is denied',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_12'],
      cis: ['CIS AWS Foundations v1.5.0 5.4'],
      docs: [
        'https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html',
      ],
    },
  },
  (sg, ctx) => {
    for (const direction of ['ingress', 'egress']) {
      const read = ctx.read(sg, [direction]);
      if (read.state === 'unknown' && read.configured)
        return hiddenUntilApply(direction);
      if (read.state === 'known' && blocks(read.value).length > 0)
        return fail(
          `The default security group has ${direction} rules; remove every ${direction} block.`,
        );
    }
    const rules = [
      ...linked(ctx, sg, 'aws_security_group_rule', 'security_group_id').found,
      ...linked(
        ctx,
        sg,
        'aws_vpc_security_group_ingress_rule',
        'security_group_id',
      ).found,
    ];
    if (rules.length > 0)
      return fail(
        `${addresses(
          rules,
        )} add rules to the default security group (security_group_id); remove them.`,
      );
    return pass('The default security group has no ingress or egress rules.');
  },
);

// Shared outcomes: most instances pass, and need no message of their own.
const GROUPS_PASS = pass('Every attached security group passes.');
const NO_GROUPS = notApplicable('No security group is attached.');

function judgeGroups(
  resource: PlanResource,
  ctx: RuleContext,
  attributes: ReadonlyArray<{
    attribute: string;
    path: Array<string | number>;
  }>,
  judge: (sg: PlanResource) => RuleOutcome,
): RuleOutcome {
  const outcomes: RuleOutcome[] = [];
  let groups = 0;
  for (const { attribute, path } of attributes) {
    const t = targetsOf(ctx, resource, attribute, path);
    if (t.kind === 'hidden')
      outcomes.push(
        hiddenUntilApply(
          `${attribute} (not a reference the configuration resolves)`,
        ),
      );
    else if (t.kind === 'outside')
      outcomes.push({
        verdict: 'unknown',
        message: `${attribute} names groups that are not in this plan (${JSON.stringify(
          t.value,
        )}); their rules cannot be seen.`,
      });
    else if (t.kind === 'found')
      for (const sg of t.targets) {
        groups++;
        const o = judge(sg);
        outcomes.push(
          o.verdict === 'pass'
            ? o
            : { ...o, message: `${sg.address}: ${o.message}` },
        );
      }
  }
  const worst = worstOf(outcomes);
  if (worst) return worst;
  return groups > 0 ? GROUPS_PASS : NO_GROUPS;
}

/** A group's admin-port verdict, once per group however many instances share it. */
const adminPortsCache = new WeakMap<PlanResource, RuleOutcome>();

function adminPortsOf(sg: PlanResource, ctx: RuleContext): RuleOutcome {
  let outcome = adminPortsCache.get(sg);
  if (!outcome) {
    outcome = adminPortsFromWorld.check(sg, ctx);
    adminPortsCache.set(sg, outcome);
  }
  return outcome;
}

export const instanceAdminPortsFromWorld = resourceRule(
  {
    id: 'GW-AWS-403',
    title:
      'EC2 instances are not reachable from the internet on administration ports through their security groups',
    severity: 'critical',
    resourceTypes: ['aws_instance', 'aws_launch_template'],
    rationale:
      'A group that opens SSH or RDP to the world matters most where it is attached: this ' +
      'names the instance that is exposed, not just the group.',
    remediation: {
      text: 'Attach groups that admit administration ports only from a known range, or use SSM Session Manager.',
      terraform: [
        'resource "aws_instance" "app" {',
        '  ami                    = data.aws_ami.al2023.id',
        '  instance_type          = "t3.micro"',
        '  vpc_security_group_ids = [aws_security_group.app.id] # no 22/3389 from 0.0.0.0/0',
        '}',
      ].join('\n'),
    },
    references: {
      docs: [
        'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-security-groups.html',
      ],
    },
  },
  (instance, ctx) =>
    judgeGroups(
      instance,
      ctx,
      [
        {
          attribute: 'vpc_security_group_ids',
          path: ['vpc_security_group_ids'],
        },
      ],
      sg => adminPortsOf(sg, ctx),
    ),
);

const WORLD = new Set(['0.0.0.0/0', '::/0']);

/** Any ingress from the internet: inline blocks and separate rules. */
function openToWorld(sg: PlanResource, ctx: RuleContext): RuleOutcome {
  const read = ctx.read(sg, ['ingress']);
  if (read.state === 'unknown' && read.configured)
    return hiddenUntilApply('ingress');
  const sources: string[] = [];
  if (read.state === 'known')
    for (const b of blocks(read.value))
      for (const k of ['cidr_blocks', 'ipv6_cidr_blocks'])
        for (const c of Array.isArray(b[k]) ? b[k] : [])
          if (typeof c === 'string') sources.push(c);
  for (const type of [
    'aws_security_group_rule',
    'aws_vpc_security_group_ingress_rule',
  ])
    for (const r of linked(ctx, sg, type, 'security_group_id').found) {
      if (type === 'aws_security_group_rule' && r.after?.type !== 'ingress')
        continue;
      for (const k of [
        'cidr_blocks',
        'ipv6_cidr_blocks',
        'cidr_ipv4',
        'cidr_ipv6',
      ]) {
        const v = r.after?.[k];
        for (const c of Array.isArray(v) ? v : [v])
          if (typeof c === 'string') sources.push(c);
      }
    }
  const open = sources.find(c => WORLD.has(c));
  return open
    ? fail(`ingress allows ${open}; restrict the source range`)
    : pass('No ingress from the internet.');
}

export const emrGroupsClosed = resourceRule(
  {
    id: 'GW-AWS-404',
    title: 'EMR cluster security groups admit no traffic from the internet',
    severity: 'high',
    resourceTypes: ['aws_emr_cluster'],
    rationale:
      'EMR nodes run Hadoop, Spark and Jupyter web interfaces that were never meant for the ' +
      'internet; an open group around them is a common way data lakes leak.',
    remediation: {
      text: 'Give the managed master and core groups ingress only from the VPC or a bastion range.',
      terraform: [
        'resource "aws_emr_cluster" "this" {',
        '  # ...',
        '  ec2_attributes {',
        '    subnet_id                         = aws_subnet.private.id',
        '    emr_managed_master_security_group = aws_security_group.emr_master.id # ingress from 10.0.0.0/16 only',
        '    emr_managed_slave_security_group  = aws_security_group.emr_core.id',
        '    instance_profile                  = aws_iam_instance_profile.emr.arn',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_7'],
      docs: [
        'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-security-groups.html',
      ],
    },
  },
  (cluster, ctx) =>
    judgeGroups(
      cluster,
      ctx,
      [
        'emr_managed_master_security_group',
        'emr_managed_slave_security_group',
        'additional_master_security_groups',
        'additional_slave_security_groups',
      ].map(a => ({
        attribute: `ec2_attributes.${a}`,
        path: ['ec2_attributes', 0, a],
      })),
      sg => openToWorld(sg, ctx),
    ),
);

export const naclAttached = resourceRule(
  {
    id: 'GW-AWS-405',
    title: 'Network ACLs are associated with subnets',
    severity: 'low',
    resourceTypes: ['aws_network_acl'],
    rationale:
      'An ACL that protects no subnet gives a false sense of control: the subnets it was ' +
      'written for run with the default ACL instead.',
    remediation: {
      text: 'Associate the ACL with its subnets (subnet_ids or aws_network_acl_association), or remove it.',
      terraform: [
        'resource "aws_network_acl" "private" {',
        '  vpc_id     = aws_vpc.main.id',
        '  subnet_ids = aws_subnet.private[*].id',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_1'],
      docs: [
        'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html',
      ],
    },
  },
  (acl, ctx) => {
    const inline = ctx.read(acl, ['subnet_ids']);
    if (
      inline.state === 'known' &&
      Array.isArray(inline.value) &&
      inline.value.length > 0
    )
      return pass('subnet_ids associates the ACL with subnets.');
    const { found, orphans } = linked(
      ctx,
      acl,
      'aws_network_acl_association',
      'network_acl_id',
    );
    if (found.length > 0) return pass(`Associated by ${found[0].address}.`);
    if (inline.state === 'unknown' && inline.configured)
      return hiddenUntilApply('subnet_ids');
    if (orphans.length > 0) return orphanOutcome('subnet association', orphans);
    return fail(
      'The ACL protects no subnet: subnet_ids is empty and no aws_network_acl_association names it.',
    );
  },
);

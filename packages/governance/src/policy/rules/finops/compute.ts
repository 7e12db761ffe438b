import type { PlanResource } from '../../../plan/types';
import type { PlanSubjectOutcome, RuleContext } from '../../types';
import { notApplicable, pass, planRule, resourceRule } from '../helpers';
import { money, regionPrices, saving, warnSaving } from './support';

/**
 * Previous-generation EC2 families and the current-generation peer with
 * the same shape (burstable, general purpose, compute, memory, storage).
 */
export const CURRENT_GENERATION_PEER: Readonly<Record<string, string>> = {
  t1: 't3',
  t2: 't3',
  m1: 'm5',
  m3: 'm5',
  m4: 'm5',
  c1: 'c5',
  c3: 'c5',
  c4: 'c5',
  r3: 'r5',
  r4: 'r5',
  i2: 'i3',
  d2: 'd3',
  g2: 'g4dn',
  g3: 'g4dn',
  p2: 'p3',
};

export const previousGenerationInstance = resourceRule(
  {
    id: 'GW-AWS-453',
    title: 'EC2 instances use a current-generation instance family',
    severity: 'low',
    resourceTypes: ['aws_instance'],
    rationale:
      'Previous-generation families (t2, m4, c4, r4 ...) cost the same or more than their ' +
      'Nitro successors for less performance.',
    remediation: {
      text: 'Move to the current-generation peer of the same size (t2 → t3, m4 → m5, c4 → c5, r4 → r5).',
      terraform: [
        'resource "aws_instance" "app" {',
        '  ami           = data.aws_ami.al2023.id',
        '  instance_type = "t3.medium" # was t2.medium',
        '}',
      ].join('\n'),
    },
    references: {
      docs: [
        'https://aws.amazon.com/ec2/pricing/on-demand/',
        'https://aws.amazon.com/ec2/previous-generation/',
      ],
    },
  },
  (instance, ctx) => {
    const read = ctx.read(instance, ['instance_type']);
    if (read.state !== 'known' || typeof read.value !== 'string')
      return notApplicable('instance_type is only known after apply.');
    const type = read.value;
    const [family, size] = type.split('.');
    const peerFamily = CURRENT_GENERATION_PEER[family];
    if (!peerFamily || !size)
      return pass(`${type} is a current-generation type.`);
    const peer = `${peerFamily}.${size}`;
    const { region, prices, hours } = regionPrices(ctx, instance);
    const what = `instance_type ${type} is a previous generation; move to ${peer}`;
    const now = prices?.ec2[type];
    const next = prices?.ec2[peer];
    if (now === undefined || next === undefined)
      return warnSaving(
        `${what}. No figure: ${
          now === undefined ? type : peer
        } is not in the price table for ${region}.`,
      );
    const monthly = (now - next) * hours;
    if (monthly <= 0)
      return warnSaving(`${what} (same price, better performance).`);
    return warnSaving(
      `${what}: saves about ${money(monthly)}/month.`,
      saving(
        monthly,
        `(${type} ${now} − ${peer} ${next}) USD/hour × ${hours} h in ${region}`,
      ),
    );
  },
);

export const idleElasticIp = resourceRule(
  {
    id: 'GW-AWS-454',
    title: 'Elastic IPs are attached to an instance, interface or NAT gateway',
    severity: 'low',
    resourceTypes: ['aws_eip'],
    rationale:
      'AWS bills every public IPv4 address by the hour since February 2024, attached or not; ' +
      'an idle Elastic IP is pure cost.',
    remediation: {
      text: 'Associate the address or release it.',
      terraform: [
        'resource "aws_eip" "web" {',
        '  domain   = "vpc"',
        '  instance = aws_instance.web.id',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_19'],
      docs: ['https://aws.amazon.com/vpc/pricing/'],
    },
  },
  (eip, ctx) => {
    for (const attr of ['instance', 'network_interface']) {
      const read = ctx.read(eip, [attr]);
      if (read.state === 'known' ? Boolean(read.value) : read.configured)
        return pass(`Attached through ${attr}.`);
    }
    const users = [
      ...ctx.plan.relations.liveReferrers(
        eip,
        'aws_nat_gateway',
        'allocation_id',
      ),
      ...ctx.plan.relations.liveReferrers(
        eip,
        'aws_eip_association',
        'allocation_id',
      ),
    ];
    if (users.length > 0) return pass(`Used by ${users[0].address}.`);
    const orphans = [
      ...ctx.plan.relations.liveUnresolved('aws_nat_gateway', 'allocation_id'),
      ...ctx.plan.relations.liveUnresolved(
        'aws_eip_association',
        'allocation_id',
      ),
    ];
    if (orphans.length > 0)
      return pass(
        `Nothing is tied to the address, but ${orphans[0].address} could not be tied to an EIP and may use it.`,
      );
    const { region, prices, hours } = regionPrices(ctx, eip);
    const what =
      'Nothing in the plan uses this Elastic IP (instance, network_interface, NAT gateway or association)';
    if (!prices)
      return warnSaving(`${what}. No figure: no prices for ${region}.`);
    const monthly = prices.publicIpv4IdleHour * hours;
    return warnSaving(
      `${what}; releasing it saves about ${money(monthly)}/month.`,
      saving(
        monthly,
        `idle public IPv4 ${prices.publicIpv4IdleHour} USD/hour × ${hours} h in ${region}`,
      ),
    );
  },
);

/** The VPC a NAT gateway sits in, through its subnet. */
function vpcOf(nat: PlanResource, ctx: RuleContext) {
  const subnet = ctx.plan.relations.targets(nat, 'subnet_id')[0];
  return subnet ? ctx.plan.relations.targets(subnet, 'vpc_id')[0] : undefined;
}

export const natPerVpc = planRule(
  {
    id: 'GW-AWS-455',
    title: 'Non-production VPCs share one NAT gateway',
    severity: 'low',
    resourceTypes: ['aws_nat_gateway'],
    rationale:
      'One NAT gateway per AZ is for surviving an AZ outage; outside production a single ' +
      'gateway does the job for a fraction of the hourly charge.',
    remediation: {
      text: 'Outside production, create one NAT gateway per VPC (terraform-aws-modules/vpc: single_nat_gateway = true).',
      terraform: [
        'module "vpc" {',
        '  source             = "terraform-aws-modules/vpc/aws"',
        '  enable_nat_gateway = true',
        '  single_nat_gateway = var.environment != "prod"',
        '}',
        '',
        'resource "aws_nat_gateway" "shared" {',
        '  allocation_id = aws_eip.nat.id',
        '  subnet_id     = aws_subnet.public[0].id',
        '}',
      ].join('\n'),
    },
    references: { docs: ['https://aws.amazon.com/vpc/pricing/'] },
  },
  ctx => {
    if (ctx.environment.production) return [];
    const byVpc = new Map<PlanResource, PlanResource[]>();
    for (const nat of ctx.plan.byType.get('aws_nat_gateway') ?? []) {
      if (nat.mode !== 'managed' || nat.action === 'delete') continue;
      const vpc = vpcOf(nat, ctx);
      if (!vpc) continue;
      const list = byVpc.get(vpc);
      if (list) list.push(nat);
      else byVpc.set(vpc, [nat]);
    }
    const out: PlanSubjectOutcome[] = [];
    for (const [vpc, nats] of byVpc) {
      const subject = {
        address: nats[0].address,
        resourceType: 'aws_nat_gateway',
        action: nats[0].action,
      };
      if (nats.length < 2) {
        out.push({
          ...subject,
          ...pass(`The only NAT gateway of ${vpc.address}.`),
        });
        continue;
      }
      const { region, prices, hours } = regionPrices(ctx, nats[0]);
      const what = `${vpc.address} has ${nats.length} NAT gateways in non-production environment ${ctx.environment.name}; one is enough here`;
      if (!prices) {
        out.push({
          ...subject,
          ...warnSaving(`${what}. No figure: no prices for ${region}.`),
        });
        continue;
      }
      const monthly = (nats.length - 1) * prices.natGatewayHour * hours;
      out.push({
        ...subject,
        ...warnSaving(
          `${what}: saves about ${money(
            monthly,
          )}/month (data processing not included).`,
          saving(
            monthly,
            `(${nats.length} − 1) × ${prices.natGatewayHour} USD/hour × ${hours} h in ${region}`,
          ),
        ),
      });
    }
    return out;
  },
);

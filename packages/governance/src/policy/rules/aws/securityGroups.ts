import type { JsonObject, JsonValue, PlanResource } from '../../../plan/types';
import {
  asNumber,
  AttributePath,
  blocks,
  getPath,
  maskHasAny,
} from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
} from '../helpers';
import {
  exposedAdminPorts,
  IngressRule,
  judgeIngress,
  opensAllPorts,
} from '../network';

const SG_TYPES = ['aws_security_group', 'aws_default_security_group'];
const RULE_TYPES = [
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
];

const SOURCE_KEYS = [
  'cidr_blocks',
  'ipv6_cidr_blocks',
  'cidr_ipv4',
  'cidr_ipv6',
];

/** Appends the strings of `value` (one string or a list), as asStringList reads them. */
function addStrings(out: string[], value: JsonValue | undefined): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value))
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v === 'string') out.push(v);
    }
}

function fromClassicRule(
  origin: string,
  rule: JsonObject,
  hidden: boolean,
): IngressRule {
  const protocol = String(rule.protocol ?? rule.ip_protocol ?? '');
  const from = asNumber(rule.from_port);
  const to = asNumber(rule.to_port);
  const sources: string[] = [];
  for (let i = 0; i < SOURCE_KEYS.length; i++)
    addStrings(sources, rule[SOURCE_KEYS[i]]);
  return {
    origin,
    allProtocols: protocol === '-1' || protocol.toLowerCase() === 'all',
    ranges: from !== undefined && to !== undefined ? [[from, to]] : [],
    sources,
    hidden,
  };
}

/** The values that decide who may reach which ports. */
const DECIDING = [
  'cidr_blocks',
  'ipv6_cidr_blocks',
  'cidr_ipv4',
  'cidr_ipv6',
  'from_port',
  'to_port',
  'protocol',
  'ip_protocol',
];

/** Whether any deciding value under `prefix` is only known after apply. */
function decidingHidden(r: PlanResource, prefix: AttributePath): boolean {
  const mask =
    prefix.length === 0 ? r.afterUnknown : getPath(r.afterUnknown, prefix);
  if (mask === true) return true;
  if (mask === null || typeof mask !== 'object' || Array.isArray(mask))
    return false;
  for (const k of DECIDING) if (maskHasAny(mask[k])) return true;
  return false;
}

/** Ingress rules of a standalone rule resource (undefined for egress). */
function ingressOfRuleResource(r: PlanResource): IngressRule | undefined {
  const after = r.after ?? {};
  if (r.type === 'aws_security_group_rule' && after.type !== 'ingress')
    return undefined;
  return fromClassicRule(r.address, after, decidingHidden(r, []));
}

/**
 * Every ingress permission of a security group: inline `ingress` blocks plus
 * the separate rule resources that reference it (resolved from the
 * configuration, since the group's id is unknown at plan time).
 */
/**
 * The admin-ports and all-ports rules both read a group's ingress: the
 * second gets the first one's answer.
 */
const ingressCache = new WeakMap<PlanResource, IngressRule[] | 'hidden'>();

function ingressOfGroup(
  sg: PlanResource,
  ctx: RuleContext,
): IngressRule[] | 'hidden' {
  let ingress = ingressCache.get(sg);
  if (ingress === undefined) {
    ingress = readIngressOfGroup(sg, ctx);
    ingressCache.set(sg, ingress);
  }
  return ingress;
}

function readIngressOfGroup(
  sg: PlanResource,
  ctx: RuleContext,
): IngressRule[] | 'hidden' {
  const inline = ctx.read(sg, ['ingress']);
  const rules: IngressRule[] = [];
  if (inline.state === 'unknown' && inline.configured) return 'hidden';
  if (inline.state === 'known') {
    blocks(inline.value).forEach((b, i) =>
      rules.push(
        fromClassicRule(
          `${sg.address} ingress[${i}]`,
          b,
          decidingHidden(sg, ['ingress', i]),
        ),
      ),
    );
  }
  for (const type of RULE_TYPES) {
    for (const ruleResource of ctx.plan.relations.liveReferrers(
      sg,
      type,
      'security_group_id',
    )) {
      const rule = ingressOfRuleResource(ruleResource);
      if (rule) rules.push(rule);
    }
  }
  return rules;
}

/**
 * The not-applicable outcome of a rule resource tied to groups in the plan,
 * or undefined. Every ingress rule asks it of the same resource: built once.
 */
const judgedWithGroupCache = new WeakMap<PlanResource, RuleOutcome | null>();

function judgedWithGroup(
  resource: PlanResource,
  ctx: RuleContext,
): RuleOutcome | undefined {
  let judged = judgedWithGroupCache.get(resource);
  if (judged === undefined) {
    const groups = ctx.plan.relations.targets(resource, 'security_group_id');
    judged =
      groups.length > 0
        ? notApplicable(
            `Judged with its security group ${groups
              .map(g => g.address)
              .join(', ')}.`,
          )
        : null;
    judgedWithGroupCache.set(resource, judged);
  }
  return judged ?? undefined;
}

/**
 * Both ingress rules judge groups the same way; a standalone rule resource
 * is judged on its own only when it cannot be tied to a group in the plan.
 */
export function ingressCheck(
  exposes: (rule: IngressRule) => string | undefined,
  passMessage: string,
) {
  return (resource: PlanResource, ctx: RuleContext): RuleOutcome => {
    let rules: IngressRule[] | 'hidden';
    if (RULE_TYPES.includes(resource.type)) {
      const judged = judgedWithGroup(resource, ctx);
      if (judged) return judged;
      const own = ingressOfRuleResource(resource);
      if (!own) return notApplicable('Egress rule.');
      rules = [own];
    } else {
      rules = ingressOfGroup(resource, ctx);
    }
    if (rules === 'hidden') return hiddenUntilApply('ingress');
    const verdict = judgeIngress(rules, exposes);
    if (verdict.kind === 'open') return fail(`${verdict.detail}.`);
    if (verdict.kind === 'hidden')
      return hiddenUntilApply(`The source or ports of ${verdict.detail}`);
    return pass(passMessage);
  };
}

const sgRemediation = [
  'resource "aws_vpc_security_group_ingress_rule" "ssh_from_vpn" {',
  '  security_group_id = aws_security_group.web.id',
  '  cidr_ipv4         = "10.20.0.0/16" # the VPN range, not 0.0.0.0/0',
  '  ip_protocol       = "tcp"',
  '  from_port         = 22',
  '  to_port           = 22',
  '}',
].join('\n');

export const adminPortsFromWorld = resourceRule(
  {
    id: 'GW-AWS-002',
    title: 'No ingress from 0.0.0.0/0 or ::/0 to administration ports',
    severity: 'critical',
    resourceTypes: [...SG_TYPES, ...RULE_TYPES],
    rationale:
      'SSH, RDP and WinRM open to the internet are scanned within minutes and brute-forced; ' +
      'administration should go through a VPN, a bastion or SSM Session Manager.',
    remediation: {
      text: 'Restrict the source to a known range, or remove the rule and use SSM Session Manager.',
      terraform: sgRemediation,
    },
    references: {
      checkov: ['CKV_AWS_24', 'CKV_AWS_25'],
      cis: ['CIS AWS Foundations v1.5.0 5.2', 'CIS AWS Foundations v1.5.0 5.3'],
    },
  },
  ingressCheck(rule => {
    const ports = exposedAdminPorts(rule);
    return ports.length > 0 ? `port ${ports.join(', ')}` : undefined;
  }, 'No administration port is reachable from the internet.'),
);

export const allPortsFromWorld = resourceRule(
  {
    id: 'GW-AWS-003',
    title: 'No ingress from 0.0.0.0/0 or ::/0 to all ports',
    severity: 'critical',
    resourceTypes: [...SG_TYPES, ...RULE_TYPES],
    rationale:
      'A rule that opens every port to the internet exposes every service on the instance, ' +
      'including ones nobody meant to publish.',
    remediation: {
      text: 'Open only the ports the service serves (for example 443), from the ranges that need them.',
      terraform: sgRemediation
        .replace(/22/g, '443')
        .replace('ssh_from_vpn', 'https'),
    },
    references: {
      checkov: ['CKV_AWS_277'],
      // Every port includes the administration ports of 5.2 (IPv4) and 5.3 (IPv6).
      cis: ['CIS AWS Foundations v1.5.0 5.2', 'CIS AWS Foundations v1.5.0 5.3'],
    },
  },
  ingressCheck(
    rule => (opensAllPorts(rule) ? 'all ports' : undefined),
    'No rule opens every port to the internet.',
  ),
);

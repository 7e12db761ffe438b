import type { JsonObject, PlanResource } from '../../../../plan/types';
import { ingressCheck } from '../securityGroups';
import { asNumber, asStringList, maskHasAny } from '../../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../../types';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
} from '../../helpers';
import { IngressRule, judgeIngress, opensAllPorts } from '../../network';
import { blocksOf, docsOf, hcl } from './support';

const NACL_TYPES = ['aws_network_acl', 'aws_network_acl_rule'];
const NACL_DOCS = NACL_TYPES.map(docsOf);

/** A NACL entry (inline block or rule resource) as an ingress permission. */
function naclIngress(
  origin: string,
  entry: JsonObject,
  hidden: boolean,
): IngressRule {
  const protocol = String(entry.protocol ?? '').toLowerCase();
  const from = asNumber(entry.from_port);
  const to = asNumber(entry.to_port);
  return {
    origin,
    allProtocols: protocol === '-1' || protocol === 'all',
    ranges: from !== undefined && to !== undefined ? [[from, to]] : [],
    sources: [
      ...asStringList(entry.cidr_block),
      ...asStringList(entry.ipv6_cidr_block),
    ],
    hidden,
  };
}

/**
 * The allow entries of a NACL that admit inbound traffic. Deny entries are
 * left out: like Checkov, the rules do not replay rule-number order.
 */
function naclAllows(
  r: PlanResource,
  ctx: RuleContext,
): IngressRule[] | 'hidden' {
  if (r.type === 'aws_network_acl_rule') {
    const after = r.after ?? {};
    if (after.egress === true || after.rule_action === 'deny') return [];
    return [naclIngress(r.address, after, maskHasAny(r.afterUnknown))];
  }
  const ingress = blocksOf(ctx, r, ['ingress']);
  if (ingress === 'hidden') return 'hidden';
  return ingress
    .filter(e => e.action !== 'deny')
    .map((e, i) => naclIngress(`${r.address} ingress[${i}]`, e, false));
}

function naclRule(
  exposes: (rule: IngressRule) => string | undefined,
  passMessage: string,
) {
  return (r: PlanResource, ctx: RuleContext): RuleOutcome => {
    const rules = naclAllows(r, ctx);
    if (rules === 'hidden') return hiddenUntilApply('ingress');
    if (rules.length === 0 && r.type === 'aws_network_acl_rule')
      return notApplicable('An egress or deny entry.');
    const verdict = judgeIngress(rules, exposes);
    if (verdict.kind === 'open') return fail(`${verdict.detail}.`);
    if (verdict.kind === 'hidden')
      return hiddenUntilApply(`The source or ports of ${verdict.detail}`);
    return pass(passMessage);
  };
}

const reaches = (ports: Array<[number, string]>) => (rule: IngressRule) => {
  const hit = ports.filter(
    ([port]) =>
      rule.allProtocols ||
      rule.ranges.some(([from, to]) => from <= port && port <= to),
  );
  return hit.length > 0
    ? `port ${hit.map(([p, s]) => `${p} (${s})`).join(', ')}`
    : undefined;
};

const naclRemediation = hcl(
  'resource "aws_network_acl_rule" "ssh_from_vpn" {',
  '  network_acl_id = aws_network_acl.app.id',
  '  rule_number    = 100',
  '  egress         = false',
  '  protocol       = "tcp"',
  '  rule_action    = "allow"',
  '  cidr_block     = "10.20.0.0/16" # the VPN range, not 0.0.0.0/0',
  '  from_port      = 22',
  '  to_port        = 22',
  '}',
);

export const naclAdminPorts = resourceRule(
  {
    id: 'GW-AWS-160',
    title: 'Network ACLs do not admit SSH or RDP from the internet',
    severity: 'high',
    resourceTypes: NACL_TYPES,
    rationale:
      'The subnet ACL is the second fence behind security groups; letting SSH and RDP in from anywhere ' +
      'there leaves one security-group mistake between the instances and brute-force scanners.',
    remediation: {
      text: 'Allow 22 and 3389 only from known ranges (VPN, bastion), or not at all.',
      terraform: naclRemediation,
    },
    references: {
      checkov: ['CKV_AWS_231', 'CKV_AWS_232'],
      cis: ['CIS AWS Foundations v3.0.0 5.1'],
      docs: NACL_DOCS,
    },
  },
  naclRule(
    reaches([
      [22, 'SSH'],
      [3389, 'RDP'],
    ]),
    'No ACL entry admits SSH or RDP from the internet.',
  ),
);

export const naclFtpPorts = resourceRule(
  {
    id: 'GW-AWS-161',
    title: 'Network ACLs do not admit FTP from the internet',
    severity: 'medium',
    resourceTypes: NACL_TYPES,
    rationale:
      'FTP sends credentials and data in clear text; ports 20 and 21 open to the internet invite both ' +
      'credential theft and brute force.',
    remediation: {
      text: 'Remove the entries for ports 20 and 21 from 0.0.0.0/0 and ::/0; use SFTP or S3 transfer instead.',
      terraform: naclRemediation,
    },
    references: {
      checkov: ['CKV_AWS_229', 'CKV_AWS_230'],
      docs: NACL_DOCS,
    },
  },
  naclRule(
    reaches([
      [20, 'FTP data'],
      [21, 'FTP'],
    ]),
    'No ACL entry admits FTP from the internet.',
  ),
);

export const naclAllPorts = resourceRule(
  {
    id: 'GW-AWS-162',
    title: 'Network ACLs do not admit all ports from the internet',
    severity: 'medium',
    resourceTypes: NACL_TYPES,
    rationale:
      'An ACL entry that admits every port from anywhere turns the subnet ACL into no fence at all, ' +
      'leaving security groups as the only control.',
    remediation: {
      text: 'Admit only the ports the subnet serves (for example 443 and the ephemeral range for replies).',
      terraform: naclRemediation
        .replace(/= 22/g, '= 443')
        .replace('ssh_from_vpn', 'https'),
    },
    references: { checkov: ['CKV_AWS_352'], docs: NACL_DOCS },
  },
  naclRule(
    rule => (opensAllPorts(rule) ? 'all ports' : undefined),
    'No ACL entry admits every port from the internet.',
  ),
);

const SG_TYPES = ['aws_security_group'];
const SG_RULE_TYPES = [
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
];

export const httpFromWorld = resourceRule(
  {
    id: 'GW-AWS-163',
    title: 'Security groups do not open port 80 to the internet',
    severity: 'low',
    resourceTypes: [...SG_TYPES, ...SG_RULE_TYPES],
    rationale:
      'Port 80 from anywhere serves plain HTTP; outside a load balancer that only redirects to HTTPS it ' +
      'exposes the service unencrypted and usually unintended.',
    remediation: {
      text: 'Serve HTTPS on 443 behind a load balancer; open 80 only on the load balancer’s group for the redirect.',
      terraform: hcl(
        'resource "aws_vpc_security_group_ingress_rule" "https" {',
        '  security_group_id = aws_security_group.lb.id',
        '  cidr_ipv4         = "0.0.0.0/0"',
        '  ip_protocol       = "tcp"',
        '  from_port         = 443',
        '  to_port           = 443',
        '}',
      ),
    },
    references: {
      checkov: ['CKV_AWS_260'],
      docs: [
        docsOf('aws_security_group'),
        docsOf('aws_vpc_security_group_ingress_rule'),
      ],
    },
  },
  // The founding pack's reading of a group and its rules: only the values
  // that decide who reaches which port may make the verdict unknown.
  ingressCheck(reaches([[80, 'HTTP']]), 'Port 80 is not open to the internet.'),
);

/** The description Terraform gives a group when the configuration gives none. */
const TERRAFORM_DEFAULT_DESCRIPTION = 'Managed by Terraform';

export const sgDescriptions = resourceRule(
  {
    id: 'GW-AWS-164',
    title: 'Security groups and their rules have descriptions',
    severity: 'low',
    resourceTypes: [
      ...SG_TYPES,
      ...SG_RULE_TYPES,
      'aws_vpc_security_group_egress_rule',
    ],
    rationale:
      'A rule nobody can explain is a rule nobody dares remove; descriptions let reviewers and auditors ' +
      'tell why each opening exists.',
    remediation: {
      text: 'Describe the group and every rule: what it allows and for whom.',
      terraform: hcl(
        'resource "aws_security_group" "api" {',
        '  name        = "api"',
        '  description = "API tasks: HTTPS from the load balancer"',
        '  vpc_id      = aws_vpc.main.id',
        '}',
        '',
        'resource "aws_vpc_security_group_ingress_rule" "from_lb" {',
        '  security_group_id            = aws_security_group.api.id',
        '  referenced_security_group_id = aws_security_group.lb.id',
        '  ip_protocol                  = "tcp"',
        '  from_port                    = 8443',
        '  to_port                      = 8443',
        '  description                  = "HTTPS from the public load balancer"',
        '}',
      ),
    },
    references: {
      checkov: ['CKV_AWS_23'],
      docs: [docsOf('aws_security_group')],
    },
  },
  (r, ctx) => {
    const description = ctx.read(r, ['description']);
    if (description.state === 'unknown')
      return description.configured
        ? hiddenUntilApply('description')
        : fail('description is not set.');
    const text = String(description.value ?? '').trim();
    if (!text || text === TERRAFORM_DEFAULT_DESCRIPTION)
      return fail(
        text
          ? `description is Terraform's default "${TERRAFORM_DEFAULT_DESCRIPTION}"; say what the group is for.`
          : 'description is not set.',
      );
    if (r.type === 'aws_security_group') {
      for (const name of ['ingress', 'egress']) {
        const list = blocksOf(ctx, r, [name]);
        if (list === 'hidden') return hiddenUntilApply(name);
        const i = list.findIndex(b => !String(b.description ?? '').trim());
        if (i >= 0) return fail(`${name}[${i}].description is not set.`);
      }
    }
    return pass('The description is set.');
  },
);

export const NETWORK_RULES = [
  naclAdminPorts,
  naclFtpPorts,
  naclAllPorts,
  httpFromWorld,
  sgDescriptions,
];

import type { PlanResource } from '../../../../plan/types';
import type { RuleContext } from '../../../types';
import {
  expectAttribute,
  expectTrue,
  fail,
  hiddenUntilApply,
  isFalse,
  isTrue,
  notApplicable,
  pass,
  resourceRule,
} from '../../helpers';
import { blocksOf, docsOf, hcl } from './support';

const LBS = ['aws_lb', 'aws_alb'];
const LB_DOCS = [docsOf('aws_lb')];

/** `load_balancer_type`, `application` when unset (provider default). */
function lbType(lb: PlanResource, ctx: RuleContext): string | undefined {
  const t = ctx.read(lb, ['load_balancer_type']);
  if (t.state === 'unknown') return t.configured ? undefined : 'application';
  return t.value === null ? 'application' : String(t.value);
}

export const albDropsInvalidHeaders = resourceRule(
  {
    id: 'GW-AWS-116',
    title: 'Application load balancers drop invalid HTTP headers',
    severity: 'medium',
    resourceTypes: LBS,
    rationale:
      'Headers that are not valid HTTP are a tool of request smuggling and header injection; dropping them ' +
      'at the load balancer keeps them away from every backend.',
    remediation: {
      text: 'Set drop_invalid_header_fields = true.',
      terraform: hcl(
        'resource "aws_lb" "web" {',
        '  # ...',
        '  load_balancer_type         = "application"',
        '  drop_invalid_header_fields = true',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_131'], docs: LB_DOCS },
  },
  (lb, ctx) => {
    const type = lbType(lb, ctx);
    if (type === undefined) return hiddenUntilApply('load_balancer_type');
    if (type !== 'application')
      return notApplicable(`A ${type} load balancer does not parse HTTP.`);
    return expectTrue(
      ctx,
      lb,
      ['drop_invalid_header_fields'],
      'Dropping invalid header fields',
    );
  },
);

export const lbDeletionProtection = resourceRule(
  {
    id: 'GW-AWS-117',
    title: 'Load balancers have deletion protection',
    severity: 'low',
    resourceTypes: LBS,
    rationale:
      'Deleting a production load balancer takes the service offline and releases its DNS name; deletion ' +
      'protection makes that a deliberate two-step change.',
    remediation: {
      text: 'Set enable_deletion_protection = true.',
      terraform: hcl(
        'resource "aws_lb" "web" {',
        '  # ...',
        '  enable_deletion_protection = true',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_150'], docs: LB_DOCS },
    productionOnly: true,
  },
  (lb, ctx) =>
    expectTrue(ctx, lb, ['enable_deletion_protection'], 'Deletion protection'),
);

export const nlbCrossZone = resourceRule(
  {
    id: 'GW-AWS-118',
    title: 'Network and gateway load balancers balance across zones',
    severity: 'low',
    resourceTypes: LBS,
    rationale:
      'Without cross-zone balancing each zone’s node only sends to targets in its own zone, so losing ' +
      'targets in one zone overloads the rest there while other zones idle.',
    remediation: {
      text: 'Set enable_cross_zone_load_balancing = true (application load balancers always balance across zones).',
      terraform: hcl(
        'resource "aws_lb" "tcp" {',
        '  # ...',
        '  load_balancer_type               = "network"',
        '  enable_cross_zone_load_balancing = true',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_152'], docs: LB_DOCS },
    productionOnly: true,
  },
  (lb, ctx) => {
    const type = lbType(lb, ctx);
    if (type === undefined) return hiddenUntilApply('load_balancer_type');
    if (type === 'application')
      return notApplicable(
        'Application load balancers always balance across zones.',
      );
    return expectTrue(
      ctx,
      lb,
      ['enable_cross_zone_load_balancing'],
      'Cross-zone load balancing',
    );
  },
);

export const lbDesyncMitigation = resourceRule(
  {
    id: 'GW-AWS-119',
    title: 'HTTP load balancers use defensive or strictest desync mitigation',
    severity: 'medium',
    resourceTypes: [...LBS, 'aws_elb'],
    rationale:
      'Desync mitigation stops ambiguous requests that front-end and back-end parse differently (HTTP ' +
      'request smuggling); the monitor mode only logs them.',
    remediation: {
      text: 'Leave desync_mitigation_mode at defensive (the default) or set strictest.',
      terraform: hcl(
        'resource "aws_lb" "web" {',
        '  # ...',
        '  desync_mitigation_mode = "defensive"',
        '}',
      ),
    },
    references: {
      checkov: ['CKV_AWS_328'],
      docs: [...LB_DOCS, docsOf('aws_elb')],
    },
  },
  (lb, ctx) => {
    if (lb.type !== 'aws_elb') {
      const type = lbType(lb, ctx);
      if (type === undefined) return hiddenUntilApply('load_balancer_type');
      if (type !== 'application')
        return notApplicable(`A ${type} load balancer does not parse HTTP.`);
    }
    return expectAttribute(ctx, lb, ['desync_mitigation_mode'], {
      label: 'desync_mitigation_mode',
      compliant: v => v === null || v === 'defensive' || v === 'strictest',
      passMessage: 'Desync mitigation blocks ambiguous requests',
      failMessage:
        'Desync mitigation only monitors: desync_mitigation_mode is monitor; set defensive or strictest',
      providerDefault: 'defensive',
    });
  },
);

export const lbAccessLogs = resourceRule(
  {
    id: 'GW-AWS-120',
    title: 'Application and network load balancers write access logs',
    severity: 'medium',
    resourceTypes: LBS,
    rationale:
      'Access logs are the record of who reached the service and what it answered; incident response and ' +
      'abuse investigations start from them.',
    remediation: {
      text: 'Add an access_logs block with enabled = true and an S3 bucket the ELB service may write to.',
      terraform: hcl(
        'resource "aws_lb" "web" {',
        '  # ...',
        '  access_logs {',
        '    bucket  = aws_s3_bucket.lb_logs.id',
        '    enabled = true',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_91'], docs: LB_DOCS },
  },
  // The provider's access_logs.enabled defaults to false, even with a bucket.
  (lb, ctx) =>
    expectTrue(ctx, lb, ['access_logs', 0, 'enabled'], 'Access logging'),
);

const ELB = ['aws_elb'];
const ELB_DOCS = [docsOf('aws_elb')];

export const elbAccessLogs = resourceRule(
  {
    id: 'GW-AWS-121',
    title: 'Classic load balancers write access logs',
    severity: 'medium',
    resourceTypes: ELB,
    rationale:
      'Access logs are the record of who reached the service and what it answered; incident response and ' +
      'abuse investigations start from them.',
    remediation: {
      text: 'Add an access_logs block pointing at an S3 bucket the ELB service may write to.',
      terraform: hcl(
        'resource "aws_elb" "legacy" {',
        '  # ...',
        '  access_logs {',
        '    bucket        = aws_s3_bucket.lb_logs.id',
        '    interval      = 60',
        '    enabled       = true',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_92'], docs: ELB_DOCS },
  },
  (elb, ctx) => {
    const logs = blocksOf(ctx, elb, ['access_logs']);
    if (logs === 'hidden') return hiddenUntilApply('access_logs');
    if (logs.length === 0)
      return fail('No access logs: the access_logs block is not set.');
    // For the classic ELB, access_logs.enabled defaults to true.
    return isFalse(logs[0].enabled ?? true)
      ? fail('Access logging is off: access_logs.enabled is false.')
      : pass('Access logs are written (access_logs is set).');
  },
);

export const elbCrossZone = resourceRule(
  {
    id: 'GW-AWS-122',
    title: 'Classic load balancers balance across zones',
    severity: 'low',
    resourceTypes: ELB,
    rationale:
      'Without cross-zone balancing each zone gets an equal share of traffic whatever its number of ' +
      'healthy instances, so a zone that lost instances is overloaded.',
    remediation: {
      text: 'Leave cross_zone_load_balancing at true (the default).',
      terraform: hcl(
        'resource "aws_elb" "legacy" {',
        '  # ...',
        '  cross_zone_load_balancing = true',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_138'], docs: ELB_DOCS },
    productionOnly: true,
  },
  (elb, ctx) =>
    expectTrue(
      ctx,
      elb,
      ['cross_zone_load_balancing'],
      'Cross-zone load balancing',
      true,
    ),
);

export const elbBackendTls = resourceRule(
  {
    id: 'GW-AWS-123',
    title: 'Classic load balancers reach instances over HTTPS or SSL',
    severity: 'low',
    resourceTypes: ELB,
    rationale:
      'A listener that forwards to instances over HTTP or TCP sends the decrypted traffic in clear text ' +
      'inside the VPC, where anything with access to the network path can read it.',
    remediation: {
      text: 'Use instance_protocol HTTPS or SSL on every listener.',
      terraform: hcl(
        'resource "aws_elb" "legacy" {',
        '  # ...',
        '  listener {',
        '    lb_port            = 443',
        '    lb_protocol        = "https"',
        '    instance_port      = 8443',
        '    instance_protocol  = "https"',
        '    ssl_certificate_id = aws_acm_certificate.site.arn',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_376'], docs: ELB_DOCS },
  },
  (elb, ctx) => {
    const listeners = blocksOf(ctx, elb, ['listener']);
    if (listeners === 'hidden') return hiddenUntilApply('listener');
    for (const [i, l] of listeners.entries()) {
      const protocol = String(l.instance_protocol ?? '').toLowerCase();
      if (protocol === 'http' || protocol === 'tcp')
        return fail(
          `listener[${i}].instance_protocol is ${protocol}; use https or ssl to reach the instances.`,
        );
    }
    return pass('Every listener reaches instances over HTTPS or SSL.');
  },
);

export const targetGroupHealthCheck = resourceRule(
  {
    id: 'GW-AWS-124',
    title: 'HTTP and HTTPS target groups define a health check',
    severity: 'low',
    resourceTypes: ['aws_lb_target_group', 'aws_alb_target_group'],
    rationale:
      'Without an explicit health check the load balancer probes "/" and keeps sending traffic to targets ' +
      'whose application is broken but whose web server still answers.',
    remediation: {
      text: 'Add an enabled health_check with the path of the service’s health endpoint.',
      terraform: hcl(
        'resource "aws_lb_target_group" "web" {',
        '  # ...',
        '  protocol = "HTTP"',
        '  health_check {',
        '    enabled = true',
        '    path    = "/healthz"',
        '    matcher = "200"',
        '  }',
        '}',
      ),
    },
    references: {
      checkov: ['CKV_AWS_261'],
      docs: [docsOf('aws_lb_target_group')],
    },
  },
  (tg, ctx) => {
    const protocol = ctx.read(tg, ['protocol']);
    if (protocol.state === 'unknown') return hiddenUntilApply('protocol');
    if (protocol.value !== 'HTTP' && protocol.value !== 'HTTPS')
      return notApplicable('Not an HTTP or HTTPS target group.');
    const check = blocksOf(ctx, tg, ['health_check']);
    if (check === 'hidden') return hiddenUntilApply('health_check');
    const configured = ctx.plan.config.resourceOf(tg)?.expressions.health_check;
    if (check.length === 0 || (ctx.plan.hasConfiguration && !configured))
      return fail(
        'No health_check block: the load balancer probes "/" by default; set health_check.path.',
      );
    if (isFalse(check[0].enabled ?? true))
      return fail('Health checks are off: health_check.enabled is false.');
    return isTrue(check[0].enabled ?? true) && check[0].path
      ? pass(`health_check.path is ${check[0].path}.`)
      : pass('A health_check block is configured.');
  },
);

export const LOAD_BALANCING_RULES = [
  albDropsInvalidHeaders,
  lbDeletionProtection,
  nlbCrossZone,
  lbDesyncMitigation,
  lbAccessLogs,
  elbAccessLogs,
  elbCrossZone,
  elbBackendTls,
  targetGroupHealthCheck,
];

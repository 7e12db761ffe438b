import type { PlanResource } from '../../../plan/types';
import { blocks } from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
} from '../helpers';

const LISTENERS = ['aws_lb_listener', 'aws_alb_listener'];

/** An HTTP listener whose default action redirects to HTTPS serves no content in clear. */
function redirectsToHttps(listener: PlanResource): boolean {
  return blocks(listener.after?.default_action).some(
    a =>
      a.type === 'redirect' &&
      blocks(a.redirect).some(
        r => String(r.protocol).toUpperCase() === 'HTTPS',
      ),
  );
}

function listenerProtocol(
  listener: PlanResource,
  ctx: RuleContext,
): string | 'hidden' {
  const read = ctx.read(listener, ['protocol']);
  if (read.state === 'unknown' && read.configured) return 'hidden';
  if (read.state === 'known' && typeof read.value === 'string' && read.value)
    return read.value.toUpperCase();
  // Unset: AWS uses TCP for network load balancers, nothing for gateway
  // load balancers (GENEVE), and HTTP for application load balancers.
  const lb = ctx.plan.relations.targets(listener, 'load_balancer_arn')[0];
  const kind = lb?.after?.load_balancer_type;
  if (kind === 'network') return 'TCP';
  if (kind === 'gateway') return 'GENEVE';
  return 'HTTP';
}

export const lbHttps = resourceRule(
  {
    id: 'GW-AWS-027',
    title: 'Load balancers serve HTTPS (HTTP only redirects)',
    severity: 'high',
    resourceTypes: [...LISTENERS, 'aws_elb'],
    rationale:
      'Clear-text HTTP exposes sessions and credentials to anyone on the path.',
    remediation: {
      text: 'Serve HTTPS with an ACM certificate, and make the HTTP listener a redirect.',
      terraform: [
        'resource "aws_lb_listener" "http" {',
        '  load_balancer_arn = aws_lb.main.arn',
        '  port              = 80',
        '  protocol          = "HTTP"',
        '  default_action {',
        '    type = "redirect"',
        '    redirect {',
        '      port        = "443"',
        '      protocol    = "HTTPS"',
        '      status_code = "HTTP_301"',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_2', 'CKV_AWS_127'] },
  },
  (lb, ctx): RuleOutcome => {
    if (lb.type === 'aws_elb') {
      const read = ctx.read(lb, ['listener']);
      if (read.state === 'unknown') return hiddenUntilApply('listener');
      const clear = blocks(read.value).filter(
        l => !['https', 'ssl'].includes(String(l.lb_protocol).toLowerCase()),
      );
      return clear.length === 0
        ? pass('Every listener uses HTTPS or SSL.')
        : fail(
            `Listeners in clear text: ${clear
              .map(l => `${String(l.lb_protocol)}:${String(l.lb_port)}`)
              .join(', ')}.`,
          );
    }
    const protocol = listenerProtocol(lb, ctx);
    if (protocol === 'hidden') return hiddenUntilApply('protocol');
    if (protocol === 'HTTPS' || protocol === 'TLS')
      return pass(`The listener uses ${protocol}.`);
    if (protocol !== 'HTTP')
      return notApplicable(
        `${protocol} listeners pass traffic through unchanged.`,
      );
    if (redirectsToHttps(lb))
      return pass('The HTTP listener redirects to HTTPS.');
    return fail('The listener serves HTTP without redirecting to HTTPS.');
  },
);

/**
 * Policies whose minimum is TLS 1.2 or 1.3. The TLS13 family also has
 * `TLS13-1-0-*` and `TLS13-1-1-*` policies, which add TLS 1.3 but still
 * accept 1.0 and 1.1: the minimum is the number after "TLS13-".
 */
const MODERN_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)/;
const DEFAULT_POLICY = 'ELBSecurityPolicy-2016-08';

export const lbTlsPolicy = resourceRule(
  {
    id: 'GW-AWS-028',
    title: 'HTTPS/TLS listeners use a TLS 1.2+ security policy',
    severity: 'medium',
    resourceTypes: LISTENERS,
    rationale:
      `The default policy ${DEFAULT_POLICY} still accepts TLS 1.0 and 1.1, which are deprecated ` +
      'and fail PCI DSS.',
    remediation: {
      text: 'Pick a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-2021-06.',
      terraform: [
        'resource "aws_lb_listener" "https" {',
        '  load_balancer_arn = aws_lb.main.arn',
        '  port              = 443',
        '  protocol          = "HTTPS"',
        '  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"',
        '  certificate_arn   = aws_acm_certificate.main.arn',
        '  # default_action ...',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_103'] },
  },
  (listener, ctx) => {
    const protocol = listenerProtocol(listener, ctx);
    if (protocol === 'hidden') return hiddenUntilApply('protocol');
    if (protocol !== 'HTTPS' && protocol !== 'TLS')
      return notApplicable(`${protocol} listener.`);
    const read = ctx.read(listener, ['ssl_policy']);
    if (read.state === 'unknown' && read.configured)
      return hiddenUntilApply('ssl_policy');
    const policy =
      read.state === 'known' && typeof read.value === 'string' && read.value
        ? read.value
        : DEFAULT_POLICY;
    return MODERN_POLICY.test(policy)
      ? pass(`${policy} allows TLS 1.2+ only.`)
      : fail(`${policy} allows protocols older than TLS 1.2.`);
  },
);

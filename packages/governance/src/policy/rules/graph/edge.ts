import type { PlanResource } from '../../../plan/types';
import { blocks } from '../../../plan/values';
import type { RuleContext } from '../../types';
import { fail, notApplicable, pass, resourceRule } from '../helpers';
import { firstBlock, linked, orphanOutcome } from './support';

const LB_TYPES = ['aws_lb', 'aws_alb'];
const LISTENER_TYPES = ['aws_lb_listener', 'aws_alb_listener'];

function listenersOf(lb: PlanResource, ctx: RuleContext) {
  const found: PlanResource[] = [];
  const orphans: PlanResource[] = [];
  for (const type of LISTENER_TYPES) {
    const l = linked(ctx, lb, type, 'load_balancer_arn');
    found.push(...l.found);
    orphans.push(...l.orphans);
  }
  return { found, orphans };
}

/** Only application load balancers speak HTTP (the default type). */
function isApplication(lb: PlanResource, ctx: RuleContext): boolean {
  const type = ctx.read(lb, ['load_balancer_type']);
  return type.state !== 'known' || type.value === 'application' || !type.value;
}

export const albRedirectsHttp = resourceRule(
  {
    id: 'GW-AWS-414',
    title: 'Application load balancers redirect HTTP to HTTPS',
    severity: 'medium',
    resourceTypes: LB_TYPES,
    rationale:
      'An HTTP listener that forwards traffic serves sessions and credentials in clear; a ' +
      'redirect keeps the convenience of port 80 without the exposure.',
    remediation: {
      text: 'Make every HTTP listener redirect to HTTPS.',
      terraform: [
        'resource "aws_lb_listener" "http" {',
        '  load_balancer_arn = aws_lb.web.arn',
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
    references: {
      checkov: ['CKV2_AWS_20'],
      docs: [
        'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html',
      ],
    },
  },
  (lb, ctx) => {
    if (!isApplication(lb, ctx))
      return notApplicable('Not an application load balancer.');
    const { found, orphans } = listenersOf(lb, ctx);
    for (const l of found) {
      if (l.after?.protocol !== 'HTTP') continue;
      const action = blocks(l.after?.default_action ?? null).find(
        a => a.type === 'redirect',
      );
      const redirect = firstBlock(action?.redirect);
      if (redirect.protocol !== 'HTTPS')
        return fail(
          `${l.address} serves HTTP without redirecting (default_action.redirect.protocol is not HTTPS).`,
        );
    }
    if (found.length === 0 && orphans.length > 0)
      return orphanOutcome('listener', orphans);
    return found.length > 0
      ? pass('Every HTTP listener redirects to HTTPS.')
      : notApplicable('No listener is tied to this load balancer.');
  },
);

const wafDocs = [
  'https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-associating-aws-resource.html',
];

export const publicAlbWaf = resourceRule(
  {
    id: 'GW-AWS-415',
    title:
      'Internet-facing application load balancers are protected by a WAF web ACL',
    severity: 'medium',
    resourceTypes: LB_TYPES,
    rationale:
      'A public ALB takes every request the internet sends; a web ACL filters the common ' +
      'exploits and floods before they reach the application.',
    remediation: {
      text: 'Associate a WAFv2 web ACL with the load balancer.',
      terraform: [
        'resource "aws_wafv2_web_acl_association" "web" {',
        '  resource_arn = aws_lb.web.arn',
        '  web_acl_arn  = aws_wafv2_web_acl.main.arn',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV2_AWS_28'], docs: wafDocs },
  },
  (lb, ctx) => {
    if (!isApplication(lb, ctx))
      return notApplicable('Not an application load balancer.');
    const internal = ctx.read(lb, ['internal']);
    if (internal.state === 'known' && internal.value === true)
      return notApplicable('Internal load balancer.');
    const { found, orphans } = linked(
      ctx,
      lb,
      'aws_wafv2_web_acl_association',
      'resource_arn',
    );
    if (found.length > 0) return pass(`Protected by ${found[0].address}.`);
    if (orphans.length > 0)
      return orphanOutcome('web ACL association', orphans);
    return fail(
      'The load balancer is internet-facing (internal is false) and no aws_wafv2_web_acl_association names it.',
    );
  },
);

export const apiStageWaf = resourceRule(
  {
    id: 'GW-AWS-416',
    title: 'API Gateway REST API stages are protected by a WAF web ACL',
    severity: 'medium',
    resourceTypes: ['aws_api_gateway_stage'],
    rationale:
      'A public REST API is an application endpoint like any other: a web ACL filters common ' +
      'exploits and rate-limits abusive clients before they are billed as requests.',
    remediation: {
      text: 'Associate a WAFv2 web ACL with the stage.',
      terraform: [
        'resource "aws_wafv2_web_acl_association" "api" {',
        '  resource_arn = aws_api_gateway_stage.prod.arn',
        '  web_acl_arn  = aws_wafv2_web_acl.main.arn',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV2_AWS_29'], docs: wafDocs },
  },
  (stage, ctx) => {
    const acl = ctx.read(stage, ['web_acl_arn']);
    if (acl.state === 'known' && typeof acl.value === 'string' && acl.value)
      return pass('web_acl_arn is set.');
    const { found, orphans } = linked(
      ctx,
      stage,
      'aws_wafv2_web_acl_association',
      'resource_arn',
    );
    if (found.length > 0) return pass(`Protected by ${found[0].address}.`);
    if (orphans.length > 0)
      return orphanOutcome('web ACL association', orphans);
    return fail(
      'No aws_wafv2_web_acl_association names the stage (web_acl_arn is empty).',
    );
  },
);

export const apiStageLogging = resourceRule(
  {
    id: 'GW-AWS-417',
    title: 'API Gateway stages log execution at ERROR or INFO level',
    severity: 'medium',
    resourceTypes: ['aws_api_gateway_stage'],
    rationale:
      'Execution logs are what shows why an API returned 5xx or who was throttled; without a ' +
      'logging level they are off.',
    remediation: {
      text: 'Add method settings for the stage with logging_level INFO or ERROR.',
      terraform: [
        'resource "aws_api_gateway_method_settings" "all" {',
        '  rest_api_id = aws_api_gateway_rest_api.api.id',
        '  stage_name  = aws_api_gateway_stage.prod.stage_name',
        '  method_path = "*/*"',
        '  settings {',
        '    logging_level = "INFO"',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_4'],
      docs: [
        'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
      ],
    },
  },
  (stage, ctx) => {
    const { found, orphans } = linked(
      ctx,
      stage,
      'aws_api_gateway_method_settings',
      'stage_name',
    );
    for (const m of found) {
      const level = firstBlock(m.after?.settings).logging_level;
      if (level === 'INFO' || level === 'ERROR')
        return pass(`${m.address} sets logging_level ${level}.`);
    }
    if (found.length > 0)
      return fail(
        `${found[0].address} does not set settings.logging_level to INFO or ERROR.`,
      );
    if (orphans.length > 0) return orphanOutcome('method settings', orphans);
    return fail(
      'No aws_api_gateway_method_settings sets a logging_level for the stage: execution logging is off.',
    );
  },
);

export const wafLogging = resourceRule(
  {
    id: 'GW-AWS-418',
    title: 'WAFv2 web ACLs have a logging configuration',
    severity: 'medium',
    resourceTypes: ['aws_wafv2_web_acl'],
    rationale:
      'WAF logs are the record of what was blocked and why; without them false positives and ' +
      'attacks look the same.',
    remediation: {
      text: 'Send the web ACL logs to CloudWatch Logs, S3 or Firehose.',
      terraform: [
        'resource "aws_wafv2_web_acl_logging_configuration" "main" {',
        '  resource_arn            = aws_wafv2_web_acl.main.arn',
        '  log_destination_configs = [aws_cloudwatch_log_group.waf.arn]',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_31'],
      docs: [
        'https://docs.aws.amazon.com/waf/latest/developerguide/logging.html',
      ],
    },
  },
  (acl, ctx) => {
    const { found, orphans } = linked(
      ctx,
      acl,
      'aws_wafv2_web_acl_logging_configuration',
      'resource_arn',
    );
    if (found.length > 0) return pass(`Logged by ${found[0].address}.`);
    if (orphans.length > 0)
      return orphanOutcome('logging configuration', orphans);
    return fail(
      'No aws_wafv2_web_acl_logging_configuration names the web ACL.',
    );
  },
);

import type { JsonObject } from '../../../../plan/types';
import { blocks } from '../../../../plan/values';
import {
  fail,
  hiddenUntilApply,
  isTrue,
  pass,
  resourceRule,
} from '../../helpers';
import { blocksOf, docsOf, expectSet, firstBlock, hcl } from './support';

const CF = ['aws_cloudfront_distribution'];
const CF_DOCS = [docsOf('aws_cloudfront_distribution')];

export const cloudfrontHttps = resourceRule(
  {
    id: 'GW-AWS-125',
    title: 'CloudFront distributions serve viewers over HTTPS only',
    severity: 'high',
    resourceTypes: CF,
    rationale:
      'A cache behaviour with viewer_protocol_policy allow-all serves content and cookies over plain HTTP, ' +
      'where they can be read and altered on the way.',
    remediation: {
      text: 'Set viewer_protocol_policy to redirect-to-https or https-only on the default and every ordered cache behaviour.',
      terraform: hcl(
        'resource "aws_cloudfront_distribution" "site" {',
        '  # ...',
        '  default_cache_behavior {',
        '    # ...',
        '    viewer_protocol_policy = "redirect-to-https"',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_34'], docs: CF_DOCS },
  },
  (cf, ctx) => {
    const behaviours: Array<[string, JsonObject[] | 'hidden']> = [
      ['default_cache_behavior', blocksOf(ctx, cf, ['default_cache_behavior'])],
      ['ordered_cache_behavior', blocksOf(ctx, cf, ['ordered_cache_behavior'])],
    ];
    let hidden: string | undefined;
    for (const [name, list] of behaviours) {
      if (list === 'hidden') {
        hidden ??= name;
        continue;
      }
      for (const [i, b] of list.entries()) {
        if (b.viewer_protocol_policy === 'allow-all')
          return fail(
            `${name}[${i}].viewer_protocol_policy is allow-all; set redirect-to-https or https-only.`,
          );
        if (b.viewer_protocol_policy === null) hidden ??= `${name}[${i}]`;
      }
    }
    if (hidden) return hiddenUntilApply(`${hidden}.viewer_protocol_policy`);
    return pass(
      'Every cache behaviour requires HTTPS (viewer_protocol_policy).',
    );
  },
);

/** CloudFront security policies that allow only TLS 1.2 or 1.3, e.g. TLSv1.2_2021. */
const MODERN_TLS = /^TLSv1\.[23]_\d{4}$/;

export const cloudfrontTls = resourceRule(
  {
    id: 'GW-AWS-126',
    title: 'CloudFront distributions require TLS 1.2 or newer from viewers',
    severity: 'medium',
    resourceTypes: CF,
    rationale:
      'TLS 1.0 and 1.1 have known weaknesses and are no longer accepted by compliance frameworks; the ' +
      'default CloudFront certificate still negotiates TLS 1.0.',
    remediation: {
      text: 'Use an ACM certificate with minimum_protocol_version TLSv1.2_2021 (or newer).',
      terraform: hcl(
        'resource "aws_cloudfront_distribution" "site" {',
        '  # ...',
        '  viewer_certificate {',
        '    acm_certificate_arn      = aws_acm_certificate.site.arn',
        '    ssl_support_method       = "sni-only"',
        '    minimum_protocol_version = "TLSv1.2_2021"',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_174'], docs: CF_DOCS },
  },
  (cf, ctx) => {
    const cert = firstBlock(ctx, cf, ['viewer_certificate']);
    if (cert === 'hidden') return hiddenUntilApply('viewer_certificate');
    if (!cert) return fail('No viewer_certificate block is set.');
    if (isTrue(cert.cloudfront_default_certificate ?? false))
      return fail(
        'viewer_certificate.cloudfront_default_certificate is true: the default certificate accepts TLS 1.0; use an ACM certificate with minimum_protocol_version TLSv1.2_2021.',
      );
    const version = cert.minimum_protocol_version;
    if (typeof version === 'string' && MODERN_TLS.test(version))
      return pass(`viewer_certificate.minimum_protocol_version is ${version}.`);
    if (version === null || version === undefined)
      return hiddenUntilApply('viewer_certificate.minimum_protocol_version');
    return fail(
      `viewer_certificate.minimum_protocol_version is ${String(
        version,
      )}; set TLSv1.2_2021 or newer.`,
    );
  },
);

export const cloudfrontWaf = resourceRule(
  {
    id: 'GW-AWS-127',
    title: 'CloudFront distributions are protected by a WAF web ACL',
    severity: 'medium',
    resourceTypes: CF,
    rationale:
      'CloudFront is the public front door; a web ACL there filters common exploits, bad bots and floods ' +
      'before they reach the origin.',
    remediation: {
      text: 'Attach a WAFv2 web ACL (scope CLOUDFRONT) through web_acl_id.',
      terraform: hcl(
        'resource "aws_cloudfront_distribution" "site" {',
        '  # ...',
        '  web_acl_id = aws_wafv2_web_acl.edge.arn',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_68'], docs: CF_DOCS },
  },
  (cf, ctx) =>
    expectSet(
      ctx,
      cf,
      ['web_acl_id'],
      'web_acl_id',
      'A web ACL filters requests',
      'No web ACL filters requests',
    ),
);

export const cloudfrontLogging = resourceRule(
  {
    id: 'GW-AWS-128',
    title: 'CloudFront distributions write access logs',
    severity: 'medium',
    resourceTypes: CF,
    rationale:
      'Access logs are the only record of which viewers fetched what at the edge; without them abuse and ' +
      'data scraping cannot be investigated.',
    remediation: {
      text: 'Add a logging_config block with an S3 bucket.',
      terraform: hcl(
        'resource "aws_cloudfront_distribution" "site" {',
        '  # ...',
        '  logging_config {',
        '    bucket = aws_s3_bucket.cdn_logs.bucket_domain_name',
        '    prefix = "site/"',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_86'], docs: CF_DOCS },
  },
  (cf, ctx) =>
    expectSet(
      ctx,
      cf,
      ['logging_config'],
      'logging_config',
      'Access logs are written',
      'The distribution writes no access logs',
    ),
);

export const cloudfrontRootObject = resourceRule(
  {
    id: 'GW-AWS-129',
    title: 'CloudFront distributions set a default root object',
    severity: 'low',
    resourceTypes: CF,
    rationale:
      'Without a default root object a request for "/" is passed to the origin as is; for an S3 origin ' +
      'that can return a listing of the bucket or an error page that reveals it.',
    remediation: {
      text: 'Set default_root_object, e.g. index.html.',
      terraform: hcl(
        'resource "aws_cloudfront_distribution" "site" {',
        '  # ...',
        '  default_root_object = "index.html"',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_305'], docs: CF_DOCS },
  },
  (cf, ctx) =>
    expectSet(
      ctx,
      cf,
      ['default_root_object'],
      'default_root_object',
      'Requests for "/" get the default root object',
      'Requests for "/" go to the origin as is',
    ),
);

export const cloudfrontOriginFailover = resourceRule(
  {
    id: 'GW-AWS-130',
    title: 'CloudFront distributions fail over to a second origin',
    severity: 'low',
    resourceTypes: CF,
    rationale:
      'An origin group lets CloudFront retry a second origin when the primary returns errors, so one ' +
      'origin outage does not take the site down.',
    remediation: {
      text: 'Add an origin_group with a primary and a secondary origin and point the cache behaviour at it.',
      terraform: hcl(
        'resource "aws_cloudfront_distribution" "site" {',
        '  # ...',
        '  origin_group {',
        '    origin_id = "site-failover"',
        '    failover_criteria {',
        '      status_codes = [500, 502, 503, 504]',
        '    }',
        '    member { origin_id = "primary" }',
        '    member { origin_id = "secondary" }',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_310'], docs: CF_DOCS },
    productionOnly: true,
  },
  (cf, ctx) =>
    expectSet(
      ctx,
      cf,
      ['origin_group'],
      'origin_group',
      'An origin group provides failover',
      'No origin failover',
    ),
);

const WAF = ['aws_wafv2_web_acl'];
const WAF_DOCS = [docsOf('aws_wafv2_web_acl')];

/** A WAF rule's inline rules; rule_json (provider v5.5+) counts as rules. */
function wafRules(
  acl: Parameters<typeof blocksOf>[1],
  ctx: Parameters<typeof blocksOf>[0],
): JsonObject[] | 'hidden' | 'json' {
  const json = ctx.read(acl, ['rule_json']);
  if (json.state === 'unknown' && json.configured) return 'hidden';
  if (json.state === 'known' && typeof json.value === 'string' && json.value)
    return 'json';
  return blocksOf(ctx, acl, ['rule']);
}

export const wafHasRules = resourceRule(
  {
    id: 'GW-AWS-131',
    title: 'WAF web ACLs contain rules',
    severity: 'medium',
    resourceTypes: WAF,
    rationale:
      'A web ACL without rules applies only its default action: it looks like protection in an inventory ' +
      'but filters nothing.',
    remediation: {
      text: 'Add rules, for example AWS managed rule groups.',
      terraform: hcl(
        'resource "aws_wafv2_web_acl" "edge" {',
        '  # ...',
        '  rule {',
        '    name     = "common"',
        '    priority = 1',
        '    override_action {',
        '      none {}',
        '    }',
        '    statement {',
        '      managed_rule_group_statement {',
        '        vendor_name = "AWS"',
        '        name        = "AWSManagedRulesCommonRuleSet"',
        '      }',
        '    }',
        '    visibility_config {',
        '      cloudwatch_metrics_enabled = true',
        '      metric_name                = "common"',
        '      sampled_requests_enabled   = true',
        '    }',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_175'], docs: WAF_DOCS },
  },
  (acl, ctx) => {
    const rules = wafRules(acl, ctx);
    if (rules === 'hidden') return hiddenUntilApply('rule');
    if (rules === 'json') return pass('Rules are given in rule_json.');
    return rules.length > 0
      ? pass(`The web ACL has ${rules.length} rule(s).`)
      : fail('The web ACL filters nothing: it has no rule block.');
  },
);

const BAD_INPUTS = 'AWSManagedRulesKnownBadInputsRuleSet';

/** Whether the rule sets `name` to count (v4 excluded_rule, v5 rule_action_override). */
function countsOnly(group: JsonObject, name: string): boolean {
  if (blocks(group.excluded_rule).some(r => r.name === name)) return true;
  return blocks(group.rule_action_override).some(
    o =>
      o.name === name &&
      blocks(o.action_to_use).some(a => blocks(a.count).length > 0),
  );
}

export const wafLog4j = resourceRule(
  {
    id: 'GW-AWS-132',
    title: 'WAF web ACLs block Log4Shell (known bad inputs rule group)',
    severity: 'medium',
    resourceTypes: WAF,
    rationale:
      'Log4Shell (CVE-2021-44228) probes still arrive daily; the AWS known-bad-inputs rule group blocks them ' +
      'at the edge for any Java service behind the ACL that was missed by patching.',
    remediation: {
      text: 'Add the AWSManagedRulesKnownBadInputsRuleSet rule group with override_action none, without counting Log4JRCE.',
      terraform: hcl(
        'resource "aws_wafv2_web_acl" "edge" {',
        '  # ...',
        '  rule {',
        '    name     = "known-bad-inputs"',
        '    priority = 2',
        '    override_action {',
        '      none {}',
        '    }',
        '    statement {',
        '      managed_rule_group_statement {',
        '        vendor_name = "AWS"',
        '        name        = "AWSManagedRulesKnownBadInputsRuleSet"',
        '      }',
        '    }',
        '    visibility_config {',
        '      cloudwatch_metrics_enabled = true',
        '      metric_name                = "known-bad-inputs"',
        '      sampled_requests_enabled   = true',
        '    }',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_192'], docs: WAF_DOCS },
  },
  (acl, ctx) => {
    const rules = wafRules(acl, ctx);
    if (rules === 'hidden') return hiddenUntilApply('rule');
    if (rules === 'json')
      return hiddenUntilApply('The rule group list in rule_json');
    for (const rule of rules) {
      const group = blocks(
        blocks(rule.statement)[0]?.managed_rule_group_statement,
      )[0];
      if (!group || group.name !== BAD_INPUTS) continue;
      if (countsOnly(group, 'Log4JRCE'))
        return fail(
          `rule ${String(
            rule.name,
          )} only counts Log4JRCE (excluded_rule or rule_action_override); let it block.`,
        );
      const override = blocks(rule.override_action)[0];
      if (override && blocks(override.count).length > 0)
        return fail(
          `rule ${String(
            rule.name,
          )} has override_action count: the group only counts; use none.`,
        );
      return pass(`rule ${String(rule.name)} applies ${BAD_INPUTS}.`);
    }
    return fail(`No rule applies the ${BAD_INPUTS} managed rule group.`);
  },
);

export const wafRuleActions = resourceRule(
  {
    id: 'GW-AWS-133',
    title: 'Every WAF rule has an action',
    severity: 'low',
    resourceTypes: WAF,
    rationale:
      'A rule needs an action (or, for a rule group, an override action) to do anything; a rule without ' +
      'one is a sign of a half-written ACL.',
    remediation: {
      text: 'Give each rule an action block (allow, block, count, captcha, challenge) or, for rule groups, override_action.',
      terraform: hcl(
        'resource "aws_wafv2_web_acl" "edge" {',
        '  # ...',
        '  rule {',
        '    name     = "rate-limit"',
        '    priority = 3',
        '    action {',
        '      block {}',
        '    }',
        '    # statement, visibility_config ...',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_342'], docs: WAF_DOCS },
  },
  (acl, ctx) => {
    const rules = wafRules(acl, ctx);
    if (rules === 'hidden') return hiddenUntilApply('rule');
    if (rules === 'json') return hiddenUntilApply('The actions in rule_json');
    const hasBlock = (v: unknown) =>
      blocks(v as JsonObject[]).some(b =>
        Object.values(b).some(x => blocks(x).length > 0),
      );
    const bare = rules.find(
      r => !hasBlock(r.action) && !hasBlock(r.override_action),
    );
    return bare
      ? fail(
          `rule ${String(bare.name)} has neither action nor override_action.`,
        )
      : pass('Every rule has an action or override_action.');
  },
);

export const CLOUDFRONT_RULES = [
  cloudfrontHttps,
  cloudfrontTls,
  cloudfrontWaf,
  cloudfrontLogging,
  cloudfrontRootObject,
  cloudfrontOriginFailover,
  wafHasRules,
  wafLog4j,
  wafRuleActions,
];

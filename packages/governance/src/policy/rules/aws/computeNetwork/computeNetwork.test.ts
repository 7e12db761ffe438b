import {
  addressOf,
  planOf,
  ResourceSpec,
} from '../../../../__testUtils__/plans';
import type { JsonObject } from '../../../../plan/types';
import { CHECKOV } from '../../../checkov/catalogue';
import { evaluatePlan } from '../../../evaluate';
import type { Verdict } from '../../../types';
import { AWS_COMPUTE_NETWORK_RULES } from '.';

/** Evaluates the plan and returns one rule's finding on the first resource. */
function finding(
  specs: ResourceSpec[],
  ruleId: string,
  environment = 'prod',
): { verdict: Verdict; message: string } {
  const address = addressOf(specs[0]);
  const f = evaluatePlan(planOf(specs), { environment }).findings.find(
    x => x.ruleId === ruleId && x.address === address,
  );
  if (!f) throw new Error(`no ${ruleId} finding for ${address}`);
  return { verdict: f.verdict, message: f.message };
}

/** [rule, expected verdict, resources (first is judged), message fragment]. */
type Case = [string, Verdict, ResourceSpec | ResourceSpec[], string?];

const ref = (...references: string[]) => ({ references });
const one = (
  type: string,
  after: ResourceSpec['after'],
  extra: Partial<ResourceSpec> = {},
): ResourceSpec => ({
  type,
  after,
  ...extra,
});

const sg = (ingress: JsonObject[], extra: JsonObject = {}) =>
  one('aws_security_group', {
    description: 'web',
    ingress,
    egress: [],
    ...extra,
  });
const world80: JsonObject = {
  cidr_blocks: ['0.0.0.0/0'],
  ipv6_cidr_blocks: [],
  from_port: 80,
  to_port: 80,
  protocol: 'tcp',
  description: 'http',
};
const nacl = (entry: JsonObject) =>
  one('aws_network_acl', {
    ingress: [{ action: 'allow', rule_no: 100, ...entry }],
  });
const naclRule = (entry: JsonObject) =>
  one('aws_network_acl_rule', {
    egress: false,
    rule_action: 'allow',
    rule_number: 100,
    ...entry,
  });
const containers = (defs: JsonObject[], extra: JsonObject = {}) =>
  one('aws_ecs_task_definition', {
    container_definitions: JSON.stringify(defs),
    ...extra,
  });
const wafRule = (
  statement: JsonObject,
  action: JsonObject = {},
): JsonObject => ({
  name: 'r',
  priority: 1,
  statement: [statement],
  action: [],
  override_action: [],
  ...action,
});
const badInputs = (group: JsonObject = {}): JsonObject => ({
  managed_rule_group_statement: [
    {
      name: 'AWSManagedRulesKnownBadInputsRuleSet',
      vendor_name: 'AWS',
      excluded_rule: [],
      rule_action_override: [],
      ...group,
    },
  ],
});
const noneOverride: JsonObject = {
  override_action: [{ none: [{}], count: [] }],
};

const CASES: Case[] = [
  // EC2
  ['GW-AWS-151', 'pass', one('aws_instance', { monitoring: true })],
  [
    'GW-AWS-151',
    'fail',
    one('aws_instance', { monitoring: false }),
    'monitoring',
  ],
  [
    'GW-AWS-152',
    'fail',
    one('aws_instance', { associate_public_ip_address: true }),
    'associate_public_ip_address',
  ],
  [
    'GW-AWS-152',
    'pass',
    one('aws_instance', { associate_public_ip_address: false }),
  ],
  [
    'GW-AWS-152',
    'pass',
    one('aws_instance', {}, { unknown: { associate_public_ip_address: true } }),
    'map_public_ip_on_launch',
  ],
  [
    'GW-AWS-152',
    'unknown',
    one(
      'aws_instance',
      {},
      {
        unknown: { associate_public_ip_address: true },
        config: { associate_public_ip_address: ref('var.public') },
      },
    ),
    'associate_public_ip_address',
  ],
  [
    'GW-AWS-152',
    'fail',
    one('aws_launch_template', {
      network_interfaces: [{ associate_public_ip_address: 'true' }],
    }),
    'network_interfaces[0].associate_public_ip_address',
  ],
  [
    'GW-AWS-152',
    'pass',
    one('aws_launch_template', {
      network_interfaces: [{ associate_public_ip_address: '' }],
    }),
  ],
  [
    'GW-AWS-152',
    'fail',
    one('aws_launch_configuration', { associate_public_ip_address: true }),
    'associate_public_ip_address',
  ],
  [
    'GW-AWS-153',
    'fail',
    one('aws_launch_template', {
      metadata_options: [{ http_put_response_hop_limit: 2 }],
    }),
    'http_put_response_hop_limit',
  ],
  [
    'GW-AWS-153',
    'pass',
    one('aws_launch_template', {
      metadata_options: [{ http_put_response_hop_limit: 1 }],
    }),
  ],
  [
    'GW-AWS-153',
    'pass',
    one(
      'aws_launch_configuration',
      { metadata_options: [{}] },
      {
        unknown: { metadata_options: [{ http_put_response_hop_limit: true }] },
      },
    ),
    'provider default',
  ],
  [
    'GW-AWS-154',
    'fail',
    one('aws_autoscaling_group', { launch_configuration: 'web-lc' }),
    'launch_configuration',
  ],
  [
    'GW-AWS-154',
    'pass',
    one('aws_autoscaling_group', {
      launch_configuration: null,
      launch_template: [{ id: 'lt-1' }],
    }),
  ],
  [
    'GW-AWS-155',
    'pass',
    one('aws_autoscaling_group', {
      tag: [{ key: 'team', value: 'a', propagate_at_launch: true }],
    }),
  ],
  [
    'GW-AWS-155',
    'fail',
    one('aws_autoscaling_group', {
      tag: [{ key: 'team', value: 'a', propagate_at_launch: false }],
    }),
    'propagate_at_launch',
  ],
  [
    'GW-AWS-155',
    'fail',
    one('aws_autoscaling_group', { tag: [] }),
    'tag block',
  ],
  [
    'GW-AWS-156',
    'fail',
    one('aws_subnet', { map_public_ip_on_launch: true }),
    'map_public_ip_on_launch',
  ],
  ['GW-AWS-156', 'pass', one('aws_subnet', { map_public_ip_on_launch: false })],
  [
    'GW-AWS-156',
    'fail',
    one(
      'aws_default_subnet',
      {},
      { unknown: { map_public_ip_on_launch: true } },
    ),
    'provider default',
  ],
  ['GW-AWS-157', 'fail', one('aws_default_vpc', {}), 'aws_default_vpc'],
  [
    'GW-AWS-158',
    'pass',
    one('aws_ebs_encryption_by_default', {}, { unknown: { enabled: true } }),
    'provider default',
  ],
  [
    'GW-AWS-158',
    'fail',
    one('aws_ebs_encryption_by_default', { enabled: false }),
    'enabled',
  ],
  [
    'GW-AWS-159',
    'fail',
    one('aws_ami', {
      ebs_block_device: [
        { device_name: '/dev/xvda', encrypted: false, snapshot_id: '' },
      ],
    }),
    'encrypted',
  ],
  [
    'GW-AWS-159',
    'pass',
    one('aws_ami', {
      ebs_block_device: [{ device_name: '/dev/xvda', encrypted: true }],
    }),
  ],
  [
    'GW-AWS-159',
    'pass',
    one('aws_ami', {
      ebs_block_device: [{ device_name: '/dev/xvda', snapshot_id: 'snap-1' }],
    }),
  ],
  [
    'GW-AWS-165',
    'fail',
    one(
      'aws_ebs_volume',
      { encrypted: true },
      { unknown: { kms_key_id: true } },
    ),
    'kms_key_id',
  ],
  [
    'GW-AWS-165',
    'pass',
    one(
      'aws_ebs_volume',
      { encrypted: true },
      {
        unknown: { kms_key_id: true },
        config: { kms_key_id: ref('aws_kms_key.ebs.arn') },
      },
    ),
  ],
  [
    'GW-AWS-165',
    'fail',
    one(
      'aws_ebs_volume',
      { encrypted: true, kms_key_id: 'arn:aws:kms:eu-west-1:1:key/aws-ebs' },
      { action: 'no-op' },
    ),
    'kms_key_id',
  ],
  // NACLs and security groups
  [
    'GW-AWS-160',
    'fail',
    nacl({
      cidr_block: '0.0.0.0/0',
      from_port: 22,
      to_port: 22,
      protocol: 'tcp',
    }),
    '22 (SSH)',
  ],
  [
    'GW-AWS-160',
    'fail',
    naclRule({
      cidr_block: '0.0.0.0/0',
      from_port: 3389,
      to_port: 3389,
      protocol: '6',
    }),
    '3389 (RDP)',
  ],
  [
    'GW-AWS-160',
    'pass',
    nacl({
      cidr_block: '10.0.0.0/8',
      from_port: 22,
      to_port: 22,
      protocol: 'tcp',
    }),
  ],
  [
    'GW-AWS-160',
    'pass',
    nacl({
      action: 'deny',
      cidr_block: '0.0.0.0/0',
      from_port: 22,
      to_port: 22,
      protocol: 'tcp',
    }),
  ],
  [
    'GW-AWS-160',
    'unknown',
    one(
      'aws_network_acl_rule',
      {
        egress: false,
        rule_action: 'allow',
        from_port: 22,
        to_port: 22,
        protocol: 'tcp',
      },
      {
        unknown: { cidr_block: true },
        config: { cidr_block: ref('var.office') },
      },
    ),
    'source or ports',
  ],
  [
    'GW-AWS-161',
    'fail',
    nacl({
      ipv6_cidr_block: '::/0',
      from_port: 20,
      to_port: 21,
      protocol: 'tcp',
    }),
    '21 (FTP)',
  ],
  [
    'GW-AWS-161',
    'pass',
    nacl({
      cidr_block: '0.0.0.0/0',
      from_port: 443,
      to_port: 443,
      protocol: 'tcp',
    }),
  ],
  [
    'GW-AWS-162',
    'fail',
    naclRule({
      cidr_block: '0.0.0.0/0',
      from_port: 0,
      to_port: 0,
      protocol: '-1',
    }),
    'all ports',
  ],
  [
    'GW-AWS-162',
    'pass',
    naclRule({
      cidr_block: '0.0.0.0/0',
      from_port: 443,
      to_port: 443,
      protocol: 'tcp',
    }),
  ],
  [
    'GW-AWS-162',
    'not-applicable',
    naclRule({
      egress: true,
      cidr_block: '0.0.0.0/0',
      from_port: 0,
      to_port: 0,
      protocol: '-1',
    }),
  ],
  ['GW-AWS-163', 'fail', sg([world80]), 'port 80'],
  ['GW-AWS-163', 'pass', sg([{ ...world80, from_port: 443, to_port: 443 }])],
  [
    'GW-AWS-163',
    'fail',
    one('aws_vpc_security_group_ingress_rule', {
      cidr_ipv4: '0.0.0.0/0',
      ip_protocol: 'tcp',
      from_port: 80,
      to_port: 80,
    }),
    'port 80',
  ],
  [
    'GW-AWS-164',
    'fail',
    sg([], { description: 'Managed by Terraform' }),
    'description',
  ],
  [
    'GW-AWS-164',
    'fail',
    sg([{ ...world80, description: '' }]),
    'ingress[0].description',
  ],
  ['GW-AWS-164', 'pass', sg([world80])],
  [
    'GW-AWS-164',
    'fail',
    one('aws_security_group_rule', { type: 'ingress', description: null }),
    'description',
  ],
  // Load balancing
  [
    'GW-AWS-116',
    'fail',
    one('aws_lb', {
      load_balancer_type: 'application',
      drop_invalid_header_fields: false,
    }),
    'drop_invalid_header_fields',
  ],
  ['GW-AWS-116', 'pass', one('aws_alb', { drop_invalid_header_fields: true })],
  [
    'GW-AWS-116',
    'not-applicable',
    one('aws_lb', { load_balancer_type: 'network' }),
  ],
  [
    'GW-AWS-117',
    'fail',
    one('aws_lb', { enable_deletion_protection: false }),
    'enable_deletion_protection',
  ],
  ['GW-AWS-117', 'pass', one('aws_lb', { enable_deletion_protection: true })],
  [
    'GW-AWS-118',
    'fail',
    one('aws_lb', {
      load_balancer_type: 'network',
      enable_cross_zone_load_balancing: false,
    }),
    'enable_cross_zone_load_balancing',
  ],
  [
    'GW-AWS-118',
    'pass',
    one('aws_lb', {
      load_balancer_type: 'gateway',
      enable_cross_zone_load_balancing: true,
    }),
  ],
  [
    'GW-AWS-118',
    'not-applicable',
    one('aws_lb', { load_balancer_type: 'application' }),
  ],
  [
    'GW-AWS-119',
    'fail',
    one('aws_lb', { desync_mitigation_mode: 'monitor' }),
    'desync_mitigation_mode',
  ],
  [
    'GW-AWS-119',
    'pass',
    one('aws_elb', { desync_mitigation_mode: 'strictest' }),
  ],
  [
    'GW-AWS-119',
    'pass',
    one('aws_lb', {}, { unknown: { desync_mitigation_mode: true } }),
    'provider default',
  ],
  [
    'GW-AWS-120',
    'fail',
    one('aws_lb', { access_logs: [{ bucket: 'logs', enabled: false }] }),
    'access_logs.enabled',
  ],
  [
    'GW-AWS-120',
    'fail',
    one('aws_lb', { access_logs: [] }),
    'access_logs.enabled',
  ],
  [
    'GW-AWS-120',
    'pass',
    one('aws_lb', { access_logs: [{ bucket: 'logs', enabled: true }] }),
  ],
  ['GW-AWS-121', 'fail', one('aws_elb', { access_logs: [] }), 'access_logs'],
  [
    'GW-AWS-121',
    'pass',
    one('aws_elb', { access_logs: [{ bucket: 'logs', interval: 60 }] }),
  ],
  [
    'GW-AWS-121',
    'fail',
    one('aws_elb', { access_logs: [{ bucket: 'logs', enabled: false }] }),
    'access_logs.enabled',
  ],
  [
    'GW-AWS-122',
    'pass',
    one('aws_elb', {}, { unknown: { cross_zone_load_balancing: true } }),
    'provider default',
  ],
  [
    'GW-AWS-122',
    'fail',
    one('aws_elb', { cross_zone_load_balancing: false }),
    'cross_zone_load_balancing',
  ],
  [
    'GW-AWS-123',
    'fail',
    one('aws_elb', {
      listener: [{ lb_protocol: 'https', instance_protocol: 'http' }],
    }),
    'instance_protocol',
  ],
  [
    'GW-AWS-123',
    'pass',
    one('aws_elb', {
      listener: [{ lb_protocol: 'https', instance_protocol: 'https' }],
    }),
  ],
  [
    'GW-AWS-124',
    'fail',
    one('aws_lb_target_group', {
      protocol: 'HTTP',
      health_check: [{ enabled: true, path: '/' }],
    }),
    'health_check',
  ],
  [
    'GW-AWS-124',
    'pass',
    one(
      'aws_lb_target_group',
      { protocol: 'HTTP', health_check: [{ enabled: true, path: '/healthz' }] },
      { config: { health_check: [{ path: { constant_value: '/healthz' } }] } },
    ),
  ],
  [
    'GW-AWS-124',
    'fail',
    one(
      'aws_lb_target_group',
      { protocol: 'HTTPS', health_check: [{ enabled: false }] },
      { config: { health_check: [{ enabled: { constant_value: false } }] } },
    ),
    'health_check.enabled',
  ],
  [
    'GW-AWS-124',
    'not-applicable',
    one('aws_lb_target_group', { protocol: 'TCP' }),
  ],
  // CloudFront and WAF
  [
    'GW-AWS-125',
    'fail',
    one('aws_cloudfront_distribution', {
      default_cache_behavior: [{ viewer_protocol_policy: 'redirect-to-https' }],
      ordered_cache_behavior: [{ viewer_protocol_policy: 'allow-all' }],
    }),
    'ordered_cache_behavior[0].viewer_protocol_policy',
  ],
  [
    'GW-AWS-125',
    'pass',
    one('aws_cloudfront_distribution', {
      default_cache_behavior: [{ viewer_protocol_policy: 'https-only' }],
      ordered_cache_behavior: [],
    }),
  ],
  [
    'GW-AWS-126',
    'fail',
    one('aws_cloudfront_distribution', {
      viewer_certificate: [
        {
          cloudfront_default_certificate: true,
          minimum_protocol_version: 'TLSv1',
        },
      ],
    }),
    'cloudfront_default_certificate',
  ],
  [
    'GW-AWS-126',
    'fail',
    one('aws_cloudfront_distribution', {
      viewer_certificate: [
        {
          cloudfront_default_certificate: false,
          minimum_protocol_version: 'TLSv1.1_2016',
        },
      ],
    }),
    'minimum_protocol_version',
  ],
  [
    'GW-AWS-126',
    'pass',
    one('aws_cloudfront_distribution', {
      viewer_certificate: [
        {
          cloudfront_default_certificate: false,
          minimum_protocol_version: 'TLSv1.2_2021',
        },
      ],
    }),
  ],
  [
    'GW-AWS-127',
    'fail',
    one('aws_cloudfront_distribution', { web_acl_id: null }),
    'web_acl_id',
  ],
  [
    'GW-AWS-127',
    'pass',
    one(
      'aws_cloudfront_distribution',
      {},
      {
        unknown: { web_acl_id: true },
        config: { web_acl_id: ref('aws_wafv2_web_acl.edge.arn') },
      },
    ),
  ],
  [
    'GW-AWS-128',
    'fail',
    one('aws_cloudfront_distribution', { logging_config: [] }),
    'logging_config',
  ],
  [
    'GW-AWS-128',
    'pass',
    one('aws_cloudfront_distribution', {
      logging_config: [{ bucket: 'logs.s3.amazonaws.com' }],
    }),
  ],
  [
    'GW-AWS-129',
    'fail',
    one('aws_cloudfront_distribution', { default_root_object: '' }),
    'default_root_object',
  ],
  [
    'GW-AWS-129',
    'pass',
    one('aws_cloudfront_distribution', { default_root_object: 'index.html' }),
  ],
  [
    'GW-AWS-130',
    'fail',
    one('aws_cloudfront_distribution', { origin_group: [] }),
    'origin_group',
  ],
  [
    'GW-AWS-130',
    'pass',
    one('aws_cloudfront_distribution', { origin_group: [{ origin_id: 'g' }] }),
  ],
  ['GW-AWS-131', 'fail', one('aws_wafv2_web_acl', { rule: [] }), 'rule'],
  [
    'GW-AWS-131',
    'pass',
    one('aws_wafv2_web_acl', {
      rule: [wafRule({ rate_based_statement: [{ limit: 100 }] })],
    }),
  ],
  [
    'GW-AWS-132',
    'pass',
    one('aws_wafv2_web_acl', { rule: [wafRule(badInputs(), noneOverride)] }),
  ],
  [
    'GW-AWS-132',
    'fail',
    one('aws_wafv2_web_acl', {
      rule: [
        wafRule(
          badInputs({ excluded_rule: [{ name: 'Log4JRCE' }] }),
          noneOverride,
        ),
      ],
    }),
    'Log4JRCE',
  ],
  [
    'GW-AWS-132',
    'fail',
    one('aws_wafv2_web_acl', {
      rule: [
        wafRule(
          badInputs({
            rule_action_override: [
              { name: 'Log4JRCE', action_to_use: [{ count: [{}] }] },
            ],
          }),
          noneOverride,
        ),
      ],
    }),
    'Log4JRCE',
  ],
  [
    'GW-AWS-132',
    'fail',
    one('aws_wafv2_web_acl', {
      rule: [
        wafRule(badInputs(), { override_action: [{ none: [], count: [{}] }] }),
      ],
    }),
    'override_action',
  ],
  [
    'GW-AWS-132',
    'fail',
    one('aws_wafv2_web_acl', { rule: [] }),
    'AWSManagedRulesKnownBadInputsRuleSet',
  ],
  [
    'GW-AWS-133',
    'fail',
    one('aws_wafv2_web_acl', {
      rule: [wafRule({ rate_based_statement: [{ limit: 100 }] })],
    }),
    'override_action',
  ],
  [
    'GW-AWS-133',
    'pass',
    one('aws_wafv2_web_acl', {
      rule: [
        wafRule(
          { rate_based_statement: [{ limit: 100 }] },
          { action: [{ block: [{}], allow: [] }] },
        ),
      ],
    }),
  ],
  // API Gateway, ACM, Step Functions
  [
    'GW-AWS-110',
    'fail',
    one('aws_api_gateway_method', {
      http_method: 'GET',
      authorization: 'NONE',
      api_key_required: false,
    }),
    'authorization is NONE',
  ],
  [
    'GW-AWS-110',
    'pass',
    one('aws_api_gateway_method', {
      http_method: 'GET',
      authorization: 'NONE',
      api_key_required: true,
    }),
  ],
  [
    'GW-AWS-110',
    'pass',
    one('aws_api_gateway_method', {
      http_method: 'POST',
      authorization: 'AWS_IAM',
    }),
  ],
  [
    'GW-AWS-110',
    'not-applicable',
    one('aws_api_gateway_method', {
      http_method: 'OPTIONS',
      authorization: 'NONE',
    }),
  ],
  [
    'GW-AWS-111',
    'fail',
    one('aws_api_gateway_stage', { xray_tracing_enabled: false }),
    'xray_tracing_enabled',
  ],
  [
    'GW-AWS-111',
    'pass',
    one('aws_api_gateway_stage', { xray_tracing_enabled: true }),
  ],
  [
    'GW-AWS-112',
    'fail',
    one('aws_apigatewayv2_stage', { access_log_settings: [] }),
    'access_log_settings.destination_arn',
  ],
  [
    'GW-AWS-112',
    'pass',
    one(
      'aws_api_gateway_stage',
      { access_log_settings: [{ format: '{}' }] },
      {
        unknown: { access_log_settings: [{ destination_arn: true }] },
        config: {
          access_log_settings: [
            { destination_arn: ref('aws_cloudwatch_log_group.api.arn') },
          ],
        },
      },
    ),
  ],
  [
    'GW-AWS-113',
    'fail',
    one('aws_acm_certificate', {
      options: [{ certificate_transparency_logging_preference: 'DISABLED' }],
    }),
    'certificate_transparency_logging_preference',
  ],
  [
    'GW-AWS-113',
    'pass',
    one('aws_acm_certificate', {
      options: [{ certificate_transparency_logging_preference: 'ENABLED' }],
    }),
  ],
  [
    'GW-AWS-113',
    'pass',
    one('aws_acm_certificate', {}, { unknown: { options: true } }),
    'provider default',
  ],
  [
    'GW-AWS-114',
    'fail',
    one('aws_sfn_state_machine', {
      tracing_configuration: [{ enabled: false }],
    }),
    'tracing_configuration.enabled',
  ],
  [
    'GW-AWS-114',
    'pass',
    one('aws_sfn_state_machine', {
      tracing_configuration: [{ enabled: true }],
    }),
  ],
  [
    'GW-AWS-115',
    'fail',
    one('aws_sfn_state_machine', {
      logging_configuration: [{ level: 'OFF', include_execution_data: true }],
    }),
    'logging_configuration.level',
  ],
  [
    'GW-AWS-115',
    'fail',
    one('aws_sfn_state_machine', {
      logging_configuration: [{ level: 'ALL', include_execution_data: false }],
    }),
    'include_execution_data',
  ],
  [
    'GW-AWS-115',
    'pass',
    one('aws_sfn_state_machine', {
      logging_configuration: [{ level: 'ERROR', include_execution_data: true }],
    }),
  ],
  // Lambda
  [
    'GW-AWS-101',
    'fail',
    one('aws_lambda_function', { tracing_config: [{ mode: 'PassThrough' }] }),
    'tracing_config.mode',
  ],
  [
    'GW-AWS-101',
    'pass',
    one('aws_lambda_function', { tracing_config: [{ mode: 'Active' }] }),
  ],
  [
    'GW-AWS-101',
    'fail',
    one('aws_lambda_function', { tracing_config: [] }),
    'tracing_config.mode',
  ],
  [
    'GW-AWS-102',
    'fail',
    one('aws_lambda_function', { dead_letter_config: [] }),
    'dead_letter_config',
  ],
  [
    'GW-AWS-102',
    'pass',
    one('aws_lambda_function', {
      dead_letter_config: [{ target_arn: 'arn:aws:sqs:eu-west-1:1:dlq' }],
    }),
  ],
  [
    'GW-AWS-103',
    'fail',
    one('aws_lambda_function', { reserved_concurrent_executions: -1 }),
    'reserved_concurrent_executions',
  ],
  [
    'GW-AWS-103',
    'fail',
    one(
      'aws_lambda_function',
      {},
      { unknown: { reserved_concurrent_executions: true } },
    ),
    'provider default',
  ],
  [
    'GW-AWS-103',
    'pass',
    one('aws_lambda_function', { reserved_concurrent_executions: 20 }),
  ],
  [
    'GW-AWS-104',
    'fail',
    one('aws_lambda_function', {
      environment: [{ variables: { A: '1' } }],
      kms_key_arn: null,
    }),
    'kms_key_arn',
  ],
  [
    'GW-AWS-104',
    'pass',
    one('aws_lambda_function', {
      environment: [{ variables: { A: '1' } }],
      kms_key_arn: 'arn:aws:kms:eu-west-1:1:key/k',
    }),
  ],
  [
    'GW-AWS-104',
    'not-applicable',
    one('aws_lambda_function', { environment: [] }),
  ],
  [
    'GW-AWS-105',
    'fail',
    one('aws_lambda_function', {
      package_type: 'Zip',
      code_signing_config_arn: null,
    }),
    'code_signing_config_arn',
  ],
  [
    'GW-AWS-105',
    'pass',
    one(
      'aws_lambda_function',
      { package_type: 'Zip' },
      {
        unknown: { code_signing_config_arn: true },
        config: {
          code_signing_config_arn: ref(
            'aws_lambda_code_signing_config.release.arn',
          ),
        },
      },
    ),
  ],
  [
    'GW-AWS-105',
    'not-applicable',
    one('aws_lambda_function', { package_type: 'Image' }),
  ],
  [
    'GW-AWS-106',
    'fail',
    one('aws_lambda_function', { runtime: 'python3.8' }),
    'runtime python3.8',
  ],
  ['GW-AWS-106', 'pass', one('aws_lambda_function', { runtime: 'python3.12' })],
  [
    'GW-AWS-106',
    'unknown',
    one(
      'aws_lambda_function',
      {},
      { unknown: { runtime: true }, config: { runtime: ref('var.runtime') } },
    ),
    'runtime',
  ],
  [
    'GW-AWS-107',
    'fail',
    one('aws_lambda_function_url', { authorization_type: 'NONE' }),
    'authorization_type',
  ],
  [
    'GW-AWS-107',
    'pass',
    one('aws_lambda_function_url', { authorization_type: 'AWS_IAM' }),
  ],
  [
    'GW-AWS-108',
    'fail',
    one('aws_lambda_permission', { principal: '*' }),
    'principal',
  ],
  [
    'GW-AWS-108',
    'pass',
    one('aws_lambda_permission', { principal: '111122223333' }),
  ],
  [
    'GW-AWS-109',
    'fail',
    one('aws_lambda_permission', {
      principal: 's3.amazonaws.com',
      source_arn: null,
      source_account: null,
    }),
    'source_arn',
  ],
  [
    'GW-AWS-109',
    'pass',
    one('aws_lambda_permission', {
      principal: 'events.amazonaws.com',
      source_arn: 'arn:aws:events:eu-west-1:1:rule/r',
    }),
  ],
  [
    'GW-AWS-109',
    'not-applicable',
    one('aws_lambda_permission', { principal: '111122223333' }),
  ],
  // CodeBuild
  [
    'GW-AWS-134',
    'fail',
    one('aws_codebuild_project', {
      artifacts: [{ type: 'S3', encryption_disabled: true }],
    }),
    'encryption_disabled',
  ],
  [
    'GW-AWS-134',
    'pass',
    one('aws_codebuild_project', {
      artifacts: [{ type: 'S3', encryption_disabled: false }],
      secondary_artifacts: [],
    }),
  ],
  [
    'GW-AWS-135',
    'fail',
    one('aws_codebuild_project', {
      logs_config: [
        { s3_logs: [{ status: 'ENABLED', encryption_disabled: true }] },
      ],
    }),
    's3_logs.encryption_disabled',
  ],
  [
    'GW-AWS-135',
    'pass',
    one('aws_codebuild_project', {
      logs_config: [
        { s3_logs: [{ status: 'ENABLED', encryption_disabled: false }] },
      ],
    }),
  ],
  [
    'GW-AWS-135',
    'not-applicable',
    one('aws_codebuild_project', { logs_config: [] }),
  ],
  [
    'GW-AWS-136',
    'fail',
    one('aws_codebuild_project', {
      logs_config: [
        {
          cloudwatch_logs: [{ status: 'DISABLED' }],
          s3_logs: [{ status: 'DISABLED' }],
        },
      ],
    }),
    'cloudwatch_logs.status',
  ],
  [
    'GW-AWS-136',
    'pass',
    one('aws_codebuild_project', { logs_config: [] }),
    'provider default',
  ],
  [
    'GW-AWS-136',
    'pass',
    one('aws_codebuild_project', {
      logs_config: [
        {
          cloudwatch_logs: [{ status: 'DISABLED' }],
          s3_logs: [{ status: 'ENABLED' }],
        },
      ],
    }),
  ],
  [
    'GW-AWS-137',
    'fail',
    one('aws_codebuild_project', { environment: [{ privileged_mode: true }] }),
    'privileged_mode',
  ],
  [
    'GW-AWS-137',
    'pass',
    one('aws_codebuild_project', { environment: [{ privileged_mode: false }] }),
  ],
  // ECS, EKS, ECR
  [
    'GW-AWS-138',
    'fail',
    one('aws_ecs_cluster', { setting: [] }),
    'containerInsights',
  ],
  [
    'GW-AWS-138',
    'fail',
    one('aws_ecs_cluster', {
      setting: [{ name: 'containerInsights', value: 'disabled' }],
    }),
    'containerInsights',
  ],
  [
    'GW-AWS-138',
    'pass',
    one('aws_ecs_cluster', {
      setting: [{ name: 'containerInsights', value: 'enhanced' }],
    }),
  ],
  [
    'GW-AWS-139',
    'fail',
    one('aws_ecs_cluster', {
      configuration: [{ execute_command_configuration: [{ logging: 'NONE' }] }],
    }),
    'execute_command_configuration.logging',
  ],
  [
    'GW-AWS-139',
    'pass',
    one('aws_ecs_cluster', { configuration: [] }),
    'DEFAULT',
  ],
  [
    'GW-AWS-140',
    'fail',
    one('aws_ecs_cluster', {
      configuration: [
        {
          execute_command_configuration: [
            { logging: 'DEFAULT', kms_key_id: '' },
          ],
        },
      ],
    }),
    'kms_key_id',
  ],
  [
    'GW-AWS-140',
    'fail',
    one('aws_ecs_cluster', {
      configuration: [
        {
          execute_command_configuration: [
            {
              logging: 'OVERRIDE',
              kms_key_id: 'arn:k',
              log_configuration: [{ cloud_watch_encryption_enabled: false }],
            },
          ],
        },
      ],
    }),
    'cloud_watch_encryption_enabled',
  ],
  [
    'GW-AWS-140',
    'pass',
    one('aws_ecs_cluster', {
      configuration: [
        {
          execute_command_configuration: [
            {
              logging: 'OVERRIDE',
              kms_key_id: 'arn:k',
              log_configuration: [{ cloud_watch_encryption_enabled: true }],
            },
          ],
        },
      ],
    }),
  ],
  [
    'GW-AWS-140',
    'not-applicable',
    one('aws_ecs_cluster', { configuration: [] }),
  ],
  [
    'GW-AWS-141',
    'fail',
    one('aws_ecs_service', {
      launch_type: 'FARGATE',
      platform_version: '1.3.0',
    }),
    'platform_version',
  ],
  [
    'GW-AWS-141',
    'pass',
    one(
      'aws_ecs_service',
      { launch_type: 'FARGATE' },
      { unknown: { platform_version: true } },
    ),
    'provider default',
  ],
  [
    'GW-AWS-141',
    'not-applicable',
    one('aws_ecs_service', { launch_type: 'EC2', platform_version: '1.3.0' }),
  ],
  [
    'GW-AWS-142',
    'fail',
    one('aws_ecs_service', {
      network_configuration: [{ assign_public_ip: true }],
    }),
    'assign_public_ip',
  ],
  [
    'GW-AWS-142',
    'pass',
    one('aws_ecs_service', {
      network_configuration: [{ assign_public_ip: false }],
    }),
  ],
  [
    'GW-AWS-143',
    'fail',
    one('aws_ecs_task_definition', {
      execution_role_arn: 'arn:r',
      task_role_arn: 'arn:r',
    }),
    'task_role_arn',
  ],
  [
    'GW-AWS-143',
    'pass',
    one('aws_ecs_task_definition', {
      execution_role_arn: 'arn:a',
      task_role_arn: 'arn:b',
    }),
  ],
  [
    'GW-AWS-143',
    'fail',
    one(
      'aws_ecs_task_definition',
      {},
      {
        unknown: { execution_role_arn: true, task_role_arn: true },
        config: {
          execution_role_arn: ref('aws_iam_role.app.arn', 'aws_iam_role.app'),
          task_role_arn: ref('aws_iam_role.app.arn', 'aws_iam_role.app'),
        },
      },
    ),
    'aws_iam_role.app.arn',
  ],
  [
    'GW-AWS-143',
    'pass',
    one(
      'aws_ecs_task_definition',
      {},
      {
        unknown: { execution_role_arn: true, task_role_arn: true },
        config: {
          execution_role_arn: ref('aws_iam_role.exec.arn'),
          task_role_arn: ref('aws_iam_role.task.arn'),
        },
      },
    ),
  ],
  [
    'GW-AWS-144',
    'fail',
    containers([{ name: 'app', privileged: true }]),
    'privileged',
  ],
  ['GW-AWS-144', 'pass', containers([{ name: 'app' }])],
  [
    'GW-AWS-144',
    'unknown',
    one(
      'aws_ecs_task_definition',
      {},
      {
        unknown: { container_definitions: true },
        config: { container_definitions: ref('local.defs') },
      },
    ),
    'container_definitions',
  ],
  [
    'GW-AWS-145',
    'fail',
    containers([
      { name: 'app', readonlyRootFilesystem: true },
      { name: 'sidecar' },
    ]),
    'container sidecar',
  ],
  [
    'GW-AWS-145',
    'pass',
    containers([{ name: 'app', readonlyRootFilesystem: true }]),
  ],
  ['GW-AWS-146', 'fail', containers([], { pid_mode: 'host' }), 'pid_mode'],
  ['GW-AWS-146', 'pass', containers([], { pid_mode: null })],
  [
    'GW-AWS-147',
    'fail',
    containers([], {
      volume: [
        {
          name: 'shared',
          efs_volume_configuration: [{ transit_encryption: 'DISABLED' }],
        },
      ],
    }),
    'transit_encryption',
  ],
  [
    'GW-AWS-147',
    'pass',
    containers([], {
      volume: [
        {
          name: 'shared',
          efs_volume_configuration: [{ transit_encryption: 'ENABLED' }],
        },
      ],
    }),
  ],
  ['GW-AWS-147', 'not-applicable', containers([], { volume: [] })],
  [
    'GW-AWS-148',
    'fail',
    one('aws_eks_cluster', { version: '1.27' }),
    'version 1.27',
  ],
  ['GW-AWS-148', 'pass', one('aws_eks_cluster', { version: '1.34' })],
  [
    'GW-AWS-148',
    'pass',
    one('aws_eks_cluster', {}, { unknown: { version: true } }),
    'provider default',
  ],
  [
    'GW-AWS-149',
    'fail',
    one('aws_eks_node_group', {
      remote_access: [{ ec2_ssh_key: 'ops', source_security_group_ids: [] }],
    }),
    'source_security_group_ids',
  ],
  [
    'GW-AWS-149',
    'pass',
    one('aws_eks_node_group', {
      remote_access: [
        { ec2_ssh_key: 'ops', source_security_group_ids: ['sg-1'] },
      ],
    }),
  ],
  ['GW-AWS-149', 'pass', one('aws_eks_node_group', { remote_access: [] })],
  [
    'GW-AWS-150',
    'fail',
    one('aws_ecr_repository_policy', {
      policy: JSON.stringify({
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:*' }],
      }),
    }),
    'Principal',
  ],
  [
    'GW-AWS-150',
    'fail',
    one('aws_ecr_repository_policy', {
      policy: JSON.stringify({
        Statement: {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'ecr:*',
        },
      }),
    }),
    'Principal',
  ],
  [
    'GW-AWS-150',
    'pass',
    one('aws_ecr_repository_policy', {
      policy: JSON.stringify({
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 'ecr:*',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
          },
        ],
      }),
    }),
  ],
  [
    'GW-AWS-150',
    'unknown',
    one(
      'aws_ecr_repository_policy',
      {},
      {
        unknown: { policy: true },
        config: { policy: ref('data.aws_iam_policy_document.p.json') },
      },
    ),
    'policy',
  ],
  [
    'GW-AWS-150',
    'unknown',
    one('aws_ecr_repository_policy', { policy: '{not json' }),
    'not a JSON policy document',
  ],
  [
    'GW-AWS-144',
    'unknown',
    containers([], { container_definitions: '{}' }),
    'not a JSON array',
  ],
  [
    'GW-AWS-148',
    'unknown',
    one('aws_eks_cluster', { version: 'latest' }),
    'not a Kubernetes version',
  ],
];

describe('AWS compute-network rules', () => {
  // Every row gets four values: jest would pass `done` in place of a missing one.
  it.each(
    CASES.map(
      ([id, v, specs, fragment]) => [id, v, specs, fragment ?? ''] as const,
    ),
  )('%s is %s', (ruleId, expected, specs, fragment) => {
    const f = finding(Array.isArray(specs) ? specs : [specs], ruleId);
    expect(f.verdict).toBe(expected);
    // An empty fragment: the row asserts only the verdict.
    expect(f.message).toContain(fragment);
  });

  it('judges a security group with its separate port-80 rule', () => {
    const group = one(
      'aws_security_group',
      { description: 'lb', ingress: [], egress: [] },
      { name: 'lb', unknown: { id: true } },
    );
    const rule = one(
      'aws_vpc_security_group_ingress_rule',
      {
        cidr_ipv4: '0.0.0.0/0',
        ip_protocol: 'tcp',
        from_port: 80,
        to_port: 80,
      },
      {
        name: 'http',
        unknown: { security_group_id: true },
        config: {
          security_group_id: ref(
            'aws_security_group.lb.id',
            'aws_security_group.lb',
          ),
        },
      },
    );
    expect(finding([group, rule], 'GW-AWS-163').verdict).toBe('fail');
    expect(finding([rule, group], 'GW-AWS-163').verdict).toBe('not-applicable');
  });

  it.each(
    AWS_COMPUTE_NETWORK_RULES.filter(r => r.productionOnly).map(r => [
      r.id,
      r.resourceTypes[0],
    ]),
  )('%s is production-only: not-applicable in dev', (ruleId, type) => {
    expect(finding([one(type, {})], ruleId, 'dev').verdict).toBe(
      'not-applicable',
    );
  });

  it('has every rule fully written', () => {
    const ids = new Set(CHECKOV.checks.map(c => c.id));
    const seen = new Set<string>();
    for (const rule of AWS_COMPUTE_NETWORK_RULES) {
      const n = Number(rule.id.replace('GW-AWS-', ''));
      expect(n >= 101 && n <= 199).toBe(true);
      expect(seen.has(rule.id)).toBe(false);
      seen.add(rule.id);
      expect(rule.references.checkov.length).toBeGreaterThan(0);
      for (const id of rule.references.checkov) expect(ids.has(id)).toBe(true);
      expect(rule.rationale.trim().length).toBeGreaterThan(40);
      expect(
        rule.resourceTypes.some(t => rule.remediation.terraform.includes(t)),
      ).toBe(true);
      expect(rule.references.docs.length).toBeGreaterThan(0);
    }
  });

  it('tests every rule of the folder', () => {
    const tested = new Set(CASES.map(c => c[0]));
    expect(
      AWS_COMPUTE_NETWORK_RULES.map(r => r.id).filter(id => !tested.has(id)),
    ).toEqual([]);
  });
});

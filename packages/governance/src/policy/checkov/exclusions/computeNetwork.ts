import type { CoverageExclusion } from './types';

/** Checkov checks in this area that have no Groundwork rule, and why. */
export const EXCLUSIONS: readonly CoverageExclusion[] = [
  {
    checkov: 'CKV_AWS_233',
    reason: 'not-in-plan',
    note:
      'The check reads lifecycle { create_before_destroy } on ACM certificates; the JSON plan’s configuration ' +
      'section does not carry lifecycle blocks, so a plan cannot show it.',
  },
  {
    checkov: 'CKV_AWS_237',
    reason: 'not-in-plan',
    note:
      'The check reads lifecycle { create_before_destroy } on API Gateway REST APIs; the JSON plan’s ' +
      'configuration section does not carry lifecycle blocks, so a plan cannot show it.',
  },
  {
    checkov: 'CKV2_AWS_70',
    reason: 'judged-wrong',
    note:
      'It only fails OPTIONS methods without authorization, but browsers send CORS preflight requests without ' +
      'credentials, so requiring auth there breaks CORS. GW-AWS-110 requires auth on every other method.',
  },
  {
    checkov: 'CKV_AWS_120',
    reason: 'judged-wrong',
    note:
      'Stage caching is a performance and cost choice (a cache cluster is billed by the hour), not a control; ' +
      'many APIs must not cache per-user responses at all.',
  },
  {
    checkov: 'CKV_AWS_216',
    reason: 'judged-wrong',
    note:
      'A disabled distribution serves nothing and exposes nothing; disabling one is the normal first step of ' +
      'retiring it, so it is not a finding.',
  },
  {
    checkov: 'CKV_AWS_374',
    reason: 'out-of-scope',
    note:
      'Geo restriction depends on where a product is sold and on sanctions lists, a business decision for the ' +
      'team; most public sites must serve every country.',
  },
  {
    checkov: 'CKV_AWS_147',
    reason: 'judged-wrong',
    note:
      'CodeBuild always encrypts artifacts (AWS-managed key by default) and GW-AWS-134 fails when encryption is ' +
      'disabled; the pack asks for a customer-managed key only on production-data stores, not on build output.',
  },
  {
    checkov: 'CKV_AWS_136',
    reason: 'judged-wrong',
    note:
      'ECR encrypts every repository at rest with AES-256 by default; images are build output rather than ' +
      'production data, so the pack leaves the choice of a KMS key to the team.',
  },
  {
    checkov: 'CKV_AWS_135',
    reason: 'judged-wrong',
    note:
      'Every current-generation instance type is EBS-optimised whatever ebs_optimized says; the flag only ' +
      'matters for a few previous-generation types, so the check mostly reports false findings.',
  },
  {
    checkov: 'CKV_AWS_117',
    reason: 'judged-wrong',
    note:
      'A function needs a VPC only to reach private resources; attaching every function to a VPC adds NAT ' +
      'cost and cold-start work without making functions that call public AWS APIs any safer.',
  },
  {
    checkov: 'CKV_AWS_382',
    reason: 'judged-wrong',
    note:
      'Unrestricted egress is the AWS default for every security group and what most workloads need (package ' +
      'mirrors, AWS APIs without endpoints); egress filtering belongs to a network firewall design, not a per-group rule.',
  },
];

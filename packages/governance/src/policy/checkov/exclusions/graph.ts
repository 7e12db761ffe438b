import type { CoverageExclusion } from './types';

/** Checkov checks in this area that have no Groundwork rule, and why. */
export const EXCLUSIONS: readonly CoverageExclusion[] = [
  {
    checkov: 'CKV2_AWS_3',
    reason: 'out-of-scope',
    note: 'GuardDuty coverage of every region and member account is an organisation setting (delegated administrator, auto-enable) made in the security account, not in a workload plan.',
  },
  {
    checkov: 'CKV2_AWS_8',
    reason: 'not-in-plan',
    note: 'AWS Backup plans usually select resources by tag from a central account; a workload plan cannot show whether a selection covers the cluster. Cluster backup retention is judged on the cluster itself.',
  },
  {
    checkov: 'CKV2_AWS_16',
    reason: 'judged-wrong',
    note: 'On-demand (PAY_PER_REQUEST) tables scale by themselves and fixed provisioned capacity is a deliberate cost choice; requiring Application Auto Scaling targets on every table fails sound designs.',
  },
  {
    checkov: 'CKV2_AWS_23',
    reason: 'not-in-plan',
    note: 'Whether an A record points at a live resource (dangling DNS) needs the live account: records mostly carry addresses of resources managed in other states.',
  },
  {
    checkov: 'CKV2_AWS_32',
    reason: 'judged-wrong',
    note: 'Security headers are often set by the origin application; requiring a CloudFront response headers policy fails distributions whose origin already sends them.',
  },
  {
    checkov: 'CKV2_AWS_34',
    reason: 'judged-wrong',
    note: 'Checkov fails every String parameter, but plain configuration values (endpoints, flags) are meant to be String; secrets belong in SecureString or Secrets Manager, which the secrets rules judge.',
  },
  {
    checkov: 'CKV2_AWS_35',
    reason: 'judged-wrong',
    note: 'Public subnets route 0.0.0.0/0 to the internet gateway by design; a plan does not say which route tables are meant to be private, so requiring a NAT default route gives false findings.',
  },
  {
    checkov: 'CKV2_AWS_36',
    reason: 'not-in-plan',
    note: 'The check follows SSM parameter values into the URLs of http data sources in HCL; a plan holds only the resolved request, not where its parts came from.',
  },
  {
    checkov: 'CKV2_AWS_42',
    reason: 'judged-wrong',
    note: 'The default *.cloudfront.net certificate is right for distributions served on their CloudFront name; CloudFront itself refuses aliases without a matching custom certificate.',
  },
  {
    checkov: 'CKV2_AWS_47',
    reason: 'out-of-scope',
    note: 'The pack requires a web ACL on public endpoints (GW-AWS-415, GW-AWS-416, GW-AWS-426); which AWS managed rule groups it runs is the security team choice, not a per-resource baseline.',
  },
  {
    checkov: 'CKV2_AWS_76',
    reason: 'out-of-scope',
    note: 'The pack requires a web ACL on public load balancers (GW-AWS-415); which AWS managed rule groups the ACL runs (Log4j is in KnownBadInputs) is the security team choice.',
  },
  {
    checkov: 'CKV2_AWS_77',
    reason: 'out-of-scope',
    note: 'The pack requires a web ACL on REST API stages (GW-AWS-416); which AWS managed rule groups the ACL runs is the security team choice.',
  },
  {
    checkov: 'CKV2_AWS_78',
    reason: 'out-of-scope',
    note: 'The pack requires a web ACL on AppSync APIs (GW-AWS-426); which AWS managed rule groups the ACL runs is the security team choice.',
  },
  {
    checkov: 'CKV2_AWS_51',
    reason: 'judged-wrong',
    note: 'A client certificate towards the backend is one option among private integrations, VPC links and IAM auth; requiring it on every stage fails sound designs.',
  },
  {
    checkov: 'CKV2_AWS_53',
    reason: 'out-of-scope',
    note: 'Request validation at API Gateway is an API design choice; many APIs validate in the backend, and a missing validator is not a security gap by itself.',
  },
  {
    checkov: 'CKV2_AWS_62',
    reason: 'judged-wrong',
    note: 'Event notifications are a feature for workloads that react to uploads; most buckets need none, so requiring them gives a finding on nearly every bucket.',
  },
  {
    checkov: 'CKV2_AWS_71',
    reason: 'judged-wrong',
    note: 'A wildcard certificate for one team domain is a sound choice; the risk is a key shared across teams, which a plan cannot show.',
  },
  {
    checkov: 'CKV2_AWS_73',
    reason: 'judged-wrong',
    note: 'The pack requires SQS encryption at rest (SSE-SQS or KMS); a customer-managed key is a team choice for queues that carry regulated data, not a baseline for every queue.',
  },
  {
    checkov: 'CKV2_AWS_74',
    reason: 'duplicate',
    coveredBy: 'GW-AWS-028',
    note: 'GW-AWS-028 requires a TLS 1.2+ security policy on HTTPS and TLS listeners, which drops the TLS 1.0/1.1, RC4 and 3DES suites this check targets.',
  },
  {
    checkov: 'CKV_AWS_144',
    reason: 'out-of-scope',
    note: 'Cross-region replication doubles storage cost and is a disaster-recovery decision per data set; versioning (GW-AWS-006) is the baseline the pack requires.',
  },
  {
    checkov: 'CKV_AWS_378',
    reason: 'judged-wrong',
    note: 'TLS usually terminates at the load balancer and HTTP to targets inside the VPC is the documented pattern; HTTP listeners facing clients are judged by GW-AWS-414 (redirect to HTTPS).',
  },
];

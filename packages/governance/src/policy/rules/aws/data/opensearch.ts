import type { PlanResource } from '../../../../plan/types';
import { asNumber, asStringList } from '../../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../../types';
import {
  expectTrue,
  fail,
  hiddenUntilApply,
  isFalse,
  isTrue,
  notApplicable,
  pass,
  resourceRule,
} from '../../helpers';
import { awsDoc, flagRule, judgeCmk, knownBlocks } from './support';

/** The same settings exist on the legacy Elasticsearch and the OpenSearch resource. */
const DOMAINS = ['aws_elasticsearch_domain', 'aws_opensearch_domain'];
const DOCS = DOMAINS.map(awsDoc);

const snippet = (...body: string[]) =>
  [
    'resource "aws_opensearch_domain" "search" {',
    '  # ...',
    ...body.map(l => `  ${l}`),
    '}',
  ].join('\n');

export const searchEncryptionAtRest = flagRule(
  {
    id: 'GW-AWS-256',
    title: 'OpenSearch domains encrypt data at rest',
    severity: 'high',
    resourceTypes: DOMAINS,
    rationale:
      'Indices, logs, swap and automated snapshots of a domain are encrypted only with encrypt_at_rest ' +
      'enabled; search indices tend to copy the most sensitive fields of the source data.',
    remediation: {
      text: 'Enable encrypt_at_rest (with a customer-managed kms_key_id).',
      terraform: snippet(
        'encrypt_at_rest {',
        '  enabled    = true',
        '  kms_key_id = aws_kms_key.search.arn',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_5'], docs: DOCS },
  },
  ['encrypt_at_rest', 0, 'enabled'],
  'Encryption at rest',
  false,
);

export const searchNodeToNode = flagRule(
  {
    id: 'GW-AWS-257',
    title: 'OpenSearch domains encrypt node-to-node traffic',
    severity: 'medium',
    resourceTypes: DOMAINS,
    rationale:
      'Shards and queries travel between data nodes; without node-to-node encryption they do so in ' +
      'clear text inside the VPC.',
    remediation: {
      text: 'Enable node_to_node_encryption.',
      terraform: snippet('node_to_node_encryption {', '  enabled = true', '}'),
    },
    references: { checkov: ['CKV_AWS_6'], docs: DOCS },
  },
  ['node_to_node_encryption', 0, 'enabled'],
  'Node-to-node encryption',
  false,
);

/**
 * domain_endpoint_options: when the block is written, its own defaults
 * apply (enforce_https true); when it is left out, the API decides.
 */
function endpointOptions(
  domain: PlanResource,
  ctx: RuleContext,
): { present: boolean } | RuleOutcome {
  const opts = knownBlocks(domain, ctx, 'domain_endpoint_options');
  if (!opts) return hiddenUntilApply('domain_endpoint_options');
  return { present: opts.length > 0 };
}
const isOutcome = (v: object): v is RuleOutcome => 'verdict' in v;

export const searchEnforceHttps = resourceRule(
  {
    id: 'GW-AWS-258',
    title: 'OpenSearch domains accept HTTPS only',
    severity: 'high',
    resourceTypes: DOMAINS,
    rationale:
      'A domain that accepts plain HTTP lets clients send credentials and documents in clear text.',
    remediation: {
      text: 'Set domain_endpoint_options.enforce_https = true.',
      terraform: snippet(
        'domain_endpoint_options {',
        '  enforce_https       = true',
        '  tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_83'], docs: DOCS },
  },
  (domain, ctx) => {
    const opts = endpointOptions(domain, ctx);
    if (isOutcome(opts)) return opts;
    if (!opts.present)
      return fail(
        'domain_endpoint_options is not set: enforce_https is left to the API, which accepts HTTP.',
      );
    return expectTrue(
      ctx,
      domain,
      ['domain_endpoint_options', 0, 'enforce_https'],
      'HTTPS enforcement',
      true,
    );
  },
);

const MODERN_TLS = new Set([
  'Policy-Min-TLS-1-2-2019-07',
  'Policy-Min-TLS-1-2-PFS-2023-10',
]);

export const searchTlsPolicy = resourceRule(
  {
    id: 'GW-AWS-259',
    title: 'OpenSearch domains require TLS 1.2 or later',
    severity: 'medium',
    resourceTypes: DOMAINS,
    rationale:
      'TLS 1.0 and 1.1 have known weaknesses and are refused by current compliance baselines; the ' +
      'policy decides the oldest version a client may negotiate.',
    remediation: {
      text: 'Set domain_endpoint_options.tls_security_policy to Policy-Min-TLS-1-2-PFS-2023-10 (or Policy-Min-TLS-1-2-2019-07).',
      terraform: snippet(
        'domain_endpoint_options {',
        '  enforce_https       = true',
        '  tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_228'], docs: DOCS },
  },
  (domain, ctx) => {
    const opts = endpointOptions(domain, ctx);
    if (isOutcome(opts)) return opts;
    const read = opts.present
      ? ctx.read(domain, ['domain_endpoint_options', 0, 'tls_security_policy'])
      : undefined;
    if (read?.state === 'unknown' && read.configured)
      return hiddenUntilApply('domain_endpoint_options.tls_security_policy');
    const policy = read?.state === 'known' ? read.value : null;
    if (typeof policy === 'string' && MODERN_TLS.has(policy))
      return pass(`tls_security_policy is ${policy}.`);
    return fail(
      policy
        ? `domain_endpoint_options.tls_security_policy is ${String(
            policy,
          )}, which allows TLS 1.0; use Policy-Min-TLS-1-2-PFS-2023-10.`
        : 'domain_endpoint_options.tls_security_policy is not set: older domains default to a policy that allows TLS 1.0; set it explicitly.',
    );
  },
);

export const searchCmk = resourceRule(
  {
    id: 'GW-AWS-260',
    title: 'OpenSearch domains are encrypted with a customer-managed KMS key',
    severity: 'medium',
    resourceTypes: DOMAINS,
    rationale:
      'With a customer-managed key the key policy decides who can read the indices and snapshots, and ' +
      'every use is logged.',
    remediation: {
      text: 'Set encrypt_at_rest.kms_key_id to a customer-managed key at creation.',
      terraform: snippet(
        'encrypt_at_rest {',
        '  enabled    = true',
        '  kms_key_id = aws_kms_key.search.arn',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_247'], docs: DOCS },
  },
  (domain, ctx) => {
    const enabled = ctx.read(domain, ['encrypt_at_rest', 0, 'enabled']);
    if (enabled.state === 'known' && !isTrue(enabled.value))
      return notApplicable(
        'Encryption at rest is off (GW-AWS-256 reports it); a key applies only once it is on.',
      );
    return judgeCmk(
      domain,
      ctx,
      ['encrypt_at_rest', 0, 'kms_key_id'],
      'OpenSearch',
    );
  },
);

export const searchInVpc = resourceRule(
  {
    id: 'GW-AWS-261',
    title: 'OpenSearch domains are deployed in a VPC',
    severity: 'high',
    resourceTypes: DOMAINS,
    rationale:
      'A domain outside a VPC has a public endpoint guarded only by its access policy; inside a VPC ' +
      'it is reachable only through the network the platform controls.',
    remediation: {
      text: 'Add vpc_options with private subnets and security groups (this recreates the domain).',
      terraform: snippet(
        'vpc_options {',
        '  subnet_ids         = aws_subnet.private[*].id',
        '  security_group_ids = [aws_security_group.search.id]',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_137'], docs: DOCS },
  },
  (domain, ctx) => {
    const vpc = knownBlocks(domain, ctx, 'vpc_options');
    if (!vpc) return hiddenUntilApply('vpc_options');
    if (vpc.length === 0)
      return fail('vpc_options is not set: the domain has a public endpoint.');
    const subnets = ctx.read(domain, ['vpc_options', 0, 'subnet_ids']);
    if (subnets.state === 'unknown')
      return subnets.configured
        ? pass('vpc_options places the domain in a VPC.')
        : hiddenUntilApply('vpc_options.subnet_ids');
    return asStringList(subnets.value).length > 0
      ? pass('vpc_options places the domain in a VPC.')
      : fail('vpc_options.subnet_ids is empty: the domain is not in a VPC.');
  },
);

export const searchSecurityGroups = resourceRule(
  {
    id: 'GW-AWS-262',
    title: 'VPC OpenSearch domains name their security groups',
    severity: 'medium',
    resourceTypes: DOMAINS,
    rationale:
      'Without security_group_ids a VPC domain gets the VPC default security group, which is shared ' +
      'with anything else that was not given one and often allows all traffic between its members.',
    remediation: {
      text: 'Set vpc_options.security_group_ids to a dedicated group.',
      terraform: snippet(
        'vpc_options {',
        '  subnet_ids         = aws_subnet.private[*].id',
        '  security_group_ids = [aws_security_group.search.id]',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_248'], docs: DOCS },
  },
  (domain, ctx) => {
    const vpc = knownBlocks(domain, ctx, 'vpc_options');
    if (!vpc) return hiddenUntilApply('vpc_options');
    if (vpc.length === 0)
      return notApplicable(
        'The domain is not in a VPC (GW-AWS-261 reports it).',
      );
    const groups = ctx.read(domain, ['vpc_options', 0, 'security_group_ids']);
    if (groups.state === 'unknown')
      return groups.configured
        ? pass('vpc_options.security_group_ids is set.')
        : fail(
            'vpc_options.security_group_ids is not set: the VPC default security group is used.',
          );
    return asStringList(groups.value).length > 0
      ? pass('vpc_options.security_group_ids is set.')
      : fail(
          'vpc_options.security_group_ids is empty: the VPC default security group is used.',
        );
  },
);

/** The enabled log_publishing_options log types, or an outcome when hidden. */
function publishedLogs(
  domain: PlanResource,
  ctx: RuleContext,
): string[] | RuleOutcome {
  const options = knownBlocks(domain, ctx, 'log_publishing_options');
  if (!options) return hiddenUntilApply('log_publishing_options');
  return options
    .filter(o => !isFalse(o.enabled ?? true))
    .map(o => String(o.log_type));
}

export const searchAuditLogs = resourceRule(
  {
    id: 'GW-AWS-263',
    title: 'OpenSearch domains publish audit logs',
    severity: 'medium',
    resourceTypes: DOMAINS,
    rationale:
      'Audit logs record who searched, read or changed which index; they need fine-grained access ' +
      'control and a log_publishing_options entry for AUDIT_LOGS.',
    remediation: {
      text: 'Add log_publishing_options for AUDIT_LOGS to a CloudWatch log group (with advanced_security_options enabled).',
      terraform: snippet(
        'log_publishing_options {',
        '  log_type                 = "AUDIT_LOGS"',
        '  cloudwatch_log_group_arn = aws_cloudwatch_log_group.search_audit.arn',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_317'], docs: DOCS },
  },
  (domain, ctx) => {
    const logs = publishedLogs(domain, ctx);
    if (!Array.isArray(logs)) return logs;
    return logs.includes('AUDIT_LOGS')
      ? pass('AUDIT_LOGS are published.')
      : fail(
          'log_publishing_options has no enabled AUDIT_LOGS entry: searches and changes are not recorded.',
        );
  },
);

export const searchLogs = resourceRule(
  {
    id: 'GW-AWS-264',
    title: 'OpenSearch domains publish logs to CloudWatch',
    severity: 'low',
    resourceTypes: DOMAINS,
    rationale:
      'Error and slow logs are how a failing or slow cluster is diagnosed; OpenSearch keeps none of ' +
      'them unless log_publishing_options sends them somewhere.',
    remediation: {
      text: 'Add log_publishing_options for ES_APPLICATION_LOGS (and the slow logs) to a CloudWatch log group.',
      terraform: snippet(
        'log_publishing_options {',
        '  log_type                 = "ES_APPLICATION_LOGS"',
        '  cloudwatch_log_group_arn = aws_cloudwatch_log_group.search.arn',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_84'], docs: DOCS },
  },
  (domain, ctx) => {
    const logs = publishedLogs(domain, ctx);
    if (!Array.isArray(logs)) return logs;
    return logs.length > 0
      ? pass(`Published logs: ${logs.join(', ')}.`)
      : fail('log_publishing_options has no enabled entry: no logs are kept.');
  },
);

export const searchHighAvailability = resourceRule(
  {
    id: 'GW-AWS-265',
    title:
      'Production OpenSearch domains have three dedicated masters across zones',
    severity: 'medium',
    resourceTypes: DOMAINS,
    productionOnly: true,
    rationale:
      'Three dedicated master nodes keep a quorum through the loss of one; zone awareness spreads ' +
      'replicas so an AZ outage does not take shards offline.',
    remediation: {
      text: 'Enable dedicated masters (count 3) and zone awareness in cluster_config.',
      terraform: snippet(
        'cluster_config {',
        '  instance_count           = 3',
        '  dedicated_master_enabled = true',
        '  dedicated_master_count   = 3',
        '  zone_awareness_enabled   = true',
        '  zone_awareness_config {',
        '    availability_zone_count = 3',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_318'], docs: DOCS },
  },
  (domain, ctx) => {
    const config = knownBlocks(domain, ctx, 'cluster_config');
    if (!config) return hiddenUntilApply('cluster_config');
    const c = config[0] ?? {};
    const masters =
      c.dedicated_master_enabled === true
        ? asNumber(c.dedicated_master_count) ?? 0
        : 0;
    const problems: string[] = [];
    if (masters < 3)
      problems.push(
        `cluster_config has ${masters} dedicated master(s) (dedicated_master_count needs 3 with dedicated_master_enabled)`,
      );
    if (c.zone_awareness_enabled !== true)
      problems.push('cluster_config.zone_awareness_enabled is not true');
    return problems.length > 0
      ? fail(`${problems.join('; ')}.`)
      : pass('Three or more dedicated masters with zone awareness.');
  },
);

export const SEARCH_RULES = [
  searchEncryptionAtRest,
  searchNodeToNode,
  searchEnforceHttps,
  searchTlsPolicy,
  searchCmk,
  searchInVpc,
  searchSecurityGroups,
  searchAuditLogs,
  searchLogs,
  searchHighAvailability,
];

import type { JsonObject, PlanResource } from '../../../plan/types';
import { blocks } from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import {
  expectTrue,
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
  unknown,
  worstOf,
} from '../helpers';
import {
  firstBlock,
  linked,
  list,
  orphanOutcome,
  policyStatements,
} from './support';

/** Reads a list of nested blocks, or says why it cannot. */
function readBlocks(
  ctx: RuleContext,
  r: PlanResource,
  attribute: string,
): JsonObject[] | RuleOutcome {
  const read = ctx.read(r, [attribute]);
  if (read.state === 'known') return blocks(read.value);
  return read.configured ? hiddenUntilApply(attribute) : [];
}

const isOutcome = (v: JsonObject[] | RuleOutcome): v is RuleOutcome =>
  !Array.isArray(v);

export const asgElbHealthCheck = resourceRule(
  {
    id: 'GW-AWS-425',
    title: 'Auto Scaling groups behind a load balancer use ELB health checks',
    severity: 'low',
    resourceTypes: ['aws_autoscaling_group'],
    rationale:
      'With EC2 health checks, an instance whose application is down but whose VM runs stays ' +
      'in service; the load balancer health check is what replaces it.',
    remediation: {
      text: 'Set health_check_type = "ELB" on groups attached to target groups or classic load balancers.',
      terraform: [
        'resource "aws_autoscaling_group" "web" {',
        '  # ...',
        '  target_group_arns = [aws_lb_target_group.web.arn]',
        '  health_check_type = "ELB"',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_15'],
      docs: [
        'https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-health-checks.html',
      ],
    },
  },
  (asg, ctx) => {
    const attached = ['target_group_arns', 'load_balancers'].some(a => {
      const read = ctx.read(asg, [a]);
      return read.state === 'known'
        ? Array.isArray(read.value) && read.value.length > 0
        : read.configured;
    });
    if (!attached) return notApplicable('Not attached to a load balancer.');
    const type = ctx.read(asg, ['health_check_type']);
    if (type.state === 'known')
      return type.value === 'ELB'
        ? pass('health_check_type is ELB.')
        : fail(`health_check_type is ${String(type.value)}; set it to ELB.`);
    return type.configured
      ? hiddenUntilApply('health_check_type')
      : fail(
          'health_check_type is not set (the provider default is EC2); set it to ELB.',
        );
  },
);

export const appsyncWaf = resourceRule(
  {
    id: 'GW-AWS-426',
    title: 'AppSync GraphQL APIs are protected by a WAF web ACL',
    severity: 'medium',
    resourceTypes: ['aws_appsync_graphql_api'],
    rationale:
      'GraphQL endpoints accept arbitrarily deep and costly queries; a web ACL rate-limits and ' +
      'filters them before they reach resolvers and data sources.',
    remediation: {
      text: 'Associate a WAFv2 web ACL with the API.',
      terraform: [
        'resource "aws_wafv2_web_acl_association" "graphql" {',
        '  resource_arn = aws_appsync_graphql_api.api.arn',
        '  web_acl_arn  = aws_wafv2_web_acl.main.arn',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_33'],
      docs: [
        'https://docs.aws.amazon.com/appsync/latest/devguide/WAF-Integration.html',
      ],
    },
  },
  (api, ctx) => {
    const { found, orphans } = linked(
      ctx,
      api,
      'aws_wafv2_web_acl_association',
      'resource_arn',
    );
    if (found.length > 0) return pass(`Protected by ${found[0].address}.`);
    if (orphans.length > 0)
      return orphanOutcome('web ACL association', orphans);
    return fail('No aws_wafv2_web_acl_association names the API.');
  },
);

export const peeringRoutesNarrow = resourceRule(
  {
    id: 'GW-AWS-427',
    title: 'Routes to a VPC peering connection do not cover all addresses',
    severity: 'medium',
    resourceTypes: ['aws_route_table'],
    rationale:
      'Peering should carry traffic for the peer VPC range only; a 0.0.0.0/0 route through it ' +
      'sends everything to a network another team runs.',
    remediation: {
      text: 'Route only the peer VPC CIDR through the peering connection.',
      terraform: [
        'resource "aws_route_table" "private" {',
        '  vpc_id = aws_vpc.main.id',
        '  route {',
        '    cidr_block                = "10.50.0.0/16" # the peer VPC',
        '    vpc_peering_connection_id = aws_vpc_peering_connection.shared.id',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_44'],
      docs: [
        'https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html',
      ],
    },
  },
  (table, ctx) => {
    const routes = readBlocks(ctx, table, 'route');
    if (isOutcome(routes)) return routes;
    const wide = routes.find(
      r =>
        typeof r.vpc_peering_connection_id === 'string' &&
        r.vpc_peering_connection_id !== '' &&
        (r.cidr_block === '0.0.0.0/0' || r.ipv6_cidr_block === '::/0'),
    );
    return wide
      ? fail(
          `A route sends ${String(
            wide.cidr_block || wide.ipv6_cidr_block,
          )} to the peering connection (vpc_peering_connection_id); route only the peer range.`,
        )
      : pass('No peering route covers all addresses.');
  },
);

export const configRecordsAll = resourceRule(
  {
    id: 'GW-AWS-428',
    title:
      'AWS Config records every supported resource type, global ones included',
    severity: 'medium',
    resourceTypes: ['aws_config_configuration_recorder'],
    rationale:
      'Config is the inventory and change history auditors ask for; a recorder limited to some ' +
      'types, or without IAM (global) resources, leaves the most sensitive changes out.',
    remediation: {
      text: 'Record all supported types, global ones included.',
      terraform: [
        'resource "aws_config_configuration_recorder" "main" {',
        '  role_arn = aws_iam_role.config.arn',
        '  recording_group {',
        '    all_supported                 = true',
        '    include_global_resource_types = true',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_45', 'CKV2_AWS_48'],
      cis: ['CIS AWS Foundations v1.5.0 3.5'],
      docs: [
        'https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html',
      ],
    },
  },
  (recorder, ctx) => {
    const group = readBlocks(ctx, recorder, 'recording_group');
    if (isOutcome(group)) return group;
    const g = group[0] ?? {};
    // all_supported defaults to true; include_global_resource_types to false.
    if (g.all_supported === false)
      return fail(
        'recording_group.all_supported is false: only some types are recorded.',
      );
    if (g.include_global_resource_types !== true)
      return fail(
        'recording_group.include_global_resource_types is not true: IAM changes are not recorded.',
      );
    return pass('All supported types are recorded, global ones included.');
  },
);

const CF = ['aws_cloudfront_distribution'];
const cfDocs =
  'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/';

function judgeOrigins(
  ctx: RuleContext,
  d: PlanResource,
  judge: (origin: JsonObject, i: number) => RuleOutcome | undefined,
  passMessage: string,
): RuleOutcome {
  const origins = readBlocks(ctx, d, 'origin');
  if (isOutcome(origins)) return origins;
  const worst = worstOf(
    origins.map((o, i) => judge(o, i)).filter((o): o is RuleOutcome => !!o),
  );
  return worst ?? pass(passMessage);
}

export const cloudfrontS3OriginAccess = resourceRule(
  {
    id: 'GW-AWS-429',
    title:
      'CloudFront S3 origins use origin access control or an origin access identity',
    severity: 'medium',
    resourceTypes: CF,
    rationale:
      'Without origin access, the bucket behind the distribution has to be readable by anyone, ' +
      'so the CDN can be bypassed along with its WAF, logging and geo rules.',
    remediation: {
      text: 'Give each S3 origin an origin access control and allow only CloudFront in the bucket policy.',
      terraform: [
        'resource "aws_cloudfront_distribution" "site" {',
        '  origin {',
        '    domain_name              = aws_s3_bucket.site.bucket_regional_domain_name',
        '    origin_id                = "site"',
        '    origin_access_control_id = aws_cloudfront_origin_access_control.site.id',
        '  }',
        '  # ...',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_46'],
      docs: [`${cfDocs}private-content-restricting-access-to-s3.html`],
    },
  },
  (d, ctx) =>
    judgeOrigins(
      ctx,
      d,
      (o, i) => {
        const domain = String(o.domain_name ?? '');
        if (
          !/\.s3[.-]/.test(domain) ||
          blocks(o.custom_origin_config ?? null).length > 0
        )
          return undefined;
        const oai = firstBlock(o.s3_origin_config).origin_access_identity;
        if (
          (typeof o.origin_access_control_id === 'string' &&
            o.origin_access_control_id) ||
          (typeof oai === 'string' && oai)
        )
          return undefined;
        return fail(
          `origin[${i}] (${domain}) has neither origin_access_control_id nor s3_origin_config.origin_access_identity.`,
        );
      },
      'Every S3 origin is reached through origin access.',
    ),
);

export const cloudfrontOriginTls = resourceRule(
  {
    id: 'GW-AWS-430',
    title: 'CloudFront custom origins use HTTPS and no SSLv3',
    severity: 'medium',
    resourceTypes: CF,
    rationale:
      'Viewer HTTPS means little if CloudFront fetches from the origin in clear or over SSLv3: ' +
      'the content and any cookies cross the internet readable.',
    remediation: {
      text: 'Set origin_protocol_policy = "https-only" and origin_ssl_protocols = ["TLSv1.2"].',
      terraform: [
        'resource "aws_cloudfront_distribution" "api" {',
        '  origin {',
        '    domain_name = aws_lb.api.dns_name',
        '    origin_id   = "api"',
        '    custom_origin_config {',
        '      http_port              = 80',
        '      https_port             = 443',
        '      origin_protocol_policy = "https-only"',
        '      origin_ssl_protocols   = ["TLSv1.2"]',
        '    }',
        '  }',
        '  # ...',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_72', 'CKV2_AWS_54'],
      docs: [`${cfDocs}using-https-cloudfront-to-custom-origin.html`],
    },
  },
  (d, ctx) =>
    judgeOrigins(
      ctx,
      d,
      (o, i) => {
        const c = blocks(o.custom_origin_config ?? null)[0];
        if (!c) return undefined;
        if (c.origin_protocol_policy !== 'https-only')
          return fail(
            `origin[${i}].custom_origin_config.origin_protocol_policy is ${String(
              c.origin_protocol_policy,
            )}; set it to https-only.`,
          );
        if (list(c.origin_ssl_protocols).includes('SSLv3'))
          return fail(
            `origin[${i}].custom_origin_config.origin_ssl_protocols allows SSLv3.`,
          );
        return undefined;
      },
      'Every custom origin is reached over HTTPS without SSLv3.',
    ),
);

function attributeRule(
  id: string,
  checkov: string,
  type: string,
  title: string,
  severity: 'low' | 'medium' | 'high',
  path: Array<string | number>,
  what: string,
  providerDefault: boolean,
  rationale: string,
  terraform: string,
  doc: string,
  productionOnly = false,
) {
  return resourceRule(
    {
      id,
      title,
      severity,
      resourceTypes: [type],
      rationale,
      remediation: {
        text: `Set ${path
          .filter(p => typeof p === 'string')
          .join('.')} = true.`,
        terraform,
      },
      references: { checkov: [checkov], docs: [doc] },
      productionOnly,
    },
    (r, ctx) => expectTrue(ctx, r, path, what, providerDefault),
  );
}

export const elasticacheFailover = resourceRule(
  {
    id: 'GW-AWS-431',
    title: 'ElastiCache replication groups fail over automatically across AZs',
    severity: 'medium',
    resourceTypes: ['aws_elasticache_replication_group'],
    rationale:
      'Without Multi-AZ automatic failover, losing the primary node or its AZ means a cache ' +
      'outage until someone promotes a replica by hand.',
    remediation: {
      text: 'Set automatic_failover_enabled and multi_az_enabled to true (with at least one replica).',
      terraform: [
        'resource "aws_elasticache_replication_group" "cache" {',
        '  # ...',
        '  num_cache_clusters         = 2',
        '  automatic_failover_enabled = true',
        '  multi_az_enabled           = true',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_50'],
      docs: [
        'https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/AutoFailover.html',
      ],
    },
    productionOnly: true,
  },
  (g, ctx) =>
    worstOf([
      expectTrue(ctx, g, ['automatic_failover_enabled'], 'Automatic failover'),
      expectTrue(ctx, g, ['multi_az_enabled'], 'Multi-AZ'),
    ]) ?? pass('automatic_failover_enabled and multi_az_enabled are true.'),
);

const OPENSEARCH = ['aws_opensearch_domain', 'aws_elasticsearch_domain'];

export const opensearchFineGrained = resourceRule(
  {
    id: 'GW-AWS-432',
    title: 'OpenSearch domains use fine-grained access control',
    severity: 'medium',
    resourceTypes: OPENSEARCH,
    rationale:
      'Fine-grained access control gives index- and document-level permissions and an audit ' +
      'log; without it, anyone the domain policy lets in sees every index.',
    remediation: {
      text: 'Enable advanced_security_options.',
      terraform: [
        'resource "aws_opensearch_domain" "search" {',
        '  # ...',
        '  advanced_security_options {',
        '    enabled                        = true',
        '    internal_user_database_enabled = false',
        '    master_user_options {',
        '      master_user_arn = aws_iam_role.search_admin.arn',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_52'],
      docs: [
        'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html',
      ],
    },
  },
  (d, ctx) =>
    expectTrue(
      ctx,
      d,
      ['advanced_security_options', 0, 'enabled'],
      'Fine-grained access control',
    ),
);

export const opensearchDedicatedMaster = resourceRule(
  {
    id: 'GW-AWS-433',
    title: 'OpenSearch domains run dedicated master nodes',
    severity: 'low',
    resourceTypes: OPENSEARCH,
    rationale:
      'Dedicated masters keep cluster management off the data nodes, so a heavy query or ' +
      'indexing burst does not take the whole domain down.',
    remediation: {
      text: 'Enable dedicated master nodes (three, in production).',
      terraform: [
        'resource "aws_opensearch_domain" "search" {',
        '  cluster_config {',
        '    dedicated_master_enabled = true',
        '    dedicated_master_count   = 3',
        '    dedicated_master_type    = "m6g.large.search"',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_59'],
      docs: [
        'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-dedicatedmasternodes.html',
      ],
    },
    productionOnly: true,
  },
  (d, ctx) =>
    expectTrue(
      ctx,
      d,
      ['cluster_config', 0, 'dedicated_master_enabled'],
      'Dedicated master nodes',
    ),
);

export const emrSecurityConfiguration = resourceRule(
  {
    id: 'GW-AWS-434',
    title: 'EMR clusters use a security configuration',
    severity: 'medium',
    resourceTypes: ['aws_emr_cluster'],
    rationale:
      'The security configuration is where EMR encryption at rest, in transit and Kerberos are ' +
      'set; without one the cluster runs with none of them.',
    remediation: {
      text: 'Create an aws_emr_security_configuration and reference it from the cluster.',
      terraform: [
        'resource "aws_emr_cluster" "this" {',
        '  # ...',
        '  security_configuration = aws_emr_security_configuration.this.name',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_55'],
      docs: [
        'https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-security-configurations.html',
      ],
    },
  },
  (c, ctx) => {
    const read = ctx.read(c, ['security_configuration']);
    if (read.state === 'known')
      return typeof read.value === 'string' && read.value
        ? pass(`security_configuration is ${read.value}.`)
        : fail('security_configuration is not set.');
    return read.configured
      ? pass('security_configuration is set (its name is known after apply).')
      : fail('security_configuration is not set.');
  },
);

export const neptuneDeletionProtection = attributeRule(
  'GW-AWS-435',
  'CKV2_AWS_58',
  'aws_neptune_cluster',
  'Neptune clusters have deletion protection',
  'low',
  ['deletion_protection'],
  'Deletion protection',
  false,
  'A production graph database should survive a mistaken destroy or a renamed resource in ' +
    'a refactor; deletion protection makes that an explicit second step.',
  [
    'resource "aws_neptune_cluster" "graph" {',
    '  # ...',
    '  deletion_protection = true',
    '}',
  ].join('\n'),
  'https://docs.aws.amazon.com/neptune/latest/userguide/manage-console-instances-delete.html',
  true,
);

export const functionUrlCors = resourceRule(
  {
    id: 'GW-AWS-436',
    title: 'Lambda function URLs do not allow every origin with CORS',
    severity: 'medium',
    resourceTypes: ['aws_lambda_function_url'],
    rationale:
      'allow_origins "*" lets any web page call the function from a visitor browser; with ' +
      'credentials or IAM-less auth that is a cross-site request forgery waiting to happen.',
    remediation: {
      text: 'List the origins that may call the function.',
      terraform: [
        'resource "aws_lambda_function_url" "api" {',
        '  function_name      = aws_lambda_function.api.function_name',
        '  authorization_type = "AWS_IAM"',
        '  cors {',
        '    allow_origins = ["https://app.example.com"]',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_75'],
      docs: [
        'https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html#urls-cors',
      ],
    },
  },
  (url, ctx) => {
    const cors = readBlocks(ctx, url, 'cors');
    if (isOutcome(cors)) return cors;
    if (cors.length === 0)
      return pass(
        'No CORS configuration: browsers get no cross-origin access.',
      );
    return list(cors[0].allow_origins).includes('*')
      ? fail('cors.allow_origins includes "*"; list the allowed origins.')
      : pass('cors.allow_origins names specific origins.');
  },
);

const PUBLIC_GRANTEE =
  /^https?:\/\/acs\.amazonaws\.com\/groups\/global\/AuthenticatedUsers$/;

export const bucketAclAuthenticatedUsers = resourceRule(
  {
    id: 'GW-AWS-437',
    title: 'S3 bucket ACLs grant nothing to all authenticated AWS users',
    severity: 'high',
    resourceTypes: ['aws_s3_bucket_acl'],
    rationale:
      'AuthenticatedUsers means any AWS account in the world, not your users: a grant to it ' +
      'is public access with one extra step.',
    remediation: {
      text: 'Use the private ACL (or disable ACLs with BucketOwnerEnforced).',
      terraform: [
        'resource "aws_s3_bucket_acl" "this" {',
        '  bucket = aws_s3_bucket.this.id',
        '  acl    = "private"',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_43'],
      docs: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html',
      ],
    },
  },
  (acl, ctx) => {
    if (ctx.plan.relations.targets(acl, 'bucket').length > 0)
      return notApplicable(
        'Judged with its bucket by GW-AWS-008 (public ACLs).',
      );
    if (acl.after?.acl === 'authenticated-read')
      return fail(
        'acl is authenticated-read: every AWS account can read the bucket.',
      );
    const policy = firstBlock(acl.after?.access_control_policy);
    const grant = blocks(policy.grant ?? null).find(g =>
      PUBLIC_GRANTEE.test(String(firstBlock(g.grantee).uri ?? '')),
    );
    return grant
      ? fail(
          `access_control_policy grants ${String(
            grant.permission,
          )} to AuthenticatedUsers.`,
        )
      : pass('No grant to AuthenticatedUsers.');
  },
);

/** A statement that lets anyone in: Allow to "*" (or AWS "*") without a condition. */
function isPublicStatement(s: JsonObject): boolean {
  if (s.Effect !== 'Allow' || s.Condition !== undefined) return false;
  const p = s.Principal;
  if (p === '*') return true;
  const aws =
    p && typeof p === 'object' && !Array.isArray(p) ? p.AWS : undefined;
  return list(aws).includes('*');
}

export const publicPolicyBlocked = resourceRule(
  {
    id: 'GW-AWS-438',
    title:
      'S3 bucket policies that allow everyone are held back by the bucket public access block',
    severity: 'critical',
    resourceTypes: ['aws_s3_bucket_policy'],
    rationale:
      'A statement with Principal "*" and no condition publishes the bucket; the public access ' +
      'block tied to the same bucket is what stops it (restrict_public_buckets) or rejects it ' +
      '(block_public_policy). The two are separate resources, so only their link shows the risk.',
    remediation: {
      text: 'Narrow the principal (or add a condition such as aws:SourceArn for CloudFront) and keep a public access block with every flag on.',
      terraform: [
        'resource "aws_s3_bucket_policy" "site" {',
        '  bucket = aws_s3_bucket.site.id',
        '  policy = data.aws_iam_policy_document.cloudfront_only.json # Principal cloudfront.amazonaws.com + aws:SourceArn',
        '}',
      ].join('\n'),
    },
    references: {
      docs: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
      ],
    },
  },
  (policy, ctx) => {
    const doc = ctx.read(policy, ['policy']);
    if (doc.state !== 'known') return hiddenUntilApply('policy');
    const statements = policyStatements(doc.value);
    if (!statements)
      return fail('policy is not valid JSON and could not be checked.');
    if (!statements.some(isPublicStatement))
      return pass('No statement allows everyone without a condition.');
    const buckets = ctx.plan.relations.targets(policy, 'bucket');
    if (buckets.length === 0)
      return unknown(
        'A statement allows Principal "*" without a condition, and bucket could not be tied to a bucket of the plan to find its public access block.',
      );
    const guards = ctx.plan.relations.liveReferrers(
      buckets[0],
      'aws_s3_bucket_public_access_block',
      'bucket',
    );
    const guard = guards.find(
      b =>
        b.after?.restrict_public_buckets === true ||
        b.after?.block_public_policy === true,
    );
    if (guard)
      return pass(
        `A statement allows Principal "*", but ${guard.address} blocks public bucket policies (block_public_policy / restrict_public_buckets).`,
      );
    return fail(
      `A statement allows Principal "*" without a condition and ${buckets[0].address} has no public access block with block_public_policy or restrict_public_buckets: the bucket is public.`,
    );
  },
);

import type { PlanResource } from '../../../plan/types';
import { blocks } from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
  unknown,
} from '../helpers';
import { linked, orphanOutcome, targetsOf } from './support';

export const secretRotates = resourceRule(
  {
    id: 'GW-AWS-419',
    title: 'Secrets Manager secrets rotate automatically',
    severity: 'medium',
    resourceTypes: ['aws_secretsmanager_secret'],
    rationale:
      'A secret that never changes stays valid in every log, laptop and former colleague that ' +
      'ever saw it; rotation bounds how long a leak is useful.',
    remediation: {
      text: 'Add a rotation schedule with a rotation Lambda (or a managed rotation).',
      terraform: [
        'resource "aws_secretsmanager_secret_rotation" "db" {',
        '  secret_id           = aws_secretsmanager_secret.db.id',
        '  rotation_lambda_arn = aws_lambda_function.rotate.arn',
        '  rotation_rules {',
        '    automatically_after_days = 30',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_57'],
      docs: [
        'https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html',
      ],
    },
  },
  (secret, ctx) => {
    const { found, orphans } = linked(
      ctx,
      secret,
      'aws_secretsmanager_secret_rotation',
      'secret_id',
    );
    if (found.length > 0) return pass(`Rotated by ${found[0].address}.`);
    if (orphans.length > 0) return orphanOutcome('rotation', orphans);
    return fail('No aws_secretsmanager_secret_rotation names the secret.');
  },
);

/** A zone without a vpc block is public. */
function isPublicZone(
  zone: PlanResource,
  ctx: RuleContext,
): boolean | undefined {
  const vpc = ctx.read(zone, ['vpc']);
  if (vpc.state === 'known') return blocks(vpc.value).length === 0;
  return vpc.configured ? undefined : true;
}

function zoneRule(
  id: string,
  checkov: string,
  title: string,
  rationale: string,
  linkedType: string,
  attribute: string,
  terraform: string,
  docs: string,
  publicOnly: boolean,
) {
  return resourceRule(
    {
      id,
      title,
      severity: 'low',
      resourceTypes: ['aws_route53_zone'],
      rationale,
      remediation: { text: `Add an ${linkedType} for the zone.`, terraform },
      references: { checkov: [checkov], docs: [docs] },
    },
    (zone, ctx) => {
      if (publicOnly) {
        const isPublic = isPublicZone(zone, ctx);
        if (isPublic === false) return notApplicable('Private hosted zone.');
        if (isPublic === undefined) return hiddenUntilApply('vpc');
      }
      const { found, orphans } = linked(ctx, zone, linkedType, attribute);
      if (found.length > 0) return pass(`Set by ${found[0].address}.`);
      if (orphans.length > 0) return orphanOutcome(linkedType, orphans);
      return fail(`No ${linkedType} names the zone (${attribute}).`);
    },
  );
}

export const zoneDnssec = zoneRule(
  'GW-AWS-420',
  'CKV2_AWS_38',
  'Public Route 53 hosted zones sign with DNSSEC',
  'DNSSEC lets resolvers reject forged answers for the domain, the basis of cache ' +
    'poisoning and some certificate mis-issuance attacks.',
  'aws_route53_hosted_zone_dnssec',
  'hosted_zone_id',
  [
    'resource "aws_route53_hosted_zone_dnssec" "main" {',
    '  hosted_zone_id = aws_route53_zone.main.id',
    '}',
  ].join('\n'),
  'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-configuring-dnssec.html',
  true,
);

export const zoneQueryLogging = zoneRule(
  'GW-AWS-421',
  'CKV2_AWS_39',
  'Route 53 hosted zones log DNS queries',
  'Query logs show which names are looked up and from where: the trail for subdomain ' +
    'takeover probes and data exfiltration over DNS.',
  'aws_route53_query_log',
  'zone_id',
  [
    'resource "aws_route53_query_log" "main" {',
    '  zone_id                  = aws_route53_zone.main.zone_id',
    '  cloudwatch_log_group_arn = aws_cloudwatch_log_group.dns.arn',
    '}',
  ].join('\n'),
  'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/query-logs.html',
  true,
);

export const trailToCloudWatch = resourceRule(
  {
    id: 'GW-AWS-422',
    title: 'CloudTrail trails deliver to CloudWatch Logs',
    severity: 'medium',
    resourceTypes: ['aws_cloudtrail'],
    rationale:
      'Metric filters and alarms on API activity (root logins, policy changes) need the trail ' +
      'in CloudWatch Logs; S3 alone is an archive nobody watches.',
    remediation: {
      text: 'Set cloud_watch_logs_group_arn and cloud_watch_logs_role_arn on the trail.',
      terraform: [
        'resource "aws_cloudtrail" "main" {',
        '  name                       = "main"',
        '  s3_bucket_name             = aws_s3_bucket.trail.id',
        '  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"',
        '  cloud_watch_logs_role_arn  = aws_iam_role.trail.arn',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_10'],
      cis: ['CIS AWS Foundations v1.5.0 3.4'],
      docs: [
        'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html',
      ],
    },
  },
  (trail, ctx) => {
    const read = ctx.read(trail, ['cloud_watch_logs_group_arn']);
    if (read.state === 'known')
      return typeof read.value === 'string' && read.value
        ? pass('cloud_watch_logs_group_arn is set.')
        : fail(
            'cloud_watch_logs_group_arn is not set: the trail does not reach CloudWatch Logs.',
          );
    return read.configured
      ? pass(
          'cloud_watch_logs_group_arn is set (its value is known after apply).',
        )
      : fail(
          'cloud_watch_logs_group_arn is not set: the trail does not reach CloudWatch Logs.',
        );
  },
);

function parameters(group: PlanResource): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of blocks(group.after?.parameter ?? null))
    if (typeof p.name === 'string') out.set(p.name, String(p.value ?? ''));
  return out;
}

/** The parameter group an instance or cluster uses, or why it is not known. */
function groupOf(
  db: PlanResource,
  ctx: RuleContext,
): PlanResource | RuleOutcome | undefined {
  const attribute =
    db.type === 'aws_rds_cluster'
      ? 'db_cluster_parameter_group_name'
      : 'parameter_group_name';
  const t = targetsOf(ctx, db, attribute);
  if (t.kind === 'found') return t.targets[0];
  if (t.kind === 'hidden')
    return hiddenUntilApply(
      `${attribute} (a reference the configuration does not resolve)`,
    );
  if (t.kind === 'outside') {
    const name = String(t.value);
    // The engine's default group is AWS-owned and known; any other is not in the plan.
    return name.startsWith('default.')
      ? undefined
      : unknown(
          `${attribute} names ${name}, a parameter group outside this plan; its parameters cannot be seen.`,
        );
  }
  return undefined;
}

const engineOf = (db: PlanResource) => String(db.after?.engine ?? '');

export const postgresQueryLogging = resourceRule(
  {
    id: 'GW-AWS-423',
    title: 'PostgreSQL databases log statements through their parameter group',
    severity: 'low',
    resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
    rationale:
      'Without log_statement and log_min_duration_statement, PostgreSQL keeps no record of ' +
      'what ran: neither slow queries nor an intruder dumping tables leave a trace.',
    remediation: {
      text: 'Use a parameter group that sets log_statement and log_min_duration_statement.',
      terraform: [
        'resource "aws_db_parameter_group" "pg" {',
        '  name   = "pg16-logging"',
        '  family = "postgres16"',
        '  parameter {',
        '    name  = "log_statement"',
        '    value = "ddl"',
        '  }',
        '  parameter {',
        '    name  = "log_min_duration_statement"',
        '    value = "1000"',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_30', 'CKV2_AWS_27'],
      docs: [
        'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Concepts.PostgreSQL.html',
      ],
    },
  },
  (db, ctx) => {
    if (!/postgres/.test(engineOf(db)))
      return notApplicable('Not a PostgreSQL engine.');
    const group = groupOf(db, ctx);
    if (group && 'verdict' in group) return group;
    if (!group)
      return fail(
        'The database uses the default parameter group: log_statement and log_min_duration_statement are not set.',
      );
    const params = parameters(group);
    const missing = ['log_statement', 'log_min_duration_statement'].filter(
      n => !params.has(n) || params.get(n) === 'none',
    );
    return missing.length === 0
      ? pass(
          `${group.address} sets log_statement and log_min_duration_statement.`,
        )
      : fail(`${group.address} does not set ${missing.join(' and ')}.`);
  },
);

/** The parameter that forces TLS, and the version from which RDS forces it by default. */
function tlsParameter(
  family: string,
): { name: string; defaultOnFrom?: number } | undefined {
  if (/^postgres/.test(family))
    return { name: 'rds.force_ssl', defaultOnFrom: 15 };
  if (/^(mysql|mariadb)/.test(family))
    return { name: 'require_secure_transport' };
  if (/sqlserver/.test(family)) return { name: 'rds.force_ssl' };
  return undefined;
}

export const rdsTlsRequired = resourceRule(
  {
    id: 'GW-AWS-424',
    title: 'RDS instances with a custom parameter group require TLS',
    severity: 'medium',
    resourceTypes: ['aws_db_instance'],
    rationale:
      'RDS accepts clear-text connections unless the parameter group forces TLS; a client ' +
      'with a bad default then sends credentials and rows unencrypted across the VPC.',
    remediation: {
      text: 'Set rds.force_ssl = 1 (PostgreSQL, SQL Server) or require_secure_transport = 1 (MySQL, MariaDB).',
      terraform: [
        'resource "aws_db_parameter_group" "mysql" {',
        '  name   = "mysql8-tls"',
        '  family = "mysql8.0"',
        '  parameter {',
        '    name  = "require_secure_transport"',
        '    value = "1"',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_69'],
      docs: [
        'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html',
        'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.html',
      ],
    },
  },
  (db, ctx) => {
    const group = groupOf(db, ctx);
    if (group && 'verdict' in group) return group;
    if (!group)
      return notApplicable(
        'No custom parameter group: the engine default applies.',
      );
    const family = String(group.after?.family ?? '');
    const tls = tlsParameter(family);
    if (!tls)
      return notApplicable(
        `Family ${family || '(unset)'} has no TLS parameter.`,
      );
    const value = parameters(group).get(tls.name);
    if (value === '1' || value?.toUpperCase() === 'ON')
      return pass(`${group.address} sets ${tls.name} = ${value}.`);
    const version = Number(/(\d+)/.exec(family)?.[1] ?? 0);
    if (
      value === undefined &&
      tls.defaultOnFrom &&
      version >= tls.defaultOnFrom
    )
      return pass(
        `${tls.name} is 1 by default for ${family} (provider default).`,
      );
    return fail(
      `${group.address} (${family}) does not set ${tls.name} to 1${
        value !== undefined ? ` (it is ${value})` : ''
      }.`,
    );
  },
);

import { notApplicable, pass, resourceRule } from '../helpers';
import { money, regionPrices, saving, warnSaving } from './support';

/**
 * Largest RDS size a non-production database needs by default: classes
 * above it (`db.*.xlarge` and up) are flagged outside production, and the
 * saving is the difference to the same family at this size.
 */
export const NON_PRODUCTION_MAX_DB_SIZE = 'large';

/** RDS sizes in order; anything after NON_PRODUCTION_MAX_DB_SIZE is oversized. */
const DB_SIZES = ['micro', 'small', 'medium', 'large', 'xlarge'];

function isAbove(size: string, limit: string): boolean {
  const rank = (s: string) => {
    const i = DB_SIZES.indexOf(s);
    if (i >= 0) return i;
    const n = /^(\d+)xlarge$/.exec(s);
    return n ? DB_SIZES.length - 1 + Number(n[1]) : -1;
  };
  return rank(size) > rank(limit);
}

const ENGINE_FAMILY: Record<string, string> = {
  mysql: 'mysql',
  mariadb: 'mysql',
  postgres: 'postgres',
};

export const oversizedNonProductionDatabase = resourceRule(
  {
    id: 'GW-AWS-456',
    title: `Non-production RDS instances are no larger than db.*.${NON_PRODUCTION_MAX_DB_SIZE}`,
    severity: 'low',
    resourceTypes: ['aws_db_instance'],
    rationale:
      'Development and staging databases rarely need production capacity, and an RDS instance ' +
      'bills every hour whether anyone queries it or not.',
    remediation: {
      text: `Size non-production databases at db.*.${NON_PRODUCTION_MAX_DB_SIZE} or smaller (or make the class a per-environment variable).`,
      terraform: [
        'resource "aws_db_instance" "main" {',
        '  # ...',
        '  instance_class = var.environment == "prod" ? "db.m5.2xlarge" : "db.m5.large"',
        '}',
      ].join('\n'),
    },
    references: {
      docs: [
        'https://aws.amazon.com/rds/postgresql/pricing/',
        'https://aws.amazon.com/rds/mysql/pricing/',
      ],
    },
  },
  (db, ctx) => {
    if (ctx.environment.production)
      return notApplicable('Production databases are sized for production.');
    const cls = db.after?.instance_class;
    if (typeof cls !== 'string')
      return notApplicable('instance_class is only known after apply.');
    const [, family, size] = cls.split('.');
    if (!family || !size || !isAbove(size, NON_PRODUCTION_MAX_DB_SIZE))
      return pass(`${cls} is within db.*.${NON_PRODUCTION_MAX_DB_SIZE}.`);
    const target = `db.${family}.${NON_PRODUCTION_MAX_DB_SIZE}`;
    const what = `instance_class ${cls} is above ${target} in non-production environment ${ctx.environment.name}`;
    const engine = ENGINE_FAMILY[String(db.after?.engine ?? '')];
    const { region, prices, hours } = regionPrices(ctx, db);
    const table = engine ? prices?.rds.instances[engine] : undefined;
    const now = table?.[cls];
    const next = table?.[target];
    if (now === undefined || next === undefined)
      return warnSaving(
        `${what}. No figure: ${
          !engine
            ? `engine ${String(db.after?.engine)} is not in the price table`
            : `${
                now === undefined ? cls : target
              } is not in the price table for ${region}`
        }.`,
      );
    const az = db.after?.multi_az === true ? 2 : 1;
    const monthly = (now - next) * hours * az;
    return warnSaving(
      `${what}: ${target} saves about ${money(monthly)}/month.`,
      saving(
        monthly,
        `(${cls} ${now} − ${target} ${next}) USD/hour × ${hours} h${
          az === 2 ? ' × 2 (Multi-AZ)' : ''
        } in ${region} (${engine})`,
      ),
    );
  },
);

export const logGroupRetention = resourceRule(
  {
    id: 'GW-AWS-457',
    title: 'CloudWatch log groups expire their logs',
    severity: 'low',
    resourceTypes: ['aws_cloudwatch_log_group'],
    rationale:
      'Without retention_in_days, CloudWatch keeps every log line forever and bills it every ' +
      'month: stored logs only ever grow.',
    remediation: {
      text: 'Set retention_in_days to what audits and debugging need (e.g. 30, 90 or 365).',
      terraform: [
        'resource "aws_cloudwatch_log_group" "app" {',
        '  name              = "/app/api"',
        '  retention_in_days = 30',
        '}',
      ].join('\n'),
    },
    references: {
      docs: [
        'https://aws.amazon.com/cloudwatch/pricing/',
        'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention',
      ],
    },
  },
  (group, ctx) => {
    const read = ctx.read(group, ['retention_in_days']);
    if (
      read.state === 'known' &&
      typeof read.value === 'number' &&
      read.value > 0
    )
      return pass(`retention_in_days is ${read.value}.`);
    if (read.state === 'unknown' && read.configured)
      return notApplicable('retention_in_days is only known after apply.');
    const { region, prices } = regionPrices(ctx, group);
    const what = `retention_in_days is ${
      read.state === 'known' ? String(read.value) : 'not set'
    }: logs never expire`;
    if (!prices)
      return warnSaving(`${what}. No figure: no prices for ${region}.`);
    const gb = ctx.usage?.(group)?.storageGb;
    const unit = `${prices.logsStoragePerGbMonth} USD/GB-month stored in ${region}`;
    if (gb === undefined)
      return warnSaving(
        `${what}; every stored GB costs ${unit}. The saving depends on log volume: give storageGb in a usage file for a figure.`,
      );
    const monthly = gb * prices.logsStoragePerGbMonth;
    return warnSaving(
      `${what}; the ${gb} GB stored cost about ${money(
        monthly,
      )}/month, which retention lets expire.`,
      saving(
        monthly,
        `${gb} GB (usage file) × ${unit}; the upper bound of what retention saves`,
      ),
    );
  },
);

export const bucketLifecycle = resourceRule(
  {
    id: 'GW-AWS-458',
    title: 'S3 buckets have a lifecycle configuration',
    severity: 'low',
    resourceTypes: ['aws_s3_bucket'],
    rationale:
      'Without lifecycle rules, old objects, old versions and failed multipart uploads stay in ' +
      'S3 Standard and are billed every month.',
    remediation: {
      text: 'Add lifecycle rules that expire or transition old data and abort incomplete uploads.',
      terraform: [
        'resource "aws_s3_bucket_lifecycle_configuration" "this" {',
        '  bucket = aws_s3_bucket.this.id',
        '  rule {',
        '    id     = "tidy"',
        '    status = "Enabled"',
        '    filter {}',
        '    noncurrent_version_expiration {',
        '      noncurrent_days = 90',
        '    }',
        '    abort_incomplete_multipart_upload {',
        '      days_after_initiation = 7',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV2_AWS_61'],
      docs: [
        'https://aws.amazon.com/s3/pricing/',
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html',
      ],
    },
  },
  (bucket, ctx) => {
    const linked = ctx.plan.relations.liveReferrers(
      bucket,
      'aws_s3_bucket_lifecycle_configuration',
      'bucket',
    );
    if (linked.length > 0)
      return pass(`Lifecycle rules in ${linked[0].address}.`);
    const inline = ctx.read(bucket, ['lifecycle_rule']);
    if (
      inline.state === 'known' &&
      Array.isArray(inline.value) &&
      inline.value.length > 0
    )
      return pass('lifecycle_rule is set on the bucket.');
    const orphans = ctx.plan.relations.liveUnresolved(
      'aws_s3_bucket_lifecycle_configuration',
      'bucket',
    );
    if (orphans.length > 0)
      return pass(
        `No lifecycle configuration is tied to the bucket, but ${orphans[0].address} could not be tied to a bucket and may apply to it.`,
      );
    const { region, prices } = regionPrices(ctx, bucket);
    const basis = prices
      ? ` Objects stay in S3 Standard at ${prices.s3StandardGbMonth} USD/GB-month in ${region}; the saving depends on what can expire.`
      : '';
    return warnSaving(
      `No aws_s3_bucket_lifecycle_configuration names the bucket: nothing ever expires or moves to a cheaper class.${basis}`,
    );
  },
);

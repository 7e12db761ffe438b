/**
 * RDS Extended Support: AWS bills a per-vCPU-hour charge for a MySQL or
 * PostgreSQL major version after its end of standard support, higher from
 * the third year. The dates are AWS's own release calendars:
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.VersionMgmt.html
 * https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html
 * and the prices https://aws.amazon.com/rds/mysql/pricing/ (Extended Support).
 */

interface SupportDates {
  /** First day billed at the year 1–2 rate (UTC). */
  year1: string;
  /** First day billed at the year 3 rate (UTC). */
  year3: string;
}

const CALENDAR: Record<'mysql' | 'postgres', Record<string, SupportDates>> = {
  mysql: {
    '5.7': { year1: '2024-03-01', year3: '2026-03-01' },
    '8.0': { year1: '2026-08-01', year3: '2028-08-01' },
  },
  postgres: {
    '11': { year1: '2024-04-01', year3: '2026-04-01' },
    '12': { year1: '2025-03-01', year3: '2027-03-01' },
    '13': { year1: '2026-03-01', year3: '2028-03-01' },
    '14': { year1: '2027-03-01', year3: '2029-03-01' },
    '15': { year1: '2028-03-01', year3: '2030-03-01' },
    '16': { year1: '2029-03-01', year3: '2031-03-01' },
  },
};

export type ExtendedSupportTier = 'year1-2' | 'year3';

/**
 * The tier an engine version is billed at on `at`, or undefined while it is
 * in standard support (or not an engine with Extended Support: MariaDB).
 */
export function extendedSupportTier(
  engine: string,
  version: string | undefined,
  at: Date,
): { tier: ExtendedSupportTier; major: string } | undefined {
  const family =
    engine === 'mysql' || engine === 'postgres' ? engine : undefined;
  if (!family || !version) return undefined;
  const parts = version.split('.');
  // MySQL majors are two parts (5.7, 8.0); PostgreSQL's one since 10.
  const major = family === 'mysql' ? parts.slice(0, 2).join('.') : parts[0];
  const dates = CALENDAR[family][major];
  if (!dates) return undefined;
  const t = at.getTime();
  if (t >= Date.parse(`${dates.year3}T00:00:00Z`))
    return { tier: 'year3', major };
  if (t >= Date.parse(`${dates.year1}T00:00:00Z`))
    return { tier: 'year1-2', major };
  return undefined;
}

const SIZE_VCPUS: Record<string, number> = {
  micro: 2,
  small: 2,
  medium: 2,
  large: 2,
  xlarge: 4,
  '2xlarge': 8,
  '4xlarge': 16,
  '8xlarge': 32,
  '12xlarge': 48,
  '16xlarge': 64,
  '24xlarge': 96,
  '32xlarge': 128,
};

/** Exceptions to the size rule: the t2 burstables below medium have one vCPU. */
const CLASS_VCPUS: Record<string, number> = {
  'db.t2.micro': 1,
  'db.t2.small': 1,
};

/** vCPUs of an RDS instance class (`db.m6g.xlarge` → 4), when the size says. */
export function rdsVcpus(instanceClass: string): number | undefined {
  const exact = CLASS_VCPUS[instanceClass];
  if (exact !== undefined) return exact;
  const size = instanceClass.split('.')[2];
  return size ? SIZE_VCPUS[size] : undefined;
}

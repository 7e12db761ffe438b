import type { Severity } from '../../types';
import { resourceRule } from '../helpers';
import { judgeSqlFlag, majorVersion, SqlFlagSpec } from './support';

const FLAGS_DOCS = [
  'https://cloud.google.com/sql/docs/postgres/flags',
  'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance',
];

interface FlagRuleInput extends SqlFlagSpec {
  id: string;
  title: string;
  severity: Severity;
  rationale: string;
  checkov: string[];
  cis?: string[];
}

const isOn = (v: string) => v.toLowerCase() === 'on';
const isOff = (v: string) => v.toLowerCase() === 'off';
const ENGINE_EXAMPLE = {
  POSTGRES: 'POSTGRES_16',
  MYSQL: 'MYSQL_8_0',
  SQLSERVER: 'SQLSERVER_2022_STANDARD',
};

/** A rule that holds one database flag of one engine to a value. */
function sqlFlagRule(input: FlagRuleInput) {
  const { id, title, severity, rationale, checkov, cis, ...spec } = input;
  return resourceRule(
    {
      id,
      title,
      severity,
      resourceTypes: ['google_sql_database_instance'],
      rationale,
      remediation: {
        text: `Add a database_flags block with name "${spec.flag}" and value "${spec.expected}" to settings.`,
        terraform: `resource "google_sql_database_instance" "main" {\n  database_version = "${
          ENGINE_EXAMPLE[spec.engine]
        }"\n  # ...\n  settings {\n    tier = "db-custom-2-7680"\n    database_flags {\n      name  = "${
          spec.flag
        }"\n      value = "${spec.expected}"\n    }\n  }\n}`,
      },
      references: { checkov, cis: cis ?? [], docs: FLAGS_DOCS },
    },
    (db, ctx) => judgeSqlFlag(db, ctx, spec),
  );
}

export const mysqlLocalInfileOff = sqlFlagRule({
  id: 'GW-GCP-012',
  title: 'Cloud SQL MySQL instances set local_infile to off',
  severity: 'medium',
  engine: 'MYSQL',
  flag: 'local_infile',
  expected: 'off',
  compliant: isOff,
  // MySQL 8 ships with local_infile off; 5.7 and earlier with it on.
  engineDefault: v => ((majorVersion(v) ?? 0) >= 8 ? 'off' : 'on'),
  rationale:
    'LOAD DATA LOCAL lets a compromised or malicious server read files from the client host; an ' +
    'injection in the application becomes file exfiltration.',
  checkov: ['CKV_GCP_50'],
  cis: ['CIS GCP Foundations v2.0.0 6.1.3'],
});

export const postgresLogConnections = sqlFlagRule({
  id: 'GW-GCP-013',
  title: 'Cloud SQL PostgreSQL instances log connections',
  severity: 'medium',
  engine: 'POSTGRES',
  flag: 'log_connections',
  expected: 'on',
  compliant: isOn,
  engineDefault: () => 'off',
  rationale:
    'Connection attempts are the first trace of credential stuffing and of a leaked password in ' +
    'use; PostgreSQL does not record them unless asked.',
  checkov: ['CKV_GCP_52'],
  cis: ['CIS GCP Foundations v2.0.0 6.2.2'],
});

export const postgresLogDisconnections = sqlFlagRule({
  id: 'GW-GCP-014',
  title: 'Cloud SQL PostgreSQL instances log disconnections',
  severity: 'low',
  engine: 'POSTGRES',
  flag: 'log_disconnections',
  expected: 'on',
  compliant: isOn,
  engineDefault: () => 'off',
  rationale:
    'Disconnection records give each session its length, which an investigation needs to tell a ' +
    'quick probe from a long data pull.',
  checkov: ['CKV_GCP_53'],
  cis: ['CIS GCP Foundations v2.0.0 6.2.3'],
});

const LOGGED_STATEMENTS = ['ddl', 'mod', 'all'];

export const postgresLogStatement = sqlFlagRule({
  id: 'GW-GCP-015',
  title: 'Cloud SQL PostgreSQL instances log schema changes (log_statement)',
  severity: 'low',
  engine: 'POSTGRES',
  flag: 'log_statement',
  expected: 'ddl',
  compliant: v => LOGGED_STATEMENTS.includes(v.toLowerCase()),
  engineDefault: () => 'none',
  rationale:
    'With log_statement = none, a dropped table or altered grant leaves no trace of who ran it; ' +
    'ddl records schema and permission changes at little cost.',
  checkov: ['CKV_GCP_111'],
  cis: ['CIS GCP Foundations v2.0.0 6.2.4'],
});

export const postgresLogMinDuration = sqlFlagRule({
  id: 'GW-GCP-016',
  title: 'Cloud SQL PostgreSQL instances do not log statement text by duration',
  severity: 'low',
  engine: 'POSTGRES',
  flag: 'log_min_duration_statement',
  expected: '-1',
  compliant: v => v.trim() === '-1',
  engineDefault: () => '-1',
  rationale:
    'log_min_duration_statement writes the full text of slow statements, literals included, so ' +
    'personal data and secrets in queries end up in Cloud Logging.',
  checkov: ['CKV_GCP_57'],
  cis: ['CIS GCP Foundations v2.0.0 6.2.7'],
});

export const postgresPgAudit = sqlFlagRule({
  id: 'GW-GCP-017',
  title: 'Cloud SQL PostgreSQL instances enable pgAudit',
  severity: 'medium',
  engine: 'POSTGRES',
  flag: 'cloudsql.enable_pgaudit',
  expected: 'on',
  compliant: isOn,
  engineDefault: () => 'off',
  rationale:
    'pgAudit records who read or changed what, in a form auditors accept; ordinary statement ' +
    'logging does not tie actions to sessions and objects.',
  checkov: ['CKV_GCP_110'],
  cis: ['CIS GCP Foundations v2.0.0 6.2.8'],
});

export const postgresLogLockWaits = sqlFlagRule({
  id: 'GW-GCP-018',
  title: 'Cloud SQL PostgreSQL instances log lock waits',
  severity: 'low',
  engine: 'POSTGRES',
  flag: 'log_lock_waits',
  expected: 'on',
  compliant: isOn,
  engineDefault: () => 'off',
  rationale:
    'Long lock waits are how a stuck migration or a deliberate lock-out shows itself; without ' +
    'the log they look like plain slowness.',
  checkov: ['CKV_GCP_54'],
});

export const postgresLogCheckpoints = sqlFlagRule({
  id: 'GW-GCP-019',
  title: 'Cloud SQL PostgreSQL instances log checkpoints',
  severity: 'low',
  engine: 'POSTGRES',
  flag: 'log_checkpoints',
  expected: 'on',
  compliant: isOn,
  // PostgreSQL 15 turned log_checkpoints on by default.
  engineDefault: v => ((majorVersion(v) ?? 0) >= 15 ? 'on' : 'off'),
  rationale:
    'Checkpoint records explain write stalls and show how long crash recovery would take.',
  checkov: ['CKV_GCP_51'],
});

export const sqlServerCrossDbChainingOff = sqlFlagRule({
  id: 'GW-GCP-020',
  title:
    "Cloud SQL SQL Server instances turn off 'cross db ownership chaining'",
  severity: 'medium',
  engine: 'SQLSERVER',
  flag: 'cross db ownership chaining',
  expected: 'off',
  compliant: isOff,
  engineDefault: () => 'off',
  rationale:
    'Ownership chaining across databases lets a user of one database reach objects in another ' +
    'without a permission check there.',
  checkov: ['CKV_GCP_58'],
  cis: ['CIS GCP Foundations v2.0.0 6.3.2'],
});

export const sqlServerContainedAuthOff = sqlFlagRule({
  id: 'GW-GCP-021',
  title:
    "Cloud SQL SQL Server instances turn off 'contained database authentication'",
  severity: 'medium',
  engine: 'SQLSERVER',
  flag: 'contained database authentication',
  expected: 'off',
  compliant: isOff,
  engineDefault: () => 'off',
  rationale:
    'Contained databases carry their own users, which bypass the server logins and their ' +
    'password policy, and travel with the database to wherever it is restored.',
  checkov: ['CKV_GCP_59'],
  cis: ['CIS GCP Foundations v2.0.0 6.3.7'],
});

/** PostgreSQL severities, most verbose first. */
const PG_LEVELS = [
  'debug5',
  'debug4',
  'debug3',
  'debug2',
  'debug1',
  'info',
  'notice',
  'warning',
  'error',
  'log',
  'fatal',
  'panic',
];
/** True when `value` logs messages of `level` (is that level or more verbose). */
const logsAtLeast = (level: string) => (value: string) => {
  const at = PG_LEVELS.indexOf(value.toLowerCase());
  return at >= 0 && at <= PG_LEVELS.indexOf(level);
};

export const postgresLogMinMessages = sqlFlagRule({
  id: 'GW-GCP-066',
  title: 'Cloud SQL PostgreSQL instances log warnings (log_min_messages)',
  severity: 'low',
  engine: 'POSTGRES',
  flag: 'log_min_messages',
  expected: 'warning',
  compliant: logsAtLeast('warning'),
  engineDefault: () => 'warning',
  rationale:
    'Set above warning, the server log drops the warnings that precede most failures and many ' +
    'attacks, such as repeated permission errors.',
  checkov: ['CKV_GCP_55'],
  cis: ['CIS GCP Foundations v2.0.0 6.2.5'],
});

export const postgresLogMinErrorStatement = sqlFlagRule({
  id: 'GW-GCP-067',
  title:
    'Cloud SQL PostgreSQL instances log statements that fail with an error',
  severity: 'low',
  engine: 'POSTGRES',
  flag: 'log_min_error_statement',
  expected: 'error',
  compliant: logsAtLeast('error'),
  engineDefault: () => 'error',
  rationale:
    'The text of failing statements is how SQL injection probing shows up; set above error, those ' +
    'statements are not logged.',
  checkov: ['CKV_GCP_109'],
  cis: ['CIS GCP Foundations v2.0.0 6.2.6'],
});

export const postgresLogHostname = sqlFlagRule({
  id: 'GW-GCP-068',
  title: 'Cloud SQL PostgreSQL instances log client host names',
  severity: 'low',
  engine: 'POSTGRES',
  flag: 'log_hostname',
  expected: 'on',
  compliant: isOn,
  engineDefault: () => 'off',
  rationale:
    'Host names in connection logs tell an investigator which workload connected without a ' +
    'separate IP-to-host lookup that may no longer be possible.',
  checkov: ['CKV_GCP_108'],
});

export const postgresLogTempFiles = sqlFlagRule({
  id: 'GW-GCP-069',
  title: 'Cloud SQL PostgreSQL instances log every temporary file',
  severity: 'low',
  engine: 'POSTGRES',
  flag: 'log_temp_files',
  expected: '0',
  compliant: v => v.trim() === '0',
  engineDefault: () => '-1',
  rationale:
    'Temporary files reveal queries that spill to disk, often bulk reads; logging them all ' +
    '(threshold 0) shows both performance problems and unusual data pulls.',
  checkov: ['CKV_GCP_56'],
});

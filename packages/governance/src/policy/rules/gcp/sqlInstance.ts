import {
  expectAttribute,
  expectTrue,
  fail,
  hiddenUntilApply,
  isFalse,
  notApplicable,
  pass,
  resourceRule,
} from '../helpers';

const SQL = ['google_sql_database_instance'];
const SQL_DOCS =
  'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance';

/** Modes that refuse unencrypted connections. */
const TLS_ONLY = ['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'];

export const cloudSqlRequireTls = resourceRule(
  {
    id: 'GW-GCP-009',
    title: 'Cloud SQL instances refuse unencrypted connections',
    severity: 'high',
    resourceTypes: SQL,
    rationale:
      'Without an SSL mode that refuses plaintext, clients may send credentials and query results ' +
      'unencrypted across the network, and nothing on the server side notices.',
    remediation: {
      text: 'Set settings.ip_configuration.ssl_mode to ENCRYPTED_ONLY (or TRUSTED_CLIENT_CERTIFICATE_REQUIRED to also require client certificates).',
      terraform:
        'resource "google_sql_database_instance" "main" {\n  # ...\n  settings {\n    tier = "db-custom-2-7680"\n    ip_configuration {\n      ipv4_enabled    = false\n      private_network = google_compute_network.main.id\n      ssl_mode        = "ENCRYPTED_ONLY"\n    }\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_6'],
      cis: ['CIS GCP Foundations v2.0.0 6.4'],
      docs: [SQL_DOCS],
    },
  },
  (db, ctx) => {
    const mode = ctx.read(db, [
      'settings',
      0,
      'ip_configuration',
      0,
      'ssl_mode',
    ]);
    if (mode.state === 'known' && typeof mode.value === 'string') {
      return TLS_ONLY.includes(mode.value)
        ? pass(`settings.ip_configuration.ssl_mode is ${mode.value}.`)
        : fail(
            `settings.ip_configuration.ssl_mode is ${mode.value}; set it to ENCRYPTED_ONLY.`,
          );
    }
    if (mode.state === 'unknown' && mode.configured)
      return hiddenUntilApply('settings.ip_configuration.ssl_mode');
    // Provider v5 still accepts require_ssl (removed in v6).
    const legacy = ctx.read(db, [
      'settings',
      0,
      'ip_configuration',
      0,
      'require_ssl',
    ]);
    if (legacy.state === 'known' && legacy.value === true)
      return pass('settings.ip_configuration.require_ssl is true.');
    return fail(
      'settings.ip_configuration.ssl_mode is not set, so the API default ALLOW_UNENCRYPTED_AND_ENCRYPTED applies; set it to ENCRYPTED_ONLY.',
    );
  },
);

export const cloudSqlNoPublicIp = resourceRule(
  {
    id: 'GW-GCP-010',
    title: 'Cloud SQL instances have no public IPv4 address',
    severity: 'high',
    resourceTypes: SQL,
    rationale:
      'A public IP makes the database reachable from the internet, leaving authorized networks and ' +
      'passwords as the only guard. Private IP with the Auth Proxy keeps it inside the VPC.',
    remediation: {
      text: 'Set settings.ip_configuration.ipv4_enabled = false and attach a private_network.',
      terraform:
        'resource "google_sql_database_instance" "main" {\n  # ...\n  settings {\n    tier = "db-custom-2-7680"\n    ip_configuration {\n      ipv4_enabled    = false\n      private_network = google_compute_network.main.id\n    }\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_60'],
      cis: ['CIS GCP Foundations v2.0.0 6.6'],
      docs: [SQL_DOCS],
    },
  },
  (db, ctx) =>
    expectAttribute(
      ctx,
      db,
      ['settings', 0, 'ip_configuration', 0, 'ipv4_enabled'],
      {
        label: 'settings.ip_configuration.ipv4_enabled',
        compliant: isFalse,
        passMessage: 'settings.ip_configuration.ipv4_enabled is false',
        failMessage:
          'settings.ip_configuration.ipv4_enabled is true: the instance has a public IP',
        providerDefault: true,
      },
    ),
);

export const cloudSqlBackups = resourceRule(
  {
    id: 'GW-GCP-011',
    title: 'Cloud SQL instances take automated backups',
    severity: 'medium',
    resourceTypes: SQL,
    productionOnly: true,
    rationale:
      'Without automated backups a dropped table or a bad migration can only be undone from ' +
      'whatever export someone remembered to take.',
    remediation: {
      text: 'Enable settings.backup_configuration (with point-in-time recovery for PostgreSQL or binary logs for MySQL).',
      terraform:
        'resource "google_sql_database_instance" "main" {\n  # ...\n  settings {\n    tier = "db-custom-2-7680"\n    backup_configuration {\n      enabled                        = true\n      point_in_time_recovery_enabled = true\n    }\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_14'],
      cis: ['CIS GCP Foundations v2.0.0 6.7'],
      docs: [SQL_DOCS],
    },
  },
  (db, ctx) => {
    const primary = ctx.read(db, ['master_instance_name']);
    const replica =
      primary.state === 'unknown'
        ? primary.configured
        : typeof primary.value === 'string' && primary.value !== '';
    if (replica)
      return notApplicable(
        'A read replica: backups are taken on its primary instance.',
      );
    return expectTrue(
      ctx,
      db,
      ['settings', 0, 'backup_configuration', 0, 'enabled'],
      'Automated backups',
    );
  },
);

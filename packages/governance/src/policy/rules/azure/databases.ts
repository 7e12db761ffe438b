import type { PlanResource } from '../../../plan/types';
import type { RuleContext, RuleOutcome } from '../../types';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
} from '../helpers';
import { docsOf, expectFlag, expectOneOf } from './support';

const MSSQL = ['azurerm_mssql_server'];
/** Single servers (retired by Azure, still in many plans) and their successors. */
const PG_MYSQL_SINGLE = ['azurerm_postgresql_server', 'azurerm_mysql_server'];
const PG_MYSQL_DOCS = [
  docsOf('azurerm_postgresql_server'),
  docsOf('azurerm_mysql_server'),
];

export const mssqlPublicNetworkAccess = resourceRule(
  {
    id: 'GW-AZ-040',
    title: 'Azure SQL servers disable public network access',
    severity: 'high',
    resourceTypes: MSSQL,
    rationale:
      'With the public endpoint on, one permissive firewall rule exposes every database on the ' +
      'server to the internet; private endpoints keep it inside the network.',
    remediation: {
      text: 'Set public_network_access_enabled = false and connect through a private endpoint.',
      terraform:
        'resource "azurerm_mssql_server" "main" {\n  # ...\n  public_network_access_enabled = false\n}',
    },
    references: {
      checkov: ['CKV_AZURE_113'],
      docs: [docsOf('azurerm_mssql_server')],
    },
  },
  (sql, ctx) =>
    expectFlag(ctx, sql, ['public_network_access_enabled'], {
      want: false,
      byDefault: true,
      good: 'The server has no public endpoint',
      bad: 'The server is reachable from public networks',
    }),
);

export const mssqlMinTls = resourceRule(
  {
    id: 'GW-AZ-041',
    title: 'Azure SQL servers require TLS 1.2',
    severity: 'medium',
    resourceTypes: MSSQL,
    rationale:
      'Older TLS versions have known weaknesses; "Disabled" accepts any version the client offers.',
    remediation: {
      text: 'Set minimum_tls_version = "1.2" (the default).',
      terraform:
        'resource "azurerm_mssql_server" "main" {\n  # ...\n  minimum_tls_version = "1.2"\n}',
    },
    references: {
      checkov: ['CKV_AZURE_52'],
      docs: [docsOf('azurerm_mssql_server')],
    },
  },
  (sql, ctx) =>
    expectOneOf(ctx, sql, ['minimum_tls_version'], {
      allowed: ['1.2', '1.3'],
      byDefault: '1.2',
      good: 'Clients must use TLS 1.2 or newer',
      bad: 'Clients may use TLS older than 1.2',
    }),
);

export const mssqlAuditToMonitor = resourceRule(
  {
    id: 'GW-AZ-042',
    title: 'SQL database audit logs reach Azure Monitor',
    severity: 'medium',
    resourceTypes: [
      'azurerm_mssql_database_extended_auditing_policy',
      'azurerm_mssql_server_extended_auditing_policy',
    ],
    rationale:
      'Audit records kept only in a storage account are rarely read; sending them to Azure Monitor ' +
      'puts them where alerts and investigations look.',
    remediation: {
      text: 'Leave log_monitoring_enabled = true (the default) and add a diagnostic setting for the SQLSecurityAuditEvents category.',
      terraform:
        'resource "azurerm_mssql_database_extended_auditing_policy" "main" {\n  database_id            = azurerm_mssql_database.main.id\n  log_monitoring_enabled = true\n}',
    },
    references: {
      checkov: ['CKV_AZURE_156'],
      docs: [docsOf('azurerm_mssql_database_extended_auditing_policy')],
    },
  },
  (policy, ctx) =>
    expectFlag(ctx, policy, ['log_monitoring_enabled'], {
      want: true,
      byDefault: true,
      good: 'Audit logs go to Azure Monitor',
      bad: 'Audit logs do not reach Azure Monitor',
    }),
);

export const pgMysqlSslEnforced = resourceRule(
  {
    id: 'GW-AZ-043',
    title: 'PostgreSQL and MySQL servers enforce SSL connections',
    severity: 'high',
    resourceTypes: PG_MYSQL_SINGLE,
    rationale:
      'Without SSL enforcement clients may connect in clear text, sending passwords and query ' +
      'results readable on the network.',
    remediation: {
      text: 'Set ssl_enforcement_enabled = true.',
      terraform:
        'resource "azurerm_postgresql_server" "main" {\n  # ...\n  ssl_enforcement_enabled          = true\n  ssl_minimal_tls_version_enforced = "TLS1_2"\n}',
    },
    references: {
      checkov: ['CKV_AZURE_29', 'CKV_AZURE_28'],
      cis: [
        'CIS Azure Foundations v2.0.0 4.3.1',
        'CIS Azure Foundations v2.0.0 4.4.1',
      ],
      docs: PG_MYSQL_DOCS,
    },
  },
  (db, ctx) =>
    expectFlag(ctx, db, ['ssl_enforcement_enabled'], {
      want: true,
      good: 'Only SSL connections are accepted',
      bad: 'Clear-text connections are accepted',
    }),
);

export const pgMysqlMinTls = resourceRule(
  {
    id: 'GW-AZ-044',
    title: 'PostgreSQL and MySQL servers require TLS 1.2',
    severity: 'medium',
    resourceTypes: PG_MYSQL_SINGLE,
    rationale:
      'TLS 1.0 and 1.1 have known weaknesses; the server should refuse them.',
    remediation: {
      text: 'Set ssl_minimal_tls_version_enforced = "TLS1_2".',
      terraform:
        'resource "azurerm_mysql_server" "main" {\n  # ...\n  ssl_enforcement_enabled          = true\n  ssl_minimal_tls_version_enforced = "TLS1_2"\n}',
    },
    references: {
      checkov: ['CKV_AZURE_147', 'CKV_AZURE_54'],
      docs: PG_MYSQL_DOCS,
    },
  },
  (db, ctx) =>
    expectOneOf(ctx, db, ['ssl_minimal_tls_version_enforced'], {
      allowed: ['TLS1_2', 'TLS1_3'],
      byDefault: 'TLS1_2',
      good: 'Clients must use TLS 1.2 or newer',
      bad: 'Clients may use TLS older than 1.2',
    }),
);

export const pgMysqlPublicNetworkAccess = resourceRule(
  {
    id: 'GW-AZ-045',
    title: 'PostgreSQL and MySQL servers disable public network access',
    severity: 'high',
    resourceTypes: PG_MYSQL_SINGLE,
    rationale:
      'A public endpoint leaves only firewall rules and the password between the internet and the database.',
    remediation: {
      text: 'Set public_network_access_enabled = false and connect through a private endpoint.',
      terraform:
        'resource "azurerm_postgresql_server" "main" {\n  # ...\n  public_network_access_enabled = false\n}',
    },
    references: {
      checkov: ['CKV_AZURE_68', 'CKV_AZURE_53'],
      docs: PG_MYSQL_DOCS,
    },
  },
  (db, ctx) =>
    expectFlag(ctx, db, ['public_network_access_enabled'], {
      want: false,
      byDefault: true,
      good: 'The server has no public endpoint',
      bad: 'The server is reachable from public networks',
    }),
);

export const pgMysqlGeoBackup = resourceRule(
  {
    id: 'GW-AZ-046',
    title: 'Production PostgreSQL and MySQL backups are geo-redundant',
    severity: 'medium',
    resourceTypes: [
      'azurerm_postgresql_server',
      'azurerm_postgresql_flexible_server',
      'azurerm_mysql_server',
      'azurerm_mysql_flexible_server',
    ],
    productionOnly: true,
    rationale:
      'Locally redundant backups are lost with the region; geo-redundant backups allow a restore ' +
      'elsewhere, and the choice can only be made when the server is created.',
    remediation: {
      text: 'Set geo_redundant_backup_enabled = true.',
      terraform:
        'resource "azurerm_postgresql_flexible_server" "main" {\n  # ...\n  geo_redundant_backup_enabled = true\n}',
    },
    references: {
      checkov: ['CKV_AZURE_102', 'CKV_AZURE_136', 'CKV_AZURE_94'],
      docs: [
        docsOf('azurerm_postgresql_flexible_server'),
        docsOf('azurerm_mysql_flexible_server'),
      ],
    },
  },
  (db, ctx) =>
    expectFlag(ctx, db, ['geo_redundant_backup_enabled'], {
      want: true,
      byDefault: false,
      good: 'Backups are copied to the paired region',
      bad: 'Backups stay in one region',
    }),
);

/** Judges one named server parameter of an azurerm_postgresql_configuration. */
function parameterOn(
  names: readonly string[],
): (cfg: PlanResource, ctx: RuleContext) => RuleOutcome {
  return (cfg, ctx) => {
    const name = ctx.read(cfg, ['name']);
    if (name.state === 'unknown') return hiddenUntilApply('name');
    const param = String(name.value ?? '');
    if (!names.includes(param))
      return notApplicable(
        `The parameter ${param} is not one this rule judges.`,
      );
    const value = ctx.read(cfg, ['value']);
    if (value.state === 'unknown') return hiddenUntilApply('value');
    return String(value.value ?? '').toLowerCase() === 'on'
      ? pass(`${param} is on (value = "on")`)
      : fail(`${param} is "${String(value.value)}": set value = "on"`);
  };
}

export const pgConnectionThrottling = resourceRule(
  {
    id: 'GW-AZ-047',
    title: 'PostgreSQL connection throttling stays on',
    severity: 'medium',
    resourceTypes: ['azurerm_postgresql_configuration'],
    rationale:
      'Connection throttling slows repeated failed logins, which blunts password guessing and ' +
      'keeps a connection storm from exhausting the server.',
    remediation: {
      text: 'Set the connection_throttling parameter to "on".',
      terraform:
        'resource "azurerm_postgresql_configuration" "throttling" {\n  name                = "connection_throttling"\n  resource_group_name = azurerm_resource_group.main.name\n  server_name         = azurerm_postgresql_server.main.name\n  value               = "on"\n}',
    },
    references: {
      checkov: ['CKV_AZURE_32'],
      cis: ['CIS Azure Foundations v2.0.0 4.3.5'],
      docs: [docsOf('azurerm_postgresql_configuration')],
    },
  },
  parameterOn(['connection_throttling']),
);

export const pgLogParameters = resourceRule(
  {
    id: 'GW-AZ-048',
    title: 'PostgreSQL connection and checkpoint logging stays on',
    severity: 'medium',
    resourceTypes: ['azurerm_postgresql_configuration'],
    rationale:
      'Connection and checkpoint logs show who connected and how the server behaved before an ' +
      'incident; turning them off removes the trail.',
    remediation: {
      text: 'Set log_checkpoints, log_connections and log_retention to "on".',
      terraform:
        'resource "azurerm_postgresql_configuration" "log_connections" {\n  name                = "log_connections"\n  resource_group_name = azurerm_resource_group.main.name\n  server_name         = azurerm_postgresql_server.main.name\n  value               = "on"\n}',
    },
    references: {
      checkov: ['CKV_AZURE_30', 'CKV_AZURE_31', 'CKV_AZURE_146'],
      cis: [
        'CIS Azure Foundations v2.0.0 4.3.2',
        'CIS Azure Foundations v2.0.0 4.3.3',
      ],
      docs: [docsOf('azurerm_postgresql_configuration')],
    },
  },
  parameterOn(['log_checkpoints', 'log_connections', 'log_retention']),
);

export const pgMysqlInfrastructureEncryption = resourceRule(
  {
    id: 'GW-AZ-049',
    title: 'PostgreSQL and MySQL servers use infrastructure double encryption',
    severity: 'low',
    resourceTypes: PG_MYSQL_SINGLE,
    rationale:
      'A second layer of encryption with a different key protects the data if one algorithm or ' +
      'key is compromised; it can only be chosen at creation.',
    remediation: {
      text: 'Set infrastructure_encryption_enabled = true when creating the server.',
      terraform:
        'resource "azurerm_postgresql_server" "main" {\n  # ...\n  infrastructure_encryption_enabled = true\n}',
    },
    references: {
      checkov: ['CKV_AZURE_130', 'CKV_AZURE_96'],
      cis: ['CIS Azure Foundations v2.0.0 4.3.8'],
      docs: PG_MYSQL_DOCS,
    },
  },
  (db, ctx) =>
    expectFlag(ctx, db, ['infrastructure_encryption_enabled'], {
      want: true,
      byDefault: false,
      good: 'Data is encrypted twice',
      bad: 'Infrastructure double encryption is off',
    }),
);

export const pgMysqlThreatDetection = resourceRule(
  {
    id: 'GW-AZ-050',
    title: 'PostgreSQL and MySQL servers have threat detection on',
    severity: 'medium',
    resourceTypes: PG_MYSQL_SINGLE,
    rationale:
      'Threat detection alerts on SQL injection, unusual logins and brute force, which otherwise ' +
      'go unnoticed in the database logs.',
    remediation: {
      text: 'Add threat_detection_policy with enabled = true.',
      terraform:
        'resource "azurerm_postgresql_server" "main" {\n  # ...\n  threat_detection_policy {\n    enabled              = true\n    email_account_admins = true\n  }\n}',
    },
    references: {
      checkov: ['CKV_AZURE_128', 'CKV_AZURE_127'],
      docs: PG_MYSQL_DOCS,
    },
  },
  (db, ctx) =>
    expectFlag(ctx, db, ['threat_detection_policy', 0, 'enabled'], {
      want: true,
      byDefault: false,
      good: 'Threat detection is on',
      bad: 'Threat detection is off',
    }),
);

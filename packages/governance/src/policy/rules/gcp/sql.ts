import { asStringList, blocks } from '../../../plan/values';
import { fail, hiddenUntilApply, pass, resourceRule, warn } from '../helpers';

export const cloudSqlPublicNetwork = resourceRule(
  {
    id: 'GW-GCP-008',
    title: 'Cloud SQL instances are not open to 0.0.0.0/0',
    severity: 'critical',
    resourceTypes: ['google_sql_database_instance'],
    rationale:
      'An authorized network of 0.0.0.0/0 lets the whole internet reach the database port.',
    remediation: {
      text: 'Use private IP (ipv4_enabled = false) and the Cloud SQL Auth Proxy.',
      terraform:
        'resource "google_sql_database_instance" "main" {\n  # ...\n  settings {\n    tier = "db-custom-2-7680"\n    ip_configuration {\n      ipv4_enabled    = false\n      private_network = google_compute_network.main.id\n    }\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_11'],
      cis: ['CIS GCP Foundations v2.0.0 6.5'],
    },
  },
  (db, ctx) => {
    const read = ctx.read(db, ['settings', 0, 'ip_configuration']);
    if (read.state === 'unknown')
      return hiddenUntilApply('settings.ip_configuration');
    const ip = blocks(read.value)[0];
    const publicIp = ip?.ipv4_enabled !== false;
    if (!publicIp) return pass('Private IP only.');
    const open = blocks(ip?.authorized_networks).filter(n =>
      asStringList(n.value).includes('0.0.0.0/0'),
    );
    if (open.length > 0) return fail('An authorized network is 0.0.0.0/0.');
    return warn(
      'The instance has a public IP; prefer private IP with the Auth Proxy.',
    );
  },
);

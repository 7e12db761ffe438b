import type { PlanResource } from '../../../plan/types';
import type { RuleContext, RuleOutcome } from '../../types';
import { fail, hiddenUntilApply, pass, resourceRule } from '../helpers';
import { IngressRule, judgeIngress } from '../network';
import { firewallIngress } from './compute';

const FIREWALL = ['google_compute_firewall'];
const FIREWALL_DOCS =
  'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_firewall';

interface Service {
  port: number;
  name: string;
}

/** The services among `services` an ingress permission opens. */
function opened(rule: IngressRule, services: readonly Service[]): string[] {
  return services
    .filter(
      ({ port }) =>
        rule.allProtocols ||
        rule.ranges.some(([from, to]) => from <= port && port <= to),
    )
    .map(({ port, name }) => `port ${port} (${name})`);
}

/** Fails a firewall rule that opens any of `services` to any address. */
function closedToInternet(services: readonly Service[]) {
  return (fw: PlanResource, ctx: RuleContext): RuleOutcome => {
    const rules = firewallIngress(fw, ctx);
    if (rules === 'disabled') return pass('The firewall rule is disabled.');
    if (rules === 'hidden') return hiddenUntilApply('source_ranges');
    const verdict = judgeIngress(rules, r => {
      const ports = opened(r, services);
      return ports.length > 0 ? ports.join(', ') : undefined;
    });
    if (verdict.kind === 'open') return fail(`${verdict.detail}.`);
    if (verdict.kind === 'hidden')
      return hiddenUntilApply(`The source or ports of ${verdict.detail}`);
    return pass(
      `No ${services.map(s => s.port).join('/')} port is open to the internet.`,
    );
  };
}

const DATABASE_PORTS: readonly Service[] = [
  { port: 3306, name: 'MySQL' },
  { port: 5432, name: 'PostgreSQL' },
  { port: 1433, name: 'SQL Server' },
  { port: 6379, name: 'Redis' },
  { port: 27017, name: 'MongoDB' },
];

export const gcpFirewallDatabasePorts = resourceRule(
  {
    id: 'GW-GCP-042',
    title: 'Firewall rules do not open database ports to the internet',
    severity: 'critical',
    resourceTypes: FIREWALL,
    rationale:
      'Database ports on the internet are scanned within minutes of opening; a weak password or an ' +
      'unpatched server is then all that stands between the data and anyone.',
    remediation: {
      text: 'Limit source_ranges to the application subnets, or reach the database over private IP.',
      terraform:
        'resource "google_compute_firewall" "mysql_from_app" {\n  name          = "allow-mysql-from-app"\n  network       = google_compute_network.main.id\n  source_ranges = ["10.20.0.0/16"]\n  allow {\n    protocol = "tcp"\n    ports    = ["3306"]\n  }\n}',
    },
    references: { checkov: ['CKV_GCP_88'], docs: [FIREWALL_DOCS] },
  },
  closedToInternet(DATABASE_PORTS),
);

export const gcpFirewallFtp = resourceRule(
  {
    id: 'GW-GCP-043',
    title: 'Firewall rules do not open FTP to the internet',
    severity: 'high',
    resourceTypes: FIREWALL,
    rationale:
      'FTP sends credentials and files in clear text and its servers are a common foothold; open to ' +
      'the internet it invites both sniffing and brute force.',
    remediation: {
      text: 'Remove ports 20 and 21 from rules with source 0.0.0.0/0; use SFTP through IAP or signed Cloud Storage URLs.',
      terraform:
        'resource "google_compute_firewall" "sftp_iap" {\n  name          = "allow-ssh-from-iap"\n  network       = google_compute_network.main.id\n  source_ranges = ["35.235.240.0/20"]\n  allow {\n    protocol = "tcp"\n    ports    = ["22"]\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_75', 'CKV_GCP_77'],
      docs: [FIREWALL_DOCS],
    },
  },
  closedToInternet([
    { port: 20, name: 'FTP data' },
    { port: 21, name: 'FTP' },
  ]),
);

export const gcpFirewallHttp = resourceRule(
  {
    id: 'GW-GCP-044',
    title: 'Firewall rules do not open plain HTTP on VMs to the internet',
    severity: 'medium',
    resourceTypes: FIREWALL,
    rationale:
      'Port 80 open to the world serves unencrypted traffic straight from the VM; public web ' +
      "traffic belongs behind a load balancer, whose health checks and proxies come from Google's ranges.",
    remediation: {
      text: 'Serve through an external HTTPS load balancer and allow port 80 only from its ranges (35.191.0.0/16, 130.211.0.0/22).',
      terraform:
        'resource "google_compute_firewall" "http_from_lb" {\n  name          = "allow-http-from-lb"\n  network       = google_compute_network.main.id\n  source_ranges = ["35.191.0.0/16", "130.211.0.0/22"]\n  allow {\n    protocol = "tcp"\n    ports    = ["80"]\n  }\n}',
    },
    references: { checkov: ['CKV_GCP_106'], docs: [FIREWALL_DOCS] },
  },
  closedToInternet([{ port: 80, name: 'HTTP' }]),
);

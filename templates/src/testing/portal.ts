import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { listModules, moduleVersion } from '@groundwork/terraform-modules';

/**
 * The test portal the template tests (dry runs here) and the journeys
 * (packages/journeys, real actions) share: the templates, the portal's
 * environments and its module factory settings.
 */

// eslint-disable-next-line no-restricted-syntax
export const TEMPLATES_DIR = path.resolve(__dirname, '..', '..');

export const TEMPLATE_NAMES = [
  'new-service',
  'promote-service',
  'service-teardown',
  'environment',
  'employee-onboarding',
  'employee-offboarding',
  'publish-module',
  'register-component',
];

export function loadTemplate(name: string): any {
  return yaml.parse(
    fs.readFileSync(path.join(TEMPLATES_DIR, name, 'template.yaml'), 'utf8'),
  );
}

/** A template's folder as the dry-run endpoint takes it (what the editor uploads). */
export function directoryContents(name: string) {
  const root = path.join(TEMPLATES_DIR, name);
  const out: Array<{ path: string; base64Content: string }> = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), {
      withFileTypes: true,
    })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else
        out.push({
          path: p,
          base64Content: fs.readFileSync(path.join(root, p)).toString('base64'),
        });
    }
  };
  walk('');
  return out;
}

/** The central Argo CD's own IAM role, which new EKS clusters grant access. */
export const CENTRAL_ARGOCD_ROLE =
  'arn:aws:iam::999999999999:role/argocd-central';

/**
 * groundwork.environments of the test portal. Delivery: dev, prod and azdev
 * join a central Argo CD; staging and lab run their own (in-cluster).
 */
export const ENVIRONMENTS = [
  {
    name: 'dev',
    title: 'Development',
    dnsZone: 'dev.example.com',
    monthlyBudget: 500,
    delivery: { mode: 'central', awsRoleArn: CENTRAL_ARGOCD_ROLE },
    cloud: { provider: 'aws', account: '111111111111', region: 'us-east-1' },
  },
  {
    name: 'staging',
    title: 'Staging',
    dnsZone: 'staging.example.com',
    monthlyBudget: 1000,
    delivery: { mode: 'in-cluster' },
    cloud: { provider: 'aws', account: '222222222222', region: 'eu-west-1' },
  },
  {
    name: 'prod',
    title: 'Production',
    dnsZone: 'example.com',
    production: true,
    monthlyBudget: 5000,
    argocdInstance: 'prod',
    delivery: { mode: 'central', awsRoleArn: CENTRAL_ARGOCD_ROLE },
    cloud: { provider: 'aws', account: '333333333333', region: 'us-east-1' },
  },
  {
    name: 'lab',
    title: 'GCP lab',
    dnsZone: 'lab.example.com',
    monthlyBudget: 300,
    delivery: { mode: 'in-cluster' },
    cloud: {
      provider: 'gcp',
      account: 'acme-lab',
      region: 'europe-west1',
      billingAccount: '01ABCD-23EF45-6789AB',
    },
  },
  {
    name: 'azdev',
    title: 'Azure dev',
    dnsZone: 'azdev.example.com',
    monthlyBudget: 300,
    delivery: {
      mode: 'central',
      azureIdentity: {
        clientId: '00000000-0000-0000-0000-0000000a7c0d',
        principalId: '00000000-0000-0000-0000-0000000a7c0e',
        tenantId: '00000000-0000-0000-0000-000000000001',
      },
    },
    cloud: {
      provider: 'azure',
      account: '00000000-0000-0000-0000-00000000d001',
      region: 'westeurope',
    },
  },
];

export const TEST_CONFIG = {
  backend: { baseUrl: 'http://localhost:7007' },
  // A closed port: GitHub calls fail at once instead of waiting on DNS.
  integrations: {
    github: [
      {
        host: 'github.com',
        apiBaseUrl: 'http://127.0.0.1:9',
        token: 'test-token',
      },
    ],
  },
  groundwork: { currency: 'USD', environments: ENVIRONMENTS },
  moduleFactory: {
    repository: 'https://github.com/acme/terraform-modules',
    versions: Object.fromEntries(listModules().map(m => [m, moduleVersion(m)])),
    teamReviewers: ['platform'],
  },
};

/** The DNS zone the test portal's config gives an environment (groundwork.environments[].dnsZone). */
export function dnsZoneOf(environment: string): string {
  const zone = ENVIRONMENTS.find(e => e.name === environment)?.dnsZone;
  if (!zone)
    throw new Error(`The test portal gives ${environment} no DNS zone`);
  return zone;
}

import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';

// Test helper: the fixture sits beside the sources.
// eslint-disable-next-line no-restricted-syntax
const fixture = path.join(__dirname, '..', '__fixtures__', 'key-module');

/** The key-module fixture as mock-directory content under `prefix`. */
export function keyModuleFiles(prefix = 'module'): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(fixture, rel), {
      withFileTypes: true,
    })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else
        out[`${prefix}/${p}`] = fs.readFileSync(path.join(fixture, p), 'utf8');
    }
  };
  walk('');
  return out;
}

/** groundwork.environments as the demo portal declares them. */
export const environmentsConfig = new ConfigReader({
  groundwork: {
    currency: 'USD',
    environments: [
      {
        name: 'dev',
        title: 'Development',
        monthlyBudget: 500,
        dnsZone: 'dev.example.com',
        cloud: {
          provider: 'aws',
          account: '111111111111',
          region: 'us-east-1',
        },
      },
      {
        name: 'staging',
        title: 'Staging',
        cloud: {
          provider: 'aws',
          account: '222222222222',
          region: 'us-east-1',
        },
      },
      {
        name: 'prod',
        title: 'Production',
        production: true,
        monthlyBudget: 5000,
        argocdInstance: 'prod',
        delivery: {
          mode: 'central',
          awsRoleArn: 'arn:aws:iam::999999999999:role/argocd-central',
        },
        dnsZone: 'example.com',
        cloud: {
          provider: 'aws',
          account: '333333333333',
          region: 'eu-west-1',
        },
      },
      {
        name: 'lab',
        title: 'Lab',
        monthlyBudget: 100,
        cloud: {
          provider: 'gcp',
          account: 'acme-lab',
          region: 'europe-west1',
          billingAccount: '01ABCD-23EF45-6789AB',
        },
      },
    ],
  },
});

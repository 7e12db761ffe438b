import { WorkloadEnvironment } from '../environments';
import { WorkloadError } from '../workload/errors';

/** The problems a WorkloadError lists when `fn` throws one; [] when it does not. */
export function workloadProblems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof WorkloadError) return [...e.problems];
    throw e;
  }
  return [];
}

export const DEV: WorkloadEnvironment = {
  name: 'dev',
  production: false,
  cloud: { provider: 'aws', account: '111122223333', region: 'eu-west-1' },
  networkCidr: '10.40.0.0/16',
};

export const PROD: WorkloadEnvironment = {
  name: 'prod',
  production: true,
  cloud: { provider: 'aws', account: '444455556666', region: 'eu-central-1' },
};

/** What the new-service template writes for a service with every kind of need. */
export const FULL_WORKLOAD = `apiVersion: score.dev/v1b1
metadata:
  name: payments
containers:
  app:
    image: .
    variables:
      STRIPE_API_KEY: \${resources.stripe-key.value}
      DATABASE_URL: postgres://\${resources.db.username}@\${resources.db.host}:\${resources.db.port}/\${resources.db.name}
      BUCKET_NAME: \${resources.files.name}
      GREETING: hello from \${metadata.name}, costs $5
service:
  ports:
    http:
      port: 80
      targetPort: 8080
resources:
  stripe-key:
    type: secret
  db:
    type: postgres
  files:
    type: s3
  stripe-api:
    type: egress
    params:
      host: api.stripe.com
      port: 443
  ledger:
    type: egress
    params:
      service: ledger
      port: 8080
  metrics:
    type: metrics
  traces:
    type: traces
`;

export const LAB: WorkloadEnvironment = {
  name: 'lab',
  production: false,
  cloud: { provider: 'gcp', account: 'acme-lab', region: 'europe-west1' },
  networkCidr: '10.60.0.0/16',
};

export const AZDEV: WorkloadEnvironment = {
  name: 'azdev',
  production: false,
  cloud: {
    provider: 'azure',
    account: '00000000-0000-0000-0000-00000000d001',
    region: 'westeurope',
  },
  keyVault: 'kv-payments-azdev',
};

/** FULL_WORKLOAD with the bucket of another cloud. */
export const withBucket = (type: 'gcs' | 'azure-blob') =>
  FULL_WORKLOAD.replace('    type: s3', `    type: ${type}`).replace(
    'BUCKET_NAME: ${resources.files.name}',
    type === 'gcs'
      ? 'BUCKET_NAME: ${resources.files.name}'
      : 'BLOB_ENDPOINT: ${resources.files.endpoint}${resources.files.container}',
  );

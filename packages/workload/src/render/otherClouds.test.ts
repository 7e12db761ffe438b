import { validateKubernetesObjects } from '@groundwork/stand-in-test-utils';
import { parseAllDocuments } from 'yaml';
import {
  AZDEV,
  DEV,
  FULL_WORKLOAD,
  LAB,
  withBucket,
  workloadProblems,
} from '../__testUtils__/fixtures';
import { parseEnvironments } from '../environments';
import { parseWorkload } from '../workload/parseWorkload';
import { renderEnvironment } from './renderEnvironment';

const objectsOf = (files: Map<string, string>) =>
  [...files.entries()]
    .filter(([f]) => f !== 'kustomization.yaml')
    .flatMap(([, text]) => parseAllDocuments(text).map(d => d.toJS()));

const byName = (objects: any[], kind: string) =>
  Object.fromEntries(
    objects.filter(o => o.kind === kind).map(o => [o.metadata.name, o.spec]),
  );

const problemsOf = workloadProblems;

describe('renderEnvironment on GCP', () => {
  const objects = objectsOf(
    renderEnvironment(parseWorkload(withBucket('gcs'), 'payments'), LAB),
  );

  it('renders objects the real schemas accept (External Secrets v0.17.0 gcpsm)', () => {
    const whole = objects.filter(o => o.kind !== 'Deployment');
    expect(validateKubernetesObjects(whole).filter(r => !r.ok)).toEqual([]);
  });

  it("reads Secret Manager in the environment's project as the service's Workload Identity, one store for secrets and outputs", () => {
    expect(byName(objects, 'SecretStore')).toEqual({
      'payments-secrets': {
        provider: {
          gcpsm: {
            projectID: 'acme-lab',
            auth: {
              workloadIdentity: { serviceAccountRef: { name: 'payments' } },
            },
          },
        },
      },
    });
    const secrets = byName(objects, 'ExternalSecret');
    // '_' separates: service "payments" cannot match "payments-x"'s prefix.
    expect(secrets['payments-stripe-key'].data).toEqual([
      { secretKey: 'value', remoteRef: { key: 'lab_payments_stripe-key' } },
    ]);
    expect(secrets['payments-db'].data).toEqual([
      { secretKey: 'host', remoteRef: { key: 'lab_payments_db_host' } },
      { secretKey: 'name', remoteRef: { key: 'lab_payments_db_name' } },
      { secretKey: 'username', remoteRef: { key: 'lab_payments_db_username' } },
    ]);
    expect(secrets['payments-db'].target.template.data).toEqual({
      port: '5432',
    });
    expect(secrets['payments-files'].data).toEqual([
      { secretKey: 'name', remoteRef: { key: 'lab_payments_files_name' } },
    ]);
    for (const s of Object.values<any>(secrets)) {
      expect(s.secretStoreRef).toEqual({
        kind: 'SecretStore',
        name: 'payments-secrets',
      });
    }
  });

  it("opens Google's APIs and the GKE metadata server, and nothing else of the link-local range", () => {
    const egress = byName(objects, 'NetworkPolicy')['payments-egress'].egress;
    const metadata = egress.filter((r: any) =>
      r.to.some((p: any) => p.ipBlock?.cidr?.startsWith('169.254.')),
    );
    expect(metadata).toEqual([
      {
        to: [{ ipBlock: { cidr: '169.254.169.254/32' } }],
        ports: [{ port: 80, protocol: 'TCP' }],
      },
    ]);
    const publicHttps = egress.filter(
      (r: any) =>
        r.to[0].ipBlock?.cidr === '0.0.0.0/0' && r.ports[0].port === 443,
    );
    // Google's APIs, and api.stripe.com declared in workload.yaml.
    expect(publicHttps).toHaveLength(2);
    for (const r of publicHttps)
      expect(r.to[0].ipBlock.except).toContain('169.254.0.0/16');
    expect(egress).toContainEqual({
      to: [{ ipBlock: { cidr: '10.60.0.0/16' } }],
      ports: [{ port: 5432, protocol: 'TCP' }],
    });
  });
});

describe('renderEnvironment on Azure', () => {
  const workload = parseWorkload(withBucket('azure-blob'), 'payments');
  const objects = objectsOf(renderEnvironment(workload, AZDEV));

  it('renders objects the real schemas accept (External Secrets v0.17.0 azurekv)', () => {
    const whole = objects.filter(o => o.kind !== 'Deployment');
    expect(validateKubernetesObjects(whole).filter(r => !r.ok)).toEqual([]);
  });

  it("reads the service's own key vault through workload identity, outputs under <resource>--<output>", () => {
    expect(byName(objects, 'SecretStore')).toEqual({
      'payments-secrets': {
        provider: {
          azurekv: {
            authType: 'WorkloadIdentity',
            vaultUrl: 'https://kv-payments-azdev.vault.azure.net',
            serviceAccountRef: { name: 'payments' },
          },
        },
      },
    });
    const secrets = byName(objects, 'ExternalSecret');
    expect(secrets['payments-stripe-key'].data).toEqual([
      { secretKey: 'value', remoteRef: { key: 'stripe-key' } },
    ]);
    expect(
      secrets['payments-db'].data.map((d: any) => d.remoteRef.key),
    ).toEqual(['db--host', 'db--name', 'db--username']);
    expect(secrets['payments-files'].data).toEqual([
      { secretKey: 'account', remoteRef: { key: 'files--account' } },
      { secretKey: 'container', remoteRef: { key: 'files--container' } },
    ]);
    expect(secrets['payments-files'].target.template.data).toEqual({
      endpoint: 'https://{{ .account }}.blob.core.windows.net/',
    });
  });

  it('refuses a secret whose name could pass for a published output', () => {
    const text = FULL_WORKLOAD.replace('  stripe-key:\n', '  db--host:\n')
      .replace('${resources.stripe-key.value}', '${resources.db--host.value}')
      .replace('    type: s3', '    type: azure-blob')
      .replace('BUCKET_NAME: ${resources.files.name}', 'X: y');
    expect(
      problemsOf(() => renderEnvironment(parseWorkload(text), AZDEV)),
    ).toEqual([
      "resources.db--host: on Azure a secret's name may not hold '--' (it marks the outputs the service's infrastructure publishes); rename it",
    ]);
  });
});

describe('buckets follow the cloud', () => {
  it("refuses another cloud's bucket, naming the one to use", () => {
    const workload = parseWorkload(FULL_WORKLOAD, 'payments');
    expect(problemsOf(() => renderEnvironment(workload, LAB))).toEqual([
      'resources.files: lab runs on gcp, whose bucket is type gcs, not s3',
    ]);
    expect(problemsOf(() => renderEnvironment(workload, DEV))).toEqual([]);
  });

  it('refuses buckets of two clouds in one workload', () => {
    const text = `${withBucket('gcs')}  more:\n    type: s3\n`;
    expect(problemsOf(() => parseWorkload(text))).toEqual([
      "resources files (gcs), more (s3): a service's environments share one cloud, whose infrastructure provides one bucket; keep the one of that cloud",
    ]);
  });
});

describe('parseEnvironments on every cloud', () => {
  it('reads GCP projects and Azure subscriptions with their key vault', () => {
    expect(
      parseEnvironments(`environments:
  - name: lab
    production: false
    cloud: {provider: gcp, account: acme-lab, region: europe-west1}
  - name: azdev
    production: false
    cloud: {provider: azure, account: 00000000-0000-0000-0000-00000000d001, region: westeurope}
    keyVault: kv-payments-azdev
`),
    ).toEqual([{ name: 'lab', production: false, cloud: LAB.cloud }, AZDEV]);
  });

  it("says what each cloud's account, region and vault must look like", () => {
    expect(
      problemsOf(() =>
        parseEnvironments(`environments:
  - name: lab
    cloud: {provider: gcp, account: "111122223333", region: eu-west-1}
    keyVault: kv-x
  - name: azdev
    cloud: {provider: azure, account: acme, region: West Europe}
    keyVault: "kv--bad"
  - name: other
    cloud: {provider: oci, account: x, region: y}
`),
      ),
    ).toEqual([
      'environments[0].cloud.account must be a GCP project id such as acme-prod',
      'environments[0].cloud.region must be a GCP region such as europe-west1',
      'environments[0].keyVault is for Azure; lab runs on gcp: remove it',
      'environments[1].cloud.account must be an Azure subscription id (a GUID)',
      'environments[1].cloud.region must be an Azure location such as westeurope',
      "environments[1].keyVault must name the service's key vault in azdev (azure-baseline's key_vault_name: 3-24 letters, digits and '-')",
      'environments[2].cloud.provider "oci" must be aws, gcp or azure',
    ]);
  });
});

import yaml from 'yaml';
import { acceptedFor } from '@groundwork/terraform-modules';
import { parseWorkload } from '@groundwork/workload';
import {
  buildOverlay,
  governRendered,
  parseTerraformDir,
  workflowActions,
  yamlDocuments,
} from './__testUtils__/checks';
import { validateKubernetesObjects } from './__testUtils__/kubernetes';
import { createDoubleState } from './__testUtils__/pendingActions';
import {
  DryRunResult,
  dryRun,
  startScaffolder,
} from './__testUtils__/scaffolder';
import { cloudOf } from './testing/cloud';
import { loadTemplate } from './testing/portal';

jest.setTimeout(180_000);

/**
 * new-service on GCP and Azure through the real scaffolder's dry run, from
 * the same form as AWS (newService.test.ts): the environment picks the
 * cloud. terraform:apply and argocd:create-app are TEST DOUBLES; the
 * terraform double plans the rendered Terraform with the synthesizer, and
 * the policy pack judges that plan.
 */

const CLOUDS = [
  {
    cloud: 'gcp',
    env: 'lab',
    bucketType: 'gcs',
    catalogBucket: 'gcs-bucket',
    catalogQueue: 'pubsub-topic',
    queueVariables: ['QUEUE_TOPIC', 'QUEUE_SUBSCRIPTION'],
    backend: (tf: any) => tf['backend.tf'].terraform[0].backend.gcs[0],
    expectedBackend: {
      prefix: 'component/default/payments-api/lab',
    },
    store: 'gcpsm',
    pushAction: 'google-github-actions/auth@',
    pushVariables: [
      'GCP_WORKLOAD_IDENTITY_PROVIDER',
      'GCP_SERVICE_ACCOUNT',
      'GAR_REPOSITORY',
    ],
    image:
      /^europe-west1-docker\.pkg\.dev\/acme-lab\/payments-api\/payments-api$/,
  },
  {
    cloud: 'azure',
    env: 'azdev',
    bucketType: 'azure-blob',
    catalogBucket: 'azure-storage-container',
    catalogQueue: 'servicebus-queue',
    queueVariables: ['QUEUE_NAME', 'QUEUE_NAMESPACE'],
    backend: (tf: any) => tf['backend.tf'].terraform[0].backend.azurerm[0],
    expectedBackend: {
      key: 'component/default/payments-api/azdev.tfstate',
      use_azuread_auth: true,
    },
    store: 'azurekv',
    pushAction: 'azure/login@',
    pushVariables: [
      'AZURE_CLIENT_ID',
      'AZURE_TENANT_ID',
      'AZURE_SUBSCRIPTION_ID',
      'ACR_LOGIN_SERVER',
    ],
    image: /^paymentsapi[0-9a-f]{8}\.azurecr\.io\/payments-api$/,
  },
] as const;

const form = (env: string) => ({
  name: 'payments-api',
  description: 'Takes payments',
  owner: 'group:default/payments',
  language: 'go',
  costCenter: 'CC.1042',
  environments: [env],
  exposure: 'public',
  monthlyBudget: 150,
  productionBudget: 900,
  alertEmail: 'payments@example.com',
  database: true,
  bucket: true,
  queue: true,
  dataClassification: 'confidential',
  repoUrl: 'github.com?owner=acme&repo=payments-api',
  secretNames: ['stripe-api-key'],
  egress: [{ destination: 'api.stripe.com', port: 443 }],
});

describe.each(CLOUDS)('new-service on $cloud ($env)', c => {
  const state = createDoubleState(cloudOf);
  let backend: Awaited<ReturnType<typeof startScaffolder>>;
  let result: DryRunResult;
  beforeAll(async () => {
    backend = await startScaffolder(state);
    result = await dryRun(backend.server, 'new-service', form(c.env));
  });
  afterAll(() => backend?.stop());

  it('runs every step of its cloud, skipping the other clouds', () => {
    expect([result.status, result.body?.error?.message]).toEqual([
      200,
      undefined,
    ]);
    const tf = state.calls.find(x => x.action === 'terraform:apply')!;
    expect(tf.input.workingDirectory).toBe(`./infra/envs/${c.env}`);
    const resources = yamlDocuments(result.files.get('catalog-info.yaml')!)
      .filter((d: any) => d.kind === 'Resource')
      .map((d: any) => d.spec.type);
    expect(resources).toEqual(['database', c.catalogBucket, c.catalogQueue]);
    const [component] = yamlDocuments(
      result.files.get('catalog-info.yaml')!,
    ).filter((d: any) => d.kind === 'Component');
    expect(component.spec.dependsOn).toContain('resource:payments-api-queue');
  });

  it("renders the cloud's own modules, with remote state of its own under the entity", async () => {
    const tf = await parseTerraformDir(result.files, `infra/envs/${c.env}`);
    expect(c.backend(tf)).toEqual(c.expectedBackend);
    const sources = Object.entries<any>(tf['main.tf'].module).map(
      ([name, m]) => [name, m[0].source],
    );
    expect(sources.sort()).toEqual(
      ['baseline', 'bucket', 'database', 'queue', 'service']
        .map(n => [
          n,
          expect.stringMatching(
            new RegExp(
              `^git::https://github\\.com/acme/terraform-modules\\.git//${c.cloud}-${n}\\?ref=${c.cloud}-${n}/v\\d+\\.\\d+\\.\\d+$`,
            ),
          ),
        ])
        .sort(),
    );
  });

  it('plans Terraform that passes the policy pack with no failed or unknown finding', async () => {
    const g = await governRendered(
      result.files,
      `infra/envs/${c.env}`,
      c.env,
      cloudOf(c.env),
    );
    expect(g.summary.blocking).toBe(false);
    // What the Application patches into the ServiceAccount after apply.
    expect(Object.keys(g.outputs.service_account_annotations as any)).toEqual(
      c.cloud === 'gcp'
        ? ['iam.gke.io/gcp-service-account']
        : [
            'azure.workload.identity/client-id',
            'azure.workload.identity/tenant-id',
          ],
    );
    expect(
      g.findings
        .filter(f => f.verdict === 'fail' || f.verdict === 'unknown')
        // What the modules carry by design, each with why.
        .filter(f => !acceptedFor(f))
        // The published entries are connection facts (host, names), not
        // credentials: an expiry date would only break the service on it.
        .filter(
          f =>
            !(
              f.ruleId === 'GW-AZ-027' &&
              f.address.startsWith('azurerm_key_vault_secret.published[')
            ),
        )
        .map(f => `${f.ruleId} ${f.address}: ${f.message}`),
    ).toEqual([]);
  });

  it("publishes exactly what workload.yaml's ExternalSecrets read, where the service's identity may read it", async () => {
    const workload = parseWorkload(
      result.files.get('workload.yaml')!,
      'payments-api',
    );
    expect(workload.resources.find(r => r.id === 'bucket')?.type).toBe(
      c.bucketType,
    );
    const [environments] = yamlDocuments(
      result.files.get('deploy/environments.yaml')!,
    );
    expect(environments.environments[0].cloud.provider).toBe(c.cloud);
    const objects = buildOverlay(result.files, `deploy/overlays/${c.env}`);
    const stores = objects.filter(o => o.kind === 'SecretStore');
    expect(stores.map(s => Object.keys(s.spec.provider))).toEqual([[c.store]]);
    const keys: string[] = objects
      .filter(o => o.kind === 'ExternalSecret')
      .flatMap(o => o.spec.data.map((d: any) => d.remoteRef.key));
    const g = await governRendered(
      result.files,
      `infra/envs/${c.env}`,
      c.env,
      cloudOf(c.env),
    );
    const published = (g.document.resource_changes as any[])
      .filter(
        r =>
          r.type === 'google_secret_manager_secret' ||
          r.type === 'azurerm_key_vault_secret',
      )
      .map(r => r.change.after.secret_id ?? r.change.after.name)
      .sort();
    const declared =
      c.cloud === 'gcp' ? 'lab_payments-api_stripe-api-key' : 'stripe-api-key';
    // Every key read but the declared secret is one Terraform publishes.
    expect(keys.filter(k => k !== declared).sort()).toEqual(published);
    // database host, name, username; the bucket's name (GCS) or account and
    // container; the queue's topic and subscription, or name and namespace.
    expect(published).toHaveLength(c.cloud === 'gcp' ? 6 : 7);
    expect(published.filter(k => k.includes('queue'))).toEqual(
      c.cloud === 'gcp'
        ? ['lab_payments-api_queue_name', 'lab_payments-api_queue_subscription']
        : ['queue--name', 'queue--namespace'],
    );
    // The container reads the queue's outputs from the ExternalSecret's Secret.
    const deployment = objects.find(o => o.kind === 'Deployment');
    const env = deployment.spec.template.spec.containers[0].env;
    expect(
      env
        .filter((e: any) => e.name.startsWith('QUEUE_'))
        .map((e: any) => [e.name, e.valueFrom.secretKeyRef.name]),
    ).toEqual(c.queueVariables.map(v => [v, 'payments-api-queue']));
    // Azure: the store is the service's own vault, the one the baseline
    // creates; GCP: Secret Manager of the environment's project.
    const vault = (g.document.resource_changes as any[]).find(
      r => r.type === 'azurerm_key_vault',
    )?.change.after.name;
    const provider = stores[0].spec.provider;
    expect([provider.azurekv?.vaultUrl, provider.gcpsm?.projectID]).toEqual(
      c.cloud === 'azure'
        ? [`https://${vault}.vault.azure.net`, undefined]
        : [undefined, 'acme-lab'],
    );
    expect(environments.environments[0].keyVault).toBe(vault);
  });

  it('publishes the queue that Terraform creates and lets the service use this queue alone', async () => {
    const g = await governRendered(
      result.files,
      `infra/envs/${c.env}`,
      c.env,
      cloudOf(c.env),
    );
    const rcs = g.document.resource_changes as any[];
    const config = (g.document.configuration as any).root_module;
    const namespace = rcs.find(r => r.type === 'azurerm_servicebus_namespace')
      ?.change.after;
    const policy = buildOverlay(result.files, `deploy/overlays/${c.env}`).find(
      o => o.kind === 'NetworkPolicy' && o.metadata.name.endsWith('-egress'),
    );
    const call = config.module_calls.queue;
    const seen = {
      // What the ExternalSecret reads: the queue's coordinates as published.
      published: Object.fromEntries(
        rcs
          .filter(
            r =>
              (r.type === 'google_secret_manager_secret_version' ||
                r.type === 'azurerm_key_vault_secret') &&
              String(r.index).includes('queue'),
          )
          .map(r => [
            r.index,
            r.change.after.secret_data ?? r.change.after.value,
          ]),
      ),
      // Pub/Sub grants: who may do what on which topic or subscription.
      pubsubGrants: rcs
        .filter(r => /^google_pubsub_.*_iam_member$/.test(r.type))
        .map(r => [
          r.change.after.topic ?? r.change.after.subscription,
          r.change.after.role,
          r.change.after.member,
        ])
        .sort(),
      // No project-wide Pub/Sub role for anyone.
      projectPubsubRoles: rcs.filter(
        r =>
          r.type === 'google_project_iam_member' &&
          String(r.change.after.role).startsWith('roles/pubsub'),
      ),
      // Service Bus roles, what they are scoped to and who holds them.
      serviceBusRoles: rcs
        .filter(
          r =>
            r.type === 'azurerm_role_assignment' &&
            /Service Bus/.test(r.change.after.role_definition_name),
        )
        .map(r => [r.address, r.change.after.role_definition_name]),
      serviceBusRoleScopes: (call.module.resources as any[])
        .filter(r => r.type === 'azurerm_role_assignment')
        .map(r => r.expressions.scope.references),
      principal: call.expressions.workload_principal_id?.references,
      key: (call.expressions.kms_key_id ?? call.expressions.cmk_key_id)
        .references,
      namespace: namespace && {
        name: namespace.name,
        sku: namespace.sku,
        local_auth_enabled: namespace.local_auth_enabled,
        minimum_tls_version: namespace.minimum_tls_version,
      },
      ports: [
        ...new Set<number>(
          policy.spec.egress.flatMap((r: any) =>
            r.ports.map((p: any) => p.port),
          ),
        ),
      ].sort((a, b) => a - b),
    };
    const agent =
      'serviceAccount:service-100000000001@gcp-sa-pubsub.iam.gserviceaccount.com';
    const workload =
      'serviceAccount:payments-api-workload@acme-lab.iam.gserviceaccount.com';
    const expected = {
      gcp: {
        // Resource names, as the Pub/Sub clients take them.
        published: {
          'lab_payments-api_queue_name':
            'projects/acme-lab/topics/payments-api-lab',
          'lab_payments-api_queue_subscription':
            'projects/acme-lab/subscriptions/payments-api-lab',
        },
        // The service's account publishes to this topic and consumes this
        // subscription; Pub/Sub's agent forwards dead letters.
        pubsubGrants: [
          ['payments-api-lab', 'roles/pubsub.publisher', workload],
          ['payments-api-lab', 'roles/pubsub.subscriber', workload],
          ['payments-api-lab', 'roles/pubsub.subscriber', agent],
          ['payments-api-lab-dlq', 'roles/pubsub.publisher', agent],
        ].sort(),
        projectPubsubRoles: [],
        serviceBusRoles: [],
        serviceBusRoleScopes: [],
        principal: undefined,
        key: ['module.baseline.kms_key_id', 'module.baseline'],
        namespace: undefined,
        // DNS, the database, Google's APIs, the metadata server, traces.
        ports: [53, 80, 443, 4317, 4318, 5432, 15008],
      },
      azure: {
        published: {
          'queue--name': 'messages',
          'queue--namespace': `${namespace?.name}.servicebus.windows.net`,
        },
        pubsubGrants: [],
        projectPubsubRoles: [],
        // Sender and Receiver on this queue, for the service's identity.
        serviceBusRoles: [
          [
            'module.queue.azurerm_role_assignment.receiver',
            'Azure Service Bus Data Receiver',
          ],
          [
            'module.queue.azurerm_role_assignment.sender',
            'Azure Service Bus Data Sender',
          ],
        ],
        serviceBusRoleScopes: [
          ['azurerm_servicebus_queue.this.id', 'azurerm_servicebus_queue.this'],
          ['azurerm_servicebus_queue.this.id', 'azurerm_servicebus_queue.this'],
        ],
        principal: ['module.service.workload_principal_id', 'module.service'],
        key: ['module.baseline.cmk_key_id', 'module.baseline'],
        // The global name module-factory:resolve gave; Standard outside production.
        namespace: {
          name: expect.stringMatching(/^sb-payments-api-[0-9a-f]{8}$/),
          sku: 'Standard',
          local_auth_enabled: false,
          minimum_tls_version: '1.2',
        },
        // AMQP over TLS (5671) to Service Bus, beside HTTPS.
        ports: [53, 443, 4317, 4318, 5432, 5671, 15008],
      },
    };
    expect(seen).toEqual(expected[c.cloud]);
  });

  it('renders Kubernetes objects the real schemas accept, the identity bound by the Application, not in Git', () => {
    const objects = buildOverlay(result.files, `deploy/overlays/${c.env}`);
    expect(validateKubernetesObjects(objects).filter(r => !r.ok)).toEqual([]);
    // The public route workload.yaml declares, under the environment's name.
    const ingress = objects.find(o => o.kind === 'Ingress');
    expect(ingress.spec.rules.map((r: any) => r.host)).toEqual([
      `payments-api.${c.env}.example.com`,
    ]);
    const sa = objects.find(o => o.kind === 'ServiceAccount');
    expect(sa.metadata.annotations ?? {}).toEqual({});
    const deployment = objects.find(o => o.kind === 'Deployment');
    expect(
      deployment.spec.template.metadata.labels['azure.workload.identity/use'],
    ).toBe(c.cloud === 'azure' ? 'true' : undefined);
    expect(deployment.spec.template.spec.containers[0].image).toMatch(
      new RegExp(`${c.image.source.slice(0, -1)}:unreleased$`),
    );
    const config = objects.find(
      o => o.kind === 'ConfigMap' && o.data?.ENVIRONMENT,
    );
    expect(config.data).toEqual({ ENVIRONMENT: c.env });
    // The Application binds the identity from the stack's output: GCP's
    // service account e-mail and Azure's tenant are known at plan time;
    // Azure's client id only after apply, so a plan leaves it out (as the
    // real action's planned outputs do) until the real apply gives it.
    const app = state.calls.find(x => x.action === 'argocd:create-app')!;
    const kustomize = (app.input.source as any).kustomize;
    const patches = (kustomize.patches ?? []).map((p: any) => ({
      ...p,
      patch: yaml.parse(p.patch),
    }));
    expect(patches).toEqual([
      {
        target: { kind: 'ServiceAccount', name: 'payments-api' },
        patch: {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: {
            name: 'payments-api',
            annotations:
              c.cloud === 'azure'
                ? {
                    'azure.workload.identity/tenant-id':
                      '00000000-0000-0000-0000-000000000001',
                  }
                : {
                    'iam.gke.io/gcp-service-account':
                      'payments-api-workload@acme-lab.iam.gserviceaccount.com',
                  },
          },
        },
      },
    ]);
  });

  it("pushes with the cloud's OIDC login, pinned, reading the variables the portal sets", () => {
    const wf = yaml.parse(result.files.get('.github/workflows/ci.yaml')!);
    expect(workflowActions(wf).filter(a => !a.pinned)).toEqual([]);
    const publish = wf.jobs.publish;
    expect(
      publish.steps.some((s: any) => s.uses?.startsWith(c.pushAction)),
    ).toBe(true);
    const used = [...JSON.stringify(publish).matchAll(/vars\.([A-Z_]+)/g)].map(
      m => m[1],
    );
    expect([...new Set(used)].sort()).toEqual([...c.pushVariables].sort());
    const template = loadTemplate('new-service');
    const step = template.spec.steps.find(
      (s: any) => s.id === `github-environment-${c.cloud}`,
    );
    expect(Object.keys(step.input.environmentVariables).sort()).toEqual(
      [...c.pushVariables].sort(),
    );
    expect(publish.permissions['id-token']).toBe('write');
  });
});

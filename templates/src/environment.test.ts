import {
  governRendered,
  parseTerraformDir,
  validateCatalogEntity,
  yamlDocuments,
} from './__testUtils__/checks';
import { cloudOf } from './testing/cloud';
import { CENTRAL_ARGOCD_ROLE, ENVIRONMENTS } from './testing/portal';
import { validateKubernetesObjects } from './__testUtils__/kubernetes';
import { createDoubleState } from './__testUtils__/pendingActions';
import { actionInputValidator } from './__testUtils__/actionSchemas';
import {
  DryRunResult,
  dryRun,
  loggedInputs,
  startScaffolder,
} from './__testUtils__/scaffolder';

jest.setTimeout(180_000);

/**
 * The environment template through the real scaffolder's dry run, for each
 * cloud, planning only and applying (terraform:apply and argocd:create-app
 * are TEST DOUBLES; the terraform double plans the rendered layers with the
 * synthesizer and gates them with @groundwork/governance).
 */

type Case = {
  cloud: 'aws' | 'gcp' | 'azure';
  environment: string;
  apply: boolean;
};
const CASES: Case[] = [
  { cloud: 'aws', environment: 'dev', apply: true },
  { cloud: 'aws', environment: 'staging', apply: true },
  { cloud: 'aws', environment: 'prod', apply: true },
  { cloud: 'aws', environment: 'prod', apply: false },
  { cloud: 'gcp', environment: 'lab', apply: true },
  { cloud: 'azure', environment: 'azdev', apply: true },
];

const ADDONS = [
  'ingress-nginx',
  'cert-manager',
  'external-dns',
  'kube-prometheus-stack',
];

const valuesOf = (c: Case) => ({
  environment: c.environment,
  cloud: c.cloud,
  organization: 'acme',
  owner: 'group:default/platform',
  alertEmail: 'platform@example.com',
  cidrBlock: '10.20.0.0/16',
  addons: c.cloud === 'aws' ? ADDONS : ADDONS.filter(a => a !== 'external-dns'),
  domain: `${c.environment}.example.com`,
  repoUrl: `github.com?owner=acme&repo=platform-${c.environment}`,
  apply: c.apply,
});

const BACKEND = { aws: 's3', gcp: 'gcs', azure: 'azurerm' } as const;

/** groundwork.environments[].delivery.mode of the case's environment. */
const modeOf = (c: Case) =>
  (ENVIRONMENTS.find(e => e.name === c.environment)!.delivery as any).mode as
    | 'in-cluster'
    | 'central';

describe('environment', () => {
  const state = createDoubleState(cloudOf);
  let backend: Awaited<ReturnType<typeof startScaffolder>>;
  let schemas: Awaited<ReturnType<typeof actionInputValidator>>;
  beforeAll(async () => {
    backend = await startScaffolder(state);
    schemas = await actionInputValidator(backend.server);
  });
  afterAll(() => backend?.stop());

  describe.each(
    CASES.map(
      c =>
        [
          `${c.cloud} ${c.environment}, ${c.apply ? 'apply' : 'plan only'}`,
          c,
        ] as const,
    ),
  )(
    '%s (terraform:apply and argocd:create-app are test doubles)',
    (_label, c) => {
      let result: DryRunResult;
      let calls: typeof state.calls;
      const inCluster = modeOf(c) === 'in-cluster';
      const layers = c.apply
        ? [
            'bootstrap',
            'network',
            'cluster',
            ...(inCluster ? ['delivery'] : []),
          ]
        : ['bootstrap', 'network'];
      beforeAll(async () => {
        state.calls.length = 0;
        result = await dryRun(backend.server, 'environment', valuesOf(c));
        calls = [...state.calls];
      });

      it('runs every step of the dry run', () => {
        expect([result.status, result.body?.error?.message]).toEqual([
          200,
          undefined,
        ]);
        for (const [f, text] of result.files) {
          expect([f, /\$\{\{\s*values|\{%/.test(text)]).toEqual([f, false]);
        }
      });

      it('runs one governed terraform:apply per layer, each in its own working directory', () => {
        const tf = calls.filter(x => x.action === 'terraform:apply');
        expect(tf.map(x => x.input.workingDirectory)).toEqual(
          layers.map(l => `./infra/${l}`),
        );
        for (const [i, call] of tf.entries()) {
          const layer = layers[i];
          // The portal's per-environment backend holds the state; its key
          // pattern's {workingDirectory} keeps each layer's state apart.
          expect(call.input).not.toHaveProperty('backend');
          expect(call.input.planOnly).toBe(
            layer === 'cluster' || layer === 'delivery' ? false : !c.apply,
          );
          expect(call.input.entityRef).toBe(
            `resource:default/environment-${c.environment}`,
          );
          expect(call.governance!.summary.blocking).toBe(false);
        }
        // The network layer's outputs become the cluster layer's variables.
        const clusterCall = tf.find(
          x => x.input.workingDirectory === './infra/cluster',
        );
        expect(
          clusterCall
            ? Object.keys(clusterCall.input.vars as object).sort()
            : null,
        ).toEqual(
          c.apply
            ? {
                aws: ['private_subnet_ids', 'vpc_cidr_block', 'vpc_id'],
                gcp: ['network_name', 'subnetwork_name'],
                azure: ['node_subnet_id'],
              }[c.cloud]
            : null,
        );
      });

      it('renders layers that parse and pass the policy pack with nothing failed', async () => {
        // The delivery layer (Argo CD in the cluster) exists only in-cluster.
        expect(
          [...result.files.keys()].some(f => f.startsWith('infra/delivery/')),
        ).toBe(inCluster);
        // What each layer was given, or would be had the one before run.
        const given = (l: string) =>
          calls.find(x => x.input.workingDirectory === `./infra/${l}`)?.input
            .vars;
        const layerVars: Record<string, any> = {
          cluster: given('cluster') ?? clusterVars(c.cloud),
          delivery: given('delivery') ?? deliveryVars(c.cloud),
        };
        for (const layer of [
          'bootstrap',
          'network',
          'cluster',
          ...(inCluster ? ['delivery'] : []),
        ]) {
          const tf = await parseTerraformDir(result.files, `infra/${layer}`);
          expect(Object.keys(tf['backend.tf'].terraform[0].backend)).toEqual([
            BACKEND[c.cloud],
          ]);
          // Its own state, under the entity's kind, namespace and name: a
          // run with -backend-config in CI cannot reach another's state.
          const partial =
            tf['backend.tf'].terraform[0].backend[BACKEND[c.cloud]][0];
          const entityKey = `resource/default/environment-${c.environment}/${layer}`;
          expect(c.cloud === 'gcp' ? partial.prefix : partial.key).toBe(
            c.cloud === 'gcp' ? entityKey : `${entityKey}.tfstate`,
          );
          const vars = layerVars[layer];
          const g = await governRendered(
            result.files,
            `infra/${layer}`,
            c.environment,
            cloudOf(c.environment),
            vars as any,
          );
          expect(g.summary.blocking).toBe(false);
          expect(
            g.findings
              .filter(f => f.verdict === 'fail' || f.verdict === 'unknown')
              // S3 cannot log the access-log bucket into itself (low, documented).
              .filter(
                f =>
                  !(
                    f.ruleId === 'GW-AWS-007' &&
                    f.address === 'module.bootstrap.aws_s3_bucket.access_logs'
                  ),
              )
              .map(f => `${f.ruleId} ${f.address}: ${f.message}`),
          ).toEqual([]);
        }
      });

      it('puts a NAT gateway in every zone in production and one elsewhere', async () => {
        const g = await governRendered(
          result.files,
          'infra/network',
          c.environment,
          cloudOf(c.environment),
        );
        const count = (type: string) =>
          (g.document.resource_changes as any[]).filter(r => r.type === type)
            .length;
        const nat = {
          aws: 'aws_nat_gateway',
          gcp: 'google_compute_router_nat',
          azure: 'azurerm_nat_gateway',
        }[c.cloud];
        // Only AWS has a gateway per zone; Cloud NAT is regional, and an Azure
        // subnet takes one NAT gateway.
        expect(count(nat)).toBe(
          c.cloud === 'aws' && c.environment === 'prod' ? 3 : 1,
        );
      });

      it('delivers the chosen add-ons as Argo CD Applications that validate against the CRD schema', () => {
        const apps = yamlDocuments(
          result.files.get('platform/addons/applications.yaml')!,
        );
        expect(apps.map(a => a.spec.source.chart)).toEqual(valuesOf(c).addons);
        expect(validateKubernetesObjects(apps).filter(r => !r.ok)).toEqual([]);
        for (const app of apps) {
          expect(app.spec.project).toBe(`platform-${c.environment}`);
          expect(app.spec.source.targetRevision).toMatch(/^v?\d+\.\d+\.\d+$/);
          expect(app.metadata.finalizers).toEqual([
            'resources-finalizer.argocd.argoproj.io',
          ]);
        }
      });

      const delivery = () => ({
        apps: calls.filter(x => x.action === 'argocd:create-app'),
        registered: calls.filter(x => x.action === 'argocd:register-cluster'),
        addons: yamlDocuments(
          result.files.get('platform/addons/applications.yaml')!,
        ),
        clusterOutputs: calls.find(
          x => x.input.workingDirectory === './infra/cluster',
        ),
      });

      (c.apply ? describe.skip : describe)('before applying', () => {
        it('sends nothing to Argo CD before applying', () => {
          const { apps, registered } = delivery();
          expect([apps, registered]).toEqual([[], []]);
        });
      });

      (c.apply && inCluster ? describe : describe.skip)(
        'in-cluster delivery',
        () => {
          it('installs Argo CD into the new cluster (in-cluster), with the project and the app-of-apps, and sends nothing to a pre-existing Argo CD', async () => {
            const { apps, registered, addons } = delivery();
            // Nothing is sent to a pre-existing Argo CD: the delivery layer
            // installs Argo CD into the new cluster, with the project and the
            // app-of-apps, and its add-ons target that same cluster.
            expect([apps, registered]).toEqual([[], []]);
            expect(
              calls
                .filter(x => x.input.workingDirectory === './infra/delivery')
                .map(x => Object.keys(x.input.vars as object).sort()),
            ).toEqual([
              c.cloud === 'aws'
                ? [
                    'cluster_certificate_authority',
                    'cluster_endpoint',
                    'cluster_name',
                    'oidc_provider_arn',
                  ]
                : [
                    'cluster_certificate_authority',
                    'cluster_endpoint',
                    'cluster_name',
                  ],
            ]);
            const g = await governRendered(
              result.files,
              'infra/delivery',
              c.environment,
              cloudOf(c.environment),
              deliveryVars(c.cloud),
            );
            const releases = Object.fromEntries(
              (g.document.resource_changes as any[])
                .filter(r => r.type === 'helm_release')
                .map(r => [r.name, r.change.after]),
            );
            expect(releases.argocd).toMatchObject({
              chart: 'argo-cd',
              repository: 'https://argoproj.github.io/argo-helm',
              namespace: 'argocd',
            });
            expect(releases.argocd.version).toMatch(/^\d+\.\d+\.\d+$/);
            const platform = JSON.parse(releases.platform.values[0]);
            const project = platform.projects[`platform-${c.environment}`];
            const app =
              platform.applications[`platform-addons-${c.environment}`];
            expect(app).toMatchObject({
              project: `platform-${c.environment}`,
              additionalLabels: {
                'groundwork.dev/environment': c.environment,
              },
              source: {
                repoURL: `https://github.com/acme/platform-${c.environment}.git`,
                targetRevision: 'main',
                path: 'platform/addons',
              },
              destination: {
                server: 'https://kubernetes.default.svc',
                namespace: 'argocd',
              },
            });
            // The project admits exactly what the add-ons need.
            expect(project.sourceRepos).toEqual([
              `https://github.com/acme/platform-${c.environment}.git`,
              ...addons.map(a => a.spec.source.repoURL),
            ]);
            expect(
              project.destinations.map((d: any) => d.namespace).sort(),
            ).toEqual(
              [
                'argocd',
                ...addons.map(a => a.spec.destination.namespace),
              ].sort(),
            );
            for (const a of addons) {
              expect(a.spec.destination).toEqual({
                server: 'https://kubernetes.default.svc',
                namespace: expect.any(String),
              });
            }
          });
        },
      );

      (c.apply && !inCluster ? describe : describe.skip)(
        'central delivery',
        () => {
          it('registers the new cluster with the central Argo CD (central), whose add-ons then target it', async () => {
            const { apps, registered, addons } = delivery();
            const clusterOutputs = delivery().clusterOutputs!;
            // Central: the new cluster is registered with the environment's
            // Argo CD from the cluster layer's outputs (keyless), the add-ons
            // target it by name, and their Application objects live beside
            // that Argo CD.
            expect(registered.map(r => r.input)).toEqual([
              {
                ...(c.environment === 'prod' ? { instance: 'prod' } : {}),
                entityRef: `resource:default/environment-${c.environment}`,
                environment: c.environment,
                name: `platform-${c.environment}`,
                server: '(known after apply)',
                caData: '(known after apply)',
                auth: {
                  provider: c.cloud,
                  clusterName: `platform-${c.environment}`,
                },
              },
            ]);
            expect(
              apps.map(a => [a.input.source, a.input.destination]),
            ).toEqual([
              [
                {
                  repoURL: `https://github.com/acme/platform-${c.environment}.git`,
                  targetRevision: 'main',
                  path: 'platform/addons',
                },
                {
                  server: 'https://kubernetes.default.svc',
                  namespace: 'argocd',
                },
              ],
            ]);
            for (const a of addons) {
              expect(a.spec.destination).toEqual({
                name: `platform-${c.environment}`,
                namespace: expect.any(String),
              });
            }
            // The cluster layer grants the central Argo CD's identity, and only it.
            const cluster = await governRendered(
              result.files,
              'infra/cluster',
              c.environment,
              cloudOf(c.environment),
              clusterOutputs.input.vars as any,
            );
            const grants = (cluster.document.resource_changes as any[])
              .filter(r =>
                [
                  'aws_eks_access_entry',
                  'google_project_iam_member',
                  'azurerm_role_assignment',
                ].includes(r.type),
              )
              .filter(r => r.name === 'argocd')
              .map(r => r.change.after);
            const grantee = {
              aws: { principal_arn: CENTRAL_ARGOCD_ROLE },
              gcp: { member: 'serviceAccount:' },
              azure: {
                role_definition_name:
                  'Azure Kubernetes Service RBAC Cluster Admin',
                principal_id: '00000000-0000-0000-0000-0000000a7c0e',
              },
            }[c.cloud];
            expect(grants).toEqual([expect.objectContaining(grantee)]);
          });
        },
      );

      it('describes the environment with a catalog entity and its decisions', async () => {
        const [entity] = yamlDocuments(result.files.get('catalog-info.yaml')!);
        await validateCatalogEntity(entity);
        expect(entity).toMatchObject({
          kind: 'Resource',
          metadata: { name: `environment-${c.environment}` },
          spec: { type: 'environment' },
        });
        const decisions = result.files.get('DECISIONS.md')!;
        for (const heading of [
          '## Why this budget',
          '## Why multi-AZ, and where not',
          '## Why private',
        ]) {
          expect(decisions).toContain(heading);
        }
        expect(
          schemas.problems(
            'catalog:register',
            loggedInputs(result, 'catalog:register')[0],
          ),
        ).toEqual([]);
        expect(
          schemas.problems(
            'publish:github',
            loggedInputs(result, 'publish:github')[0],
          ),
        ).toEqual([]);
      });

      it('shows the estimates before anything is applied', () => {
        const text = result.body.output.text[0].content as string;
        expect(text).toMatch(/\| network \| \d+(\.\d+)? \| [\d.]+ USD \|/);
        expect(text).toContain(
          c.apply ? 'Applied.' : 'Planned only: nothing changed.',
        );
      });
    },
  );

  it('refuses a cluster on another cloud than the environment', async () => {
    const r = await dryRun(backend.server, 'environment', {
      ...valuesOf(CASES[0]),
      cloud: 'gcp',
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain(
      'Environment \\"dev\\" runs on aws, but this template renders gcp infrastructure',
    );
  });
});

/** What the cluster layer would hand the delivery layer, when it did not run. */
function deliveryVars(cloud: Case['cloud']) {
  return {
    cluster_name: 'platform-x',
    cluster_endpoint: 'https://platform-x.example.com',
    cluster_certificate_authority: 'LS0tLS1CRUdJTg==',
    ...(cloud === 'aws'
      ? { oidc_provider_arn: 'arn:aws:iam::1:oidc-provider/x' }
      : {}),
  };
}

/** What the network layer would hand the cluster layer, when it did not run. */
function clusterVars(cloud: Case['cloud']) {
  return {
    aws: {
      vpc_id: 'vpc-0a1b2c3d4e5f60001',
      vpc_cidr_block: '10.20.0.0/16',
      private_subnet_ids: ['subnet-1', 'subnet-2'],
    },
    gcp: {
      network_name: 'platform-lab',
      subnetwork_name: 'platform-lab-nodes',
    },
    azure: {
      node_subnet_id:
        '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s',
    },
  }[cloud];
}

import {
  governRendered,
  parseTerraformDir,
  validateCatalogEntity,
  yamlDocuments,
} from './__testUtils__/checks';
import { cloudOf } from './testing/cloud';
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
      const layers = c.apply
        ? ['bootstrap', 'network', 'cluster']
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
            layer === 'cluster' ? false : !c.apply,
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
        for (const layer of ['bootstrap', 'network', 'cluster']) {
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
          const vars =
            layer === 'cluster'
              ? calls.find(x => x.input.workingDirectory === './infra/cluster')
                  ?.input.vars ?? clusterVars(c.cloud)
              : undefined;
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

      it('creates the app-of-apps (argocd:create-app test double) only when applying', () => {
        const apps = calls.filter(x => x.action === 'argocd:create-app');
        expect(apps.map(a => a.input.source)).toEqual(
          c.apply
            ? [
                {
                  repoURL: `https://github.com/acme/platform-${c.environment}.git`,
                  targetRevision: 'main',
                  path: 'platform/addons',
                },
              ]
            : [],
        );
      });

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

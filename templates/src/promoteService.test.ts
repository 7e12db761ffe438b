import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import { actionInputValidator } from './__testUtils__/actionSchemas';
import { createDoubleState } from './__testUtils__/pendingActions';
import { validateKubernetesObjects } from './__testUtils__/kubernetes';
import {
  DryRunResult,
  dryRun,
  loggedInputs,
  servedFiles,
  servedTrees,
  startScaffolder,
} from './__testUtils__/scaffolder';
import { ENTITIES } from './testing/catalog';
import { cloudOf } from './testing/cloud';

jest.setTimeout(180_000);

/**
 * promote-service through the real scaffolder's dry run, on what
 * new-service renders: the real groundwork:entity:authorize-change,
 * groundwork:promotion:resolve (reading the rendered overlays),
 * groundwork:promotion:require-approval (asks nothing in a dry run) and
 * fetch:plain (the rendered infra/envs/<env>); terraform:apply and
 * argocd:create-app are TEST DOUBLES that record their inputs, the
 * terraform double planning the fetched code through the environment's
 * gate; publish:github:pull-request logs its inputs.
 */

const TAG = '3f786850e387550fdab836ed7e6dc881de23001b';
const REPO = 'https://github.com/acme/ledger-api';

const NEW_SERVICE = {
  name: 'ledger-api',
  description: 'Keeps the ledger',
  owner: 'group:default/payments',
  language: 'go',
  costCenter: 'cc-1042',
  environments: ['dev', 'staging', 'prod'],
  exposure: 'internal',
  monthlyBudget: 150,
  productionBudget: 900,
  alertEmail: 'payments@example.com',
  database: true,
  bucket: true,
  dataClassification: 'confidential',
  repoUrl: 'github.com?owner=acme&repo=ledger-api',
};

/** The rendered new-service repository, as GitHub would serve it. */
function serve(files: Map<string, string>, dir: string) {
  for (const [f, text] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
    servedFiles.set(`${REPO}/blob/main/${f}`, text);
  }
  for (const env of NEW_SERVICE.environments) {
    servedTrees.set(
      `${REPO}/tree/main/infra/envs/${env}`,
      path.join(dir, 'infra', 'envs', env),
    );
  }
}

/** CI (or a merged promotion) pins `tag` in an environment's overlay. */
function deploy(env: string, tag: string) {
  const url = `${REPO}/blob/main/deploy/overlays/${env}/kustomization.yaml`;
  const doc = yaml.parseDocument(servedFiles.get(url)!);
  (doc.get('images') as any).items[0].set('newTag', tag);
  servedFiles.set(url, doc.toString());
}

describe('promote-service', () => {
  const state = createDoubleState(cloudOf);
  let backend: Awaited<ReturnType<typeof startScaffolder>>;
  let schemas: Awaited<ReturnType<typeof actionInputValidator>>;
  let dir: string;
  let rendered: DryRunResult;

  beforeAll(async () => {
    // The entity new-service registers: its catalog-info.yaml's Component.
    const bootstrap = await startScaffolder(state);
    rendered = await dryRun(bootstrap.server, 'new-service', NEW_SERVICE);
    await bootstrap.stop();
    if (rendered.status !== 200) {
      throw new Error(`new-service did not render: ${rendered.status}`);
    }
    const component = yaml
      .parseAllDocuments(rendered.files.get('catalog-info.yaml')!)
      .map(d => d.toJS() as Entity)
      .find(e => e.kind === 'Component')!;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promote-'));
    serve(rendered.files, dir);
    backend = await startScaffolder(state, {
      entities: [...ENTITIES, component],
    });
    schemas = await actionInputValidator(backend.server);
  });
  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const promote = async (environment: string) => {
    state.calls.length = 0;
    const result = await dryRun(backend.server, 'promote-service', {
      component: 'component:default/ledger-api',
      environment,
    });
    return { result, calls: [...state.calls] };
  };

  it('refuses staging while dev runs nothing released (CI has not deployed it)', async () => {
    const { result, calls } = await promote('staging');
    expect(JSON.stringify(result.body)).toContain(
      'component:default/ledger-api runs no released image in dev yet',
    );
    expect(calls).toEqual([]);
  });

  describe.each([
    ['staging', 'dev', undefined],
    ['prod', 'staging', 'prod'],
  ] as const)('into %s (from %s)', (environment, previous, instance) => {
    let result: DryRunResult;
    let calls: typeof state.calls;
    beforeAll(async () => {
      deploy('dev', TAG);
      if (environment === 'prod') deploy('staging', TAG);
      ({ result, calls } = await promote(environment));
    });

    it('runs every step of the dry run', () => {
      expect([result.status, result.body?.error?.message]).toEqual([
        200,
        undefined,
      ]);
      expect(result.log.filter(l => /error/i.test(l))).toEqual([]);
      expect(result.log.join('\n')).toContain(
        `Promoting component:default/ledger-api from ${previous} to ${environment}: image tag ${TAG}.`,
      );
    });

    it("writes the target overlay with the previous environment's image pinned, and nothing else changed", () => {
      const file = `deploy/overlays/${environment}/kustomization.yaml`;
      const before = rendered.files.get(file)!;
      const after = result.files.get(`promotion/${file}`)!;
      expect(after).toBe(
        before.replace('newTag: unreleased', `newTag: ${TAG}`),
      );
      expect(yaml.parse(after).images).toEqual([
        expect.objectContaining({ name: 'app', newTag: TAG }),
      ]);
    });

    it("hands terraform:apply (test double) the environment's fetched code, which passes its gate", () => {
      const tf = calls.filter(x => x.action === 'terraform:apply');
      expect(tf.map(x => x.input)).toEqual([
        {
          workingDirectory: `./infra/envs/${environment}`,
          entityRef: 'component:default/ledger-api',
          environment,
          planOnly: false,
          executor: 'cli',
        },
      ]);
      expect(result.files.get(`infra/envs/${environment}/main.tf`)).toBe(
        rendered.files.get(`infra/envs/${environment}/main.tf`),
      );
      expect(tf[0].governance!.summary.blocking).toBe(false);
    });

    it('opens a pull request pinning the image in the overlay', () => {
      const [pr] = loggedInputs(result, 'publish:github:pull-request');
      expect(schemas.problems('publish:github:pull-request', pr)).toEqual([]);
      expect(pr).toMatchObject({
        repoUrl: 'github.com?owner=acme&repo=ledger-api',
        branchName: `promote/${environment}/${TAG}`,
        title: `Promote ledger-api ${TAG} to ${environment}`,
        sourcePath: './promotion',
        update: true,
      });
    });

    it("creates the environment's Argo CD Application, shaped as new-service's", () => {
      const apps = calls.filter(x => x.action === 'argocd:create-app');
      expect(apps).toHaveLength(1);
      const a = apps[0].input as any;
      expect(a).toMatchObject({
        name: `ledger-api-${environment}`,
        // The owning team's project of the environment, as new-service does.
        project: `payments-${environment}`,
        projectMode: 'merge',
        source: {
          repoURL: 'https://github.com/acme/ledger-api.git',
          targetRevision: 'main',
          path: `deploy/overlays/${environment}`,
        },
        destination: { namespace: 'ledger-api' },
        entityRef: 'component:default/ledger-api',
        environment,
        waitFor: 'synced',
      });
      expect(a.instance).toBe(instance);
      expect(
        validateKubernetesObjects([
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            metadata: { name: a.name, namespace: 'argocd', labels: a.labels },
            spec: {
              project: a.project,
              source: a.source,
              destination: a.destination,
              syncPolicy: a.syncPolicy,
            },
          },
        ]).filter(r => !r.ok),
      ).toEqual([]);
      // The path it syncs is one new-service rendered into the repository.
      expect(rendered.files.has(`${a.source.path}/kustomization.yaml`)).toBe(
        true,
      );
    });

    it('links the pull request, the Argo CD application and the entity', () => {
      const links = result.body.output.links;
      expect(links.map((l: any) => l.title)).toEqual([
        `Pull request pinning ${TAG}`,
        `Argo CD application (${environment})`,
        'Open in catalog',
      ]);
      expect(links[1].url).toBe(
        `https://argocd.${environment}.example.com/applications/argocd/ledger-api-${environment}`,
      );
    });
  });

  it("tells the service's team, in infra/README.md, that the other environments come by promotion", () => {
    expect(rendered.files.get('infra/README.md')).toContain(
      'The others (staging, prod) are reached by\npromotion, one at a time in that order',
    );
  });

  it('refuses the first environment: CI deploys it', async () => {
    const { result, calls } = await promote('dev');
    expect(JSON.stringify(result.body)).toContain(
      "dev is component:default/ledger-api's first environment",
    );
    expect(calls).toEqual([]);
  });

  it('refuses a tag in the previous overlay that would inject YAML', async () => {
    deploy('dev', 'v1\n  - name: evil');
    const { result, calls } = await promote('staging');
    expect(JSON.stringify(result.body)).toContain(
      'is not a container image tag',
    );
    expect(calls).toEqual([]);
    deploy('dev', TAG);
  });

  it('refuses a component that is not in the form pattern, before any step', async () => {
    const r = await dryRun(backend.server, 'promote-service', {
      component: 'component:default/ledger-api\nx: y',
      environment: 'staging',
    });
    expect(r.status).toBe(400);
  });
});

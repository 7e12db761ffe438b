import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import {
  CreateAppInput,
  renderApplication,
  renderProject,
} from '@groundwork/plugin-scaffolder-backend-module-argocd';
import { ENTITIES } from '../testing/catalog';
import { cloudOf } from '../testing/cloud';
import { dnsZoneOf, ENVIRONMENTS } from '../testing/portal';
import { ConfigReader } from '@backstage/config';
import {
  argocdClusterOf,
  DEFAULT_TEAM_PROJECT,
  readGroundworkEnvironments,
  teamProjectName,
} from '@groundwork/plugin-groundwork-common';
import {
  renderAccessApplications,
  teamFolders,
  teamServiceNamespaces,
} from '@groundwork/plugin-scaffolder-backend-module-persona';
import {
  createDoubleState,
  RecordedCall,
} from '../__testUtils__/pendingActions';
import {
  dryRun,
  loggedInputs,
  servedFiles,
  servedTrees,
  startScaffolder,
} from '../__testUtils__/scaffolder';

/**
 * Everything the templates render for one platform, through the real
 * scaffolder's dry run (the same backend the template tests use): the
 * repositories each template creates, and the Argo CD objects its
 * argocd:create-app steps would create, built with the action's own
 * renderApplication and renderProject.
 */

/** A Git repository a template creates (or proposes changes to). */
export interface RenderedRepo {
  /** Which render it came from, e.g. `new-service payments-api`. */
  label: string;
  /** The clone URL Argo CD would read it from. */
  repoURL: string;
  files: Map<string, string>;
  /** Branches the template protects (publish:github protectDefaultBranch). */
  protectedBranches: string[];
  /** The environment (cluster) the repository's Kubernetes files are for, when one. */
  environment?: string;
}

/** An Argo CD Application (and the AppProject of `projectMode: create`). */
interface RenderedApplication {
  /** Which render asked for it. */
  label: string;
  environment: string;
  application: any;
  project?: any;
}

interface TerraformRoot {
  repo: RenderedRepo;
  dir: string;
  environment: string;
  /** Whether a terraform:apply step applies it (not only plans). */
  applied: boolean;
  /** The variables that step passes. */
  vars?: Record<string, unknown>;
}

export interface RenderedPlatform {
  repos: RenderedRepo[];
  applications: RenderedApplication[];
  /** Terraform roots, per environment: the repository and folder. */
  terraformRoots: TerraformRoot[];
  /** The portal's environments (name, cloud, account). */
  environments: typeof ENVIRONMENTS;
  /** Clusters the argocd:register-cluster steps register, by instance and name. */
  registeredClusters: Array<{
    instance: string;
    name: string;
    environment: string;
  }>;
}

/** new-service with dev, staging and prod, public, with a database and a bucket. */
const SERVICE_VALUES = {
  name: 'payments-api',
  description: 'Takes payments',
  owner: 'group:default/payments',
  system: 'system:default/payments',
  language: 'nodejs',
  costCenter: 'cc-1042',
  environments: ['dev', 'staging', 'prod'],
  exposure: 'public',
  hostname: 'payments.example.com',
  monthlyBudget: 150,
  productionBudget: 900,
  alertEmail: 'payments@example.com',
  database: true,
  bucket: true,
  dataClassification: 'confidential',
  repoUrl: 'github.com?owner=acme&repo=payments-api',
};

const ADDONS = [
  'ingress-nginx',
  'cert-manager',
  'external-dns',
  'kyverno',
  'loki',
  'tempo',
  'kube-prometheus-stack',
];

/**
 * The environment template for every environment the service runs in (AWS)
 * and for the GCP and Azure environments: each is a cluster the references
 * of what runs there must resolve in. external-dns is offered on AWS only.
 */
const ENVIRONMENT_CASES = [
  { environment: 'dev', cloud: 'aws' },
  { environment: 'staging', cloud: 'aws' },
  { environment: 'prod', cloud: 'aws' },
  { environment: 'lab', cloud: 'gcp' },
  { environment: 'azdev', cloud: 'azure' },
].map(c => ({
  ...c,
  values: {
    environment: c.environment,
    cloud: c.cloud,
    organization: 'acme',
    owner: 'group:default/platform',
    alertEmail: 'platform@example.com',
    cidrBlock: '10.20.0.0/16',
    addons:
      c.cloud === 'aws' ? ADDONS : ADDONS.filter(a => a !== 'external-dns'),
    domain: dnsZoneOf(c.environment),
    // new-service's images live in its first environment's registry (dev's
    // account): staging and prod admit them from there.
    ...(c.environment === 'staging' || c.environment === 'prod'
      ? { imageRegistries: ['111111111111.dkr.ecr.us-east-1.amazonaws.com'] }
      : {}),
    repoUrl: `github.com?owner=acme&repo=platform-${c.environment}`,
    apply: true,
  },
}));

const ONBOARDING_VALUES = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  githubLogin: 'Ada-L',
  startDate: '2026-12-01',
  manager: 'user:default/maria',
  team: 'group:default/payments',
  environments: ['dev', 'staging', 'prod'],
  persona: 'developer',
  accessRepoUrl: 'github.com?owner=acme&repo=platform-access',
};

const cloneUrl = (repoUrl: string) => {
  const u = new URL(`https://${repoUrl}`);
  return `https://${u.host}/${u.searchParams.get('owner')}/${u.searchParams.get(
    'repo',
  )}.git`;
};

function protectedBranches(
  publish: Record<string, unknown> | undefined,
): string[] {
  if (!publish?.protectDefaultBranch) return [];
  return [String(publish.defaultBranch ?? 'master')];
}

/** The root as the template's terraform:apply steps treat it. */
function rootOf(
  repo: RenderedRepo,
  dir: string,
  environment: string,
  calls: RecordedCall[],
): TerraformRoot {
  const call = calls.find(
    c =>
      c.action === 'terraform:apply' &&
      String(c.input.workingDirectory).replace(/^\.\//, '') === dir,
  );
  return {
    repo,
    dir,
    environment,
    applied: !!call && !call.input.planOnly && !call.input.destroy,
    vars: call?.input.vars as Record<string, unknown> | undefined,
  };
}

/**
 * What the access reconciler (groundwork.persona.access, its defaults)
 * creates once the onboarding pull request merges: an Application per
 * environment folder and per Argo CD policy folder, in its own project,
 * and one per namespace of the team's services for each team folder: the
 * destinations of the team's project there, as the service templates left
 * it (`projects`).
 */
function accessReconcilerApplications(
  repoUrl: string,
  paths: string[],
  projects: RenderedApplication[],
): RenderedApplication[] {
  const environments = readGroundworkEnvironments(
    new ConfigReader({ groundwork: { environments: ENVIRONMENTS } }),
  ).environments;
  const teamNamespaces = new Map(
    teamFolders(paths).map(({ folder, environment, team }) => {
      const env = environments.find(e => e.name === environment)!;
      const name = teamProjectName(DEFAULT_TEAM_PROJECT, team, environment);
      const destinations = projects
        .filter(p => p.project?.metadata?.name === name)
        .flatMap(p => p.project.spec.destinations ?? []);
      return [
        folder,
        teamServiceNamespaces(argocdClusterOf(env), destinations),
      ];
    }),
  );
  const { byInstance } = renderAccessApplications({
    config: {
      project: 'groundwork-access',
      namespace: 'argocd',
      destinations: {},
    },
    repoUrl,
    branch: 'main',
    paths,
    environments,
    instances: ['prod'],
    teamNamespaces,
  });
  return byInstance.flatMap(({ instance, project, applications }) =>
    applications.map(app => ({
      label: 'access reconciler',
      // The policy Application belongs to its instance, not an environment.
      environment:
        app.metadata.labels?.['groundwork.dev/environment'] ??
        (app.metadata.name.startsWith('access-rbac-')
          ? app.metadata.name.slice('access-rbac-'.length)
          : environments.find(e => e.argocdInstance === instance)!.name),
      application: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { ...app.metadata, namespace: 'argocd' },
        spec: app.spec,
      },
      project: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { ...project.metadata, namespace: 'argocd' },
        spec: project.spec,
      },
    })),
  );
}

function applicationsOf(
  label: string,
  calls: RecordedCall[],
): RenderedApplication[] {
  return calls
    .filter(c => c.action === 'argocd:create-app')
    .map(c => {
      // What the real action renders from these inputs (api mode: the
      // Application in appNamespace, the AppProject in Argo CD's namespace).
      const input = c.input as unknown as CreateAppInput;
      const application = {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        ...renderApplication(input, input.appNamespace ?? 'argocd'),
      };
      // merge: the project as this call leaves it when it is the first of
      // its team there (the only service this platform renders).
      const project =
        input.projectMode === 'create' || input.projectMode === 'merge'
          ? {
              apiVersion: 'argoproj.io/v1alpha1',
              kind: 'AppProject',
              ...renderProject(input, application as any, 'argocd'),
            }
          : undefined;
      return {
        label,
        environment: String(c.input.environment),
        application,
        project,
      };
    });
}

async function expectRendered(
  what: string,
  r: Awaited<ReturnType<typeof dryRun>>,
) {
  if (r.status !== 200 || r.body?.error) {
    throw new Error(
      `${what} did not render: ${r.status} ${JSON.stringify(
        r.body?.error ?? r.body,
      ).slice(0, 2000)}`,
    );
  }
}

/** The image tag CI and promotions pin while the service is promoted. */
const PROMOTED_TAG = '3f786850e387550fdab836ed7e6dc881de23001b';

/**
 * promote-service into every environment of new-service after the first,
 * in order, on what new-service rendered (served as its repository on
 * main, the Component as catalog:register would hold it): the calls of
 * its terraform:apply and argocd:create-app steps, which give the other
 * environments their infrastructure and Applications.
 */
async function renderPromotions(
  svc: Map<string, string>,
  state: ReturnType<typeof createDoubleState>,
): Promise<RecordedCall[]> {
  const repo = cloneUrl(SERVICE_VALUES.repoUrl).replace(/\.git$/, '');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-promote-'));
  const served: string[] = [];
  for (const [f, text] of svc) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
    servedFiles.set(`${repo}/blob/main/${f}`, text);
    served.push(`${repo}/blob/main/${f}`);
  }
  const trees = SERVICE_VALUES.environments.map(env => {
    const url = `${repo}/tree/main/infra/envs/${env}`;
    servedTrees.set(url, path.join(dir, 'infra', 'envs', env));
    return url;
  });
  const pin = (env: string) => {
    const url = `${repo}/blob/main/deploy/overlays/${env}/kustomization.yaml`;
    const doc = yaml.parseDocument(servedFiles.get(url)!);
    (doc.get('images') as any).items[0].set('newTag', PROMOTED_TAG);
    servedFiles.set(url, doc.toString());
  };
  const component = yaml
    .parseAllDocuments(svc.get('catalog-info.yaml')!)
    .map(d => d.toJS() as Entity)
    .find(e => e.kind === 'Component')!;
  const backend = await startScaffolder(state, {
    entities: [...ENTITIES, component],
  });
  const calls: RecordedCall[] = [];
  try {
    const [first, ...rest] = SERVICE_VALUES.environments;
    pin(first); // CI deploys the first environment.
    for (const env of rest) {
      state.calls.length = 0;
      const r = await dryRun(backend.server, 'promote-service', {
        component: `component:default/${SERVICE_VALUES.name}`,
        environment: env,
      });
      await expectRendered(`promote-service ${env}`, r);
      calls.push(...state.calls);
      pin(env); // The team merges the promotion's pull request.
    }
  } finally {
    await backend.stop();
    for (const url of served) servedFiles.delete(url);
    for (const url of trees) servedTrees.delete(url);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return calls;
}

/** Renders new-service (and its promotions), the five environments and onboarding. */
export async function renderPlatform(): Promise<RenderedPlatform> {
  const state = createDoubleState(cloudOf);
  const accessRepo = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-access-'));
  fs.writeFileSync(path.join(accessRepo, 'README.md'), '# Access\n');
  const accessTree = 'https://github.com/acme/platform-access/tree/main';
  servedTrees.set(accessTree, accessRepo);
  const backend = await startScaffolder(state, { realPersona: true });
  const platform: RenderedPlatform = {
    repos: [],
    applications: [],
    terraformRoots: [],
    environments: ENVIRONMENTS,
    registeredClusters: [],
  };
  try {
    state.calls.length = 0;
    const svc = await dryRun(backend.server, 'new-service', SERVICE_VALUES);
    await expectRendered('new-service', svc);
    const svcRepo: RenderedRepo = {
      label: `new-service ${SERVICE_VALUES.name}`,
      repoURL: cloneUrl(SERVICE_VALUES.repoUrl),
      files: svc.files,
      protectedBranches: protectedBranches(
        loggedInputs(svc, 'publish:github')[0],
      ),
    };
    platform.repos.push(svcRepo);
    // new-service provisions and delivers the first environment; the
    // others are reached by promote-service.
    const calls = [
      ...state.calls,
      ...(await renderPromotions(svc.files, state)),
    ];
    platform.applications.push(...applicationsOf(svcRepo.label, calls));
    for (const env of SERVICE_VALUES.environments) {
      platform.terraformRoots.push(
        rootOf(svcRepo, `infra/envs/${env}`, env, calls),
      );
    }

    for (const c of ENVIRONMENT_CASES) {
      state.calls.length = 0;
      const r = await dryRun(backend.server, 'environment', c.values);
      await expectRendered(`environment ${c.environment}`, r);
      const repo: RenderedRepo = {
        label: `environment ${c.environment} (${c.cloud})`,
        repoURL: cloneUrl(c.values.repoUrl),
        files: r.files,
        protectedBranches: protectedBranches(
          loggedInputs(r, 'publish:github')[0],
        ),
        environment: c.environment,
      };
      platform.repos.push(repo);
      platform.applications.push(...applicationsOf(repo.label, state.calls));
      // The delivery layer exists where the environment's delivery is
      // in-cluster (Argo CD installed into the new cluster).
      const layers = ['bootstrap', 'network', 'cluster', 'delivery'].filter(
        layer =>
          [...r.files.keys()].some(
            f =>
              path.posix.dirname(f) === `infra/${layer}` && f.endsWith('.tf'),
          ),
      );
      for (const layer of layers) {
        platform.terraformRoots.push(
          rootOf(repo, `infra/${layer}`, c.environment, state.calls),
        );
      }
      // Central delivery: the cluster registered with the environment's
      // Argo CD (argocd.defaultInstance, `default` here, when none is set).
      for (const call of state.calls.filter(
        x => x.action === 'argocd:register-cluster',
      ))
        platform.registeredClusters.push({
          instance: String(call.input.instance ?? 'default'),
          name: String(call.input.name),
          environment: String(call.input.environment),
        });
    }

    const onboard = await dryRun(
      backend.server,
      'employee-onboarding',
      ONBOARDING_VALUES,
    );
    await expectRendered('employee-onboarding', onboard);
    // The pull request proposes the access/ folder as the repository's root.
    const accessFiles = new Map(
      [...onboard.files]
        .filter(([f]) => f.startsWith('access/'))
        .map(([f, t]) => [f.slice('access/'.length), t]),
    );
    platform.repos.push({
      label: 'employee-onboarding Ada-L',
      repoURL: cloneUrl(ONBOARDING_VALUES.accessRepoUrl),
      files: accessFiles,
      protectedBranches: [],
    });
    platform.applications.push(
      ...accessReconcilerApplications(
        cloneUrl(ONBOARDING_VALUES.accessRepoUrl),
        [...accessFiles.keys()],
        platform.applications,
      ),
    );
  } finally {
    await backend.stop();
    servedTrees.delete(accessTree);
    fs.rmSync(accessRepo, { recursive: true, force: true });
  }
  return platform;
}

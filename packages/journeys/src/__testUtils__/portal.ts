import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  coreServices,
  createServiceFactory,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import { IN_CLUSTER_SERVER } from '@groundwork/plugin-groundwork-common';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import notificationsModule from '@backstage/plugin-scaffolder-backend-module-notifications';
import workspaceDatabaseModule from '@backstage/plugin-scaffolder-backend-module-workspace-database';
// A portal's backend installs the plugin itself, as packages/backend does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformStatusPlugin from '@groundwork/plugin-platform-status-backend';
import platformStatusArgoCdModule from '@groundwork/plugin-platform-status-backend-module-argocd';
import platformStatusAwsCostModule from '@groundwork/plugin-platform-status-backend-module-aws-cost';
import platformStatusPolicyReportsModule from '@groundwork/plugin-platform-status-backend-module-policy-reports';
import argocdModule from '@groundwork/plugin-scaffolder-backend-module-argocd';
import groundworkModule from '@groundwork/plugin-scaffolder-backend-module-groundwork';
import groundworkPromotionRequestsModule from '@groundwork/plugin-scaffolder-backend-module-groundwork/requests';
import moduleFactoryModule from '@groundwork/plugin-scaffolder-backend-module-module-factory';
import personaModule from '@groundwork/plugin-scaffolder-backend-module-persona';
import personaRequestsModule from '@groundwork/plugin-scaffolder-backend-module-persona/requests';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import requestsPlugin from '@groundwork/plugin-requests-backend';
import terraformModule from '@groundwork/plugin-scaffolder-backend-module-terraform';
import terraformRequestsModule from '@groundwork/plugin-scaffolder-backend-module-terraform/requests';
import {
  actorPreservingMockAuth,
  groundworkPermissionFeatures,
} from '@groundwork/backend-test-utils';
import {
  ArgoCdStandIn,
  KubernetesApiStandIn,
  gitHubRepoFiles,
  kustomizeRepoServer,
  createGitHubHostingStandIn,
  createTerraformStandIn,
  GitHubHostingStandIn,
  HcpStandIn,
  planFixturePath,
  TerraformCall,
  TerraformStandIn,
  TerraformStandInOptions,
} from '@groundwork/stand-in-test-utils';
import {
  ENTITIES,
  ENVIRONMENTS,
  TEMPLATES_DIR,
  TEMPLATE_NAMES,
  TEST_CONFIG,
  cloudOf,
} from '@groundwork/templates';
import { PLAN_FROM_CODE } from './planFromCode';
import { catalogEntity } from './tasks';
import { setTimeout as sleep } from 'node:timers/promises';

export const GITHUB_TOKEN = 'ghs_portal_integration';
export const ARGOCD_TOKEN = 'argocd-test-token';
/** The token of the dev cluster's policy-report reader ServiceAccount. */
const POLICY_REPORT_READER_TOKEN = 'policy-report-reader-token';
export const HCP_TOKEN = 'hcp-test-token';
export const ORG = 'acme';

/** The test portal's state backend per environment: what terraform:apply writes as the override. */
const STATE_BACKEND = {
  type: 's3',
  settings: {
    bucket: 'acme-tfstate-{environment}',
    key: '{kind}/{namespace}/{name}/{environment}/{workingDirectory}.tfstate',
    region: 'us-east-1',
    encrypt: true,
    use_lockfile: true,
  },
};

/**
 * The Terraform stand-in's plan for runs in `environment`: computed from the
 * code in the working directory, with that environment's test cloud
 * answering data sources.
 */
export function planOfRenderedCode(environment: string) {
  return {
    program: {
      module: PLAN_FROM_CODE,
      options: { cloud: cloudOf(environment) },
    },
  };
}

/** What `init` configures from STATE_BACKEND for a run in `environment` under state `key`. */
export const initializedBackend = (environment: string, key: string) => ({
  type: 's3',
  config: {
    bucket: `acme-tfstate-${environment}`,
    key,
    region: 'us-east-1',
    encrypt: true,
    use_lockfile: true,
  },
});

/** The commands of one applied terraform:apply run, after the version check. */
export const APPLIED_RUN = [
  'init',
  'validate',
  'plan',
  'show',
  'apply',
  'output',
];

/**
 * The Terraform commands of `calls` in order, without `version`: the action
 * checks the binary once per process, so only the first run shows it.
 */
export const commandsOf = (calls: TerraformCall[]) =>
  calls.map(c => c.argv[0]).filter(c => c !== 'version');

export interface Portal {
  server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  github: GitHubHostingStandIn;
  /** The `nonprod` Argo CD instance (every environment but prod). */
  argocd: ArgoCdStandIn;
  /** The `prod` Argo CD instance (groundwork.environments: prod's argocdInstance). */
  argocdProd: ArgoCdStandIn;
  terraform: TerraformStandIn;
  /**
   * The dev cluster's Kubernetes API, where Kyverno writes its policy
   * reports (platform status reads them as the environment template's
   * reader ServiceAccount).
   */
  devCluster: KubernetesApiStandIn;
  /** HCP Terraform, where the access repository's IAM workspaces run (with `access`). */
  hcp?: HcpStandIn;
  /** Runs a scheduled task's next cycle now, to its end (e.g. `platform-status-policy-reports`). */
  runTask(id: string): Promise<void>;
  /** Violations of every stand-in's contract so far (none expected). */
  assertNoViolations(): void;
  stop(): Promise<void>;
}

/**
 * One database per plugin, each from TestDatabases (a fresh PostgreSQL
 * database or SQLite file per call), as a portal's own database manager
 * gives every plugin its own.
 */
function perPluginDatabases(databases: TestDatabases, id: TestDatabaseId) {
  return createServiceFactory({
    service: coreServices.database,
    deps: {},
    async factory() {
      let client: ReturnType<TestDatabases['init']> | undefined;
      return {
        getClient: () => (client ??= databases.init(id)),
      };
    },
  });
}

/** Writes the test organisation's people and systems (and `extra`) for the catalog to read. */
export function writeOrganisation(dir: string, extra: Entity[] = []): string {
  const orgFile = path.join(dir, 'org.yaml');
  fs.writeFileSync(
    orgFile,
    [...ENTITIES, ...extra].map(e => yaml.stringify(e)).join('---\n'),
  );
  return orgFile;
}

/** Resolves when the catalog holds what a user would pick from. */
export function catalogReady(server: Parameters<typeof catalogEntity>[0]) {
  return Promise.all(
    [
      ...TEMPLATE_NAMES.map(name => `template:default/${name}`),
      ...ENTITIES.map(e => stringifyEntityRef(e)),
    ].map(ref => catalogEntity(server, ref)),
  );
}

/** The plugins and modules of the test portal, as packages/backend installs them. */
export const PORTAL_FEATURES = [
  catalogPlugin,
  catalogModuleScaffolderEntityModel,
  scaffolderPlugin,
  githubModule,
  notificationsModule,
  workspaceDatabaseModule,
  notificationsPlugin,
  groundworkModule,
  moduleFactoryModule,
  terraformModule,
  argocdModule,
  personaModule,
  requestsPlugin,
  personaRequestsModule,
  groundworkPromotionRequestsModule,
  terraformRequestsModule,
  platformStatusPlugin,
  platformStatusArgoCdModule,
  platformStatusAwsCostModule,
  platformStatusPolicyReportsModule,
  // Tokens a plugin issues for a person keep the plugin as the actor, as
  // in a real backend: platform status accepts terraform:apply's reports
  // only from the scaffolder acting for the person who ran the task.
  actorPreservingMockAuth,
];

/** The test portal's app-config: the stand-ins where the real systems would be. */
export function portalConfig(
  standIns: StandIns,
  orgFile: string,
  options: {
    scaffolder?: JsonObject;
    workingDirectory?: string;
    /** Runs the access reconciler, with HCP Terraform at this URL. */
    accessHcpUrl?: string;
  } = {},
): JsonObject {
  const { github, argocd, argocdProd, terraform, devCluster } = standIns;
  return {
    app: { baseUrl: 'http://localhost:3000' },
    backend: {
      baseUrl: 'http://localhost:7007',
      ...(options.workingDirectory && {
        workingDirectory: options.workingDirectory,
      }),
    },
    integrations: { github: [github.integrationConfig()] },
    scaffolder: {
      // Stopping the backend waits for the task worker, so no task
      // touches a database after the test has dropped it.
      EXPERIMENTAL_gracefulShutdown: true,
      defaultAuthor: { name: 'Groundwork', email: 'portal@acme.dev' },
      ...options.scaffolder,
    },
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'API',
            'Resource',
            'Location',
            'Template',
            'User',
            'Group',
          ],
        },
      ],
      locations: [
        { type: 'file', target: orgFile },
        ...TEMPLATE_NAMES.map(name => ({
          type: 'file',
          target: path.join(TEMPLATES_DIR, name, 'template.yaml'),
        })),
      ],
    },
    groundwork: {
      currency: 'USD',
      environments: ENVIRONMENTS,
      persona: {
        github: { host: 'github.com', organization: ORG },
        ...(options.accessHcpUrl && {
          access: {
            repository: `github.com?owner=${ORG}&repo=platform-access`,
            // Runs once at start-up; the journey asks for the others.
            schedule: { frequency: { hours: 1 } },
            github: { teams: ['payments'] },
            argocd: {},
            terraform: { vcs: { oauthTokenId: 'ot-platform-access' } },
          },
        }),
      },
      permissions: {
        adminGroups: ['group:default/platform'],
        approverGroups: ['group:default/platform'],
      },
    },
    moduleFactory: TEST_CONFIG.moduleFactory,
    terraform: {
      binary: terraform.binary,
      pluginCacheDir: terraform.pluginCacheDir,
      timeouts: { cancelGraceSeconds: 5 },
      ...(options.accessHcpUrl && {
        hcp: {
          host: options.accessHcpUrl,
          token: HCP_TOKEN,
          organization: ORG,
        },
      }),
      environments: Object.fromEntries(
        ENVIRONMENTS.filter(e => e.cloud.provider === 'aws').map(e => [
          e.name,
          { backend: STATE_BACKEND },
        ]),
      ),
    },
    argocd: {
      defaultInstance: 'nonprod',
      instances: [
        { name: 'nonprod', url: argocd.url, token: ARGOCD_TOKEN },
        { name: 'prod', url: argocdProd.url, token: ARGOCD_TOKEN },
      ],
    },
    platformStatus: {
      policyReports: {
        clusters: [
          {
            name: 'platform-dev',
            environment: 'dev',
            url: devCluster.url,
            serviceAccountToken: POLICY_REPORT_READER_TOKEN,
          },
        ],
      },
    },
  } as JsonObject;
}

export type StandIns = Pick<
  Portal,
  'github' | 'argocd' | 'argocdProd' | 'terraform' | 'devCluster'
>;

/** The stand-ins a portal talks to, with the test organisation in GitHub. */
export async function startStandIns(
  terraformOptions: TerraformStandInOptions = {
    plan: planOfRenderedCode('dev'),
  },
  options: {
    /** false: no environment's cluster is registered yet (New environment registers it). */
    environmentsExist?: boolean;
  } = {},
): Promise<StandIns & { stop(): Promise<void> }> {
  const github = await createGitHubHostingStandIn({
    tokens: [GITHUB_TOKEN],
  }).start();
  github.state.addOrg({ login: ORG });
  github.state.addTeam(ORG, { name: 'payments' });
  github.state.addTeam(ORG, { name: 'platform' });
  github.state.addUser({ login: 'Ada-L', name: 'Ada Lovelace' });
  github.state.addUser({ login: 'jdoe-gh', name: 'Jane Doe' });
  github.state.setOrgMember(ORG, 'jdoe-gh');
  github.state.setTeamMember(ORG, 'payments', 'jdoe-gh');
  github.repos.addRepo({
    owner: ORG,
    name: 'platform-access',
    files: { 'README.md': '# Who may do what, reviewed\n' },
  });
  // Argo CD renders what it syncs from the repositories on the GitHub
  // stand-in and holds each manifest against the app's AppProject.
  const manifests = kustomizeRepoServer(gitHubRepoFiles(github.repos));
  // The environments exist: each central one's cluster is registered with
  // its Argo CD as New environment registers it (platform-<env>).
  const clustersOf = (instance: string | undefined) => [
    { name: 'in-cluster', server: IN_CLUSTER_SERVER },
    ...(options.environmentsExist === false ? [] : ENVIRONMENTS)
      .filter(
        e => e.delivery?.mode !== 'in-cluster' && e.argocdInstance === instance,
      )
      .map(e => ({
        name: `platform-${e.name}`,
        server: `https://${e.name}.eks.test.acme.dev`,
      })),
  ];
  const argocd = await new ArgoCdStandIn({
    tokens: [ARGOCD_TOKEN],
    manifests,
    clusters: clustersOf(undefined),
  }).start();
  const argocdProd = await new ArgoCdStandIn({
    tokens: [ARGOCD_TOKEN],
    manifests,
    clusters: clustersOf('prod'),
  }).start();
  const terraform = createTerraformStandIn(terraformOptions);
  const devCluster = new KubernetesApiStandIn({
    tokens: {
      [POLICY_REPORT_READER_TOKEN]: {
        user: 'system:serviceaccount:kyverno:groundwork-policy-report-reader',
        canList: ['policyreports', 'clusterpolicyreports'],
      },
    },
  });
  await devCluster.start();
  return {
    github,
    argocd,
    argocdProd,
    terraform,
    devCluster,
    async stop() {
      await devCluster.stop();
      await argocd.stop();
      await argocdProd.stop();
      await github.stop();
      terraform.remove();
    },
  };
}

/**
 * The portal under test: the real catalog (reading the templates from
 * templates/ and the test organisation's people and systems), scaffolder with
 * the GitHub, notification and Groundwork actions, notifications and
 * platform status, configured as a team would configure its portal, with the
 * stand-ins where GitHub, Argo CD and Terraform would be.
 */
export async function startPortal(options: {
  databases: TestDatabases;
  databaseId: TestDatabaseId;
  /** Default: the plan of the rendered code, in dev. */
  terraform?: TerraformStandInOptions;
  /** Stand-ins shared with another portal (a second replica); the caller stops them. */
  standIns?: StandIns;
  /** The database service (default: a fresh database per plugin). */
  database?: ServiceFactory;
  /** Merged over the scaffolder's config. */
  scaffolder?: JsonObject;
  /** The backend's working directory, where task workspaces live. */
  workingDirectory?: string;
  /** false: no environment's cluster is registered with Argo CD yet. */
  environmentsExist?: boolean;
  /**
   * Runs the access reconciler (groundwork.persona.access) on the access
   * repository, with HCP Terraform for its IAM workspaces.
   */
  access?: boolean;
  /**
   * Groundwork's permission policy instead of the test default (allow
   * everything), with each person's groups as a sign-in resolver would put
   * them in the token.
   */
  memberships?: Record<string, string[]>;
  /** What the catalog holds besides the test organisation. */
  entities?: Entity[];
}): Promise<Portal> {
  const owned = options.standIns
    ? undefined
    : await startStandIns(options.terraform, options);
  const { github, argocd, argocdProd, terraform, devCluster } =
    (options.standIns ?? owned)!;
  const hcp = options.access
    ? await new HcpStandIn({
        token: HCP_TOKEN,
        planFile: planFixturePath('08-tfcompliance-mixed-actions-plan.json'),
      }).start()
    : undefined;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-journeys-'));
  const orgFile = writeOrganisation(dir, options.entities);

  // The test backend's scheduler runs each task once at start-up; a
  // journey runs the next cycle of one when it needs it. The instance is a
  // MockSchedulerService, whose factory() installs that same instance (its
  // declared type is only SchedulerService).
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(): ServiceFactory;
  };
  const backend = await startTestBackend({
    features: [
      scheduler.factory(),
      ...(options.memberships
        ? [
            ...PORTAL_FEATURES.filter(f => f !== actorPreservingMockAuth),
            ...groundworkPermissionFeatures(options.memberships),
          ]
        : PORTAL_FEATURES),
      options.database ??
        perPluginDatabases(options.databases, options.databaseId),
      mockServices.rootConfig.factory({
        data: {
          ...portalConfig(
            { github, argocd, argocdProd, terraform, devCluster },
            orgFile,
            {
              ...options,
              accessHcpUrl: hcp?.url,
            },
          ),
          permission: { enabled: !!options.memberships },
        },
      }),
    ],
  });

  // Ready when the catalog holds what a user would pick from.
  await catalogReady(backend.server);

  return {
    server: backend.server,
    github,
    argocd,
    argocdProd,
    terraform,
    devCluster,
    hcp,
    runTask: id => scheduler.triggerTask(id),
    assertNoViolations() {
      github.assertNoViolations();
      argocd.assertNoViolations();
      argocdProd.assertNoViolations();
      if (hcp && hcp.api.violations.length > 0) {
        throw new Error(
          `HCP Terraform contract violations:\n${hcp.api.violations.join(
            '\n',
          )}`,
        );
      }
    },
    async stop() {
      await backend.stop();
      // Background loops (task claims, scheduler, catalog processing) may be
      // mid-query when the backend stops; let them finish before
      // TestDatabases drops the databases.
      await sleep(1500);
      await hcp?.stop();
      await owned?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

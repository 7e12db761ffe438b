/**
 * Every stand-in a whole portal needs, started together and seeded like the
 * demo organisation in `examples/`: the GitHub hosting stand-in (real bare Git
 * repositories, and GitHub sign-in through its OAuth web flow), the Argo CD
 * API server, the Terraform program, and the Kubernetes API servers of the
 * dev and staging clusters where Kyverno writes its policy reports.
 * `overlay()` is the app-config that points the portal's plugins at them,
 * with the keys their READMEs document.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ArgoCdStandIn, gitHubRepoFiles, kustomizeRepoServer } from '../argocd';
import type { OAuthAppRecord } from '../github';
import {
  createGitHubHostingStandIn,
  GitHubHostingStandIn,
} from '../github/hosting';
import {
  KubernetesApiStandIn,
  KubernetesCall,
  PolicyReportResource,
} from '../kubernetes';
import { createTerraformStandIn, TerraformStandIn } from '../terraform';

export interface PortalStandInsOptions {
  /** The catalog file with the organisation's Groups and Users (`examples/org.yaml`). */
  orgFile: string;
  /** The plan document `terraform show -json` prints for every run. */
  planFile: string;
  /** GitHub organisation the people and repositories belong to. */
  organization?: string;
  /** GitHub accounts that exist but are not members yet: the people a journey onboards. */
  newcomers?: Array<{ login: string; name: string; email: string }>;
  /** Environments that get a Terraform state backend (`groundwork.environments` names). */
  environments?: string[];
  githubPort?: number;
  argocdPort?: number;
  /**
   * What Kyverno has written in the dev cluster: PolicyReports and
   * ClusterPolicyReports (`wgpolicyk8s.io/v1alpha2`), each held to its CRD.
   */
  policyReports?: unknown[];
  /**
   * The portal back end's base URL (`backend.baseUrl`), whose
   * `/api/auth/github/handler/frame` is registered as the OAuth app's
   * callback URL. Default `http://localhost`: a loopback callback, which
   * GitHub accepts on any port, so a back end on any local port works.
   */
  backendUrl?: string;
}

/**
 * How the portal turns a GitHub sign-in into a catalog User: the e-mail of
 * the GitHub profile is the User's `spec.profile.email`. The demo's User
 * names (`alan.turing`) cannot be GitHub logins (no dots), and the
 * hand-written catalog holds no GitHub ids, so neither
 * `usernameMatchingUserEntityName` nor `userIdMatchingUserEntityAnnotation`
 * fits it; `emailLocalPartMatchingUserEntityName` would let any domain's
 * `alan.turing@` be Alan.
 */
const SIGN_IN_RESOLVER = 'emailMatchingUserEntityProfileEmail';

/** Where Backstage's GitHub auth provider takes the browser back to. */
export const GITHUB_AUTH_CALLBACK_PATH = '/api/auth/github/handler/frame';

/** A call as a report shows it: never headers, so no credentials. */
interface ReportedCall {
  operationId: string;
  method: string;
  path: string;
  status: number;
  body?: unknown;
}

export interface PortalStandInsReport {
  github: {
    calls: ReportedCall[];
    gitCalls: Array<{ kind: string; path: string; status: number }>;
    violations: string[];
  };
  argocd: { calls: ReportedCall[]; violations: string[] };
  terraform: {
    calls: Array<{ argv: string[]; cwd: string; exitCode?: number }>;
  };
  /** Each cluster's Kubernetes API, by the cluster's name. */
  kubernetes: Record<string, { calls: KubernetesCall[] }>;
}

/**
 * A cluster whose Kubernetes API platform status reads policy reports from
 * (`platformStatus.policyReports.clusters[]`).
 */
interface PolicyReportCluster {
  name: string;
  environment: string;
  api: KubernetesApiStandIn;
  token: string;
}

/** The kind a policy report names, to the plural the API serves it under. */
const RESOURCE_OF_KIND: Record<string, PolicyReportResource> = {
  PolicyReport: 'policyreports',
  ClusterPolicyReport: 'clusterpolicyreports',
};

/**
 * The dev and staging clusters' API servers. Dev's token is the reader
 * ServiceAccount the environment template's kyverno-policies add-on binds to
 * the ClusterRole `groundwork-policy-report-reader` (list on both report
 * kinds). Staging's belongs to a ServiceAccount bound to nothing, so its API
 * answers 403 Forbidden, as a cluster where that binding is missing does:
 * platform status shows what that looks like. Prod has no cluster configured.
 */
function seededClusters(policyReports: unknown[]): PolicyReportCluster[] {
  const reader = randomBytes(24).toString('hex');
  const dev = new KubernetesApiStandIn({
    tokens: {
      [reader]: {
        user: 'system:serviceaccount:kyverno:groundwork-policy-report-reader',
        canList: ['policyreports', 'clusterpolicyreports'],
      },
    },
  });
  const unbound = randomBytes(24).toString('hex');
  const staging = new KubernetesApiStandIn({
    tokens: {
      [unbound]: {
        user: 'system:serviceaccount:kyverno:groundwork-policy-report-reader',
        canList: [],
      },
    },
  });
  for (const report of policyReports) {
    const kind = (report as { kind?: unknown })?.kind;
    const resource = RESOURCE_OF_KIND[String(kind)];
    if (!resource) {
      throw new Error(
        `A policy report must be a PolicyReport or ClusterPolicyReport, not ${JSON.stringify(
          kind,
        )}.`,
      );
    }
    // Throws with the CRD's complaint, as the API server would refuse it.
    dev.put(resource, report);
  }
  return [
    { name: 'platform-dev', environment: 'dev', api: dev, token: reader },
    {
      name: 'platform-staging',
      environment: 'staging',
      api: staging,
      token: unbound,
    },
  ];
}

export const DEFAULT_NEWCOMERS = [
  {
    login: 'mae-jemison',
    name: 'Mae Jemison',
    email: 'mae.jemison@example.com',
  },
  {
    login: 'dorothy-vaughan',
    name: 'Dorothy Vaughan',
    email: 'dorothy.vaughan@example.com',
  },
];

interface CatalogEntity {
  kind?: string;
  metadata?: { name?: string; namespace?: string; title?: string };
  spec?: {
    type?: string;
    members?: string[];
    profile?: { displayName?: string; email?: string };
  };
}

/** GitHub logins cannot hold dots; the demo's user names do. */
function gitHubLoginOf(userName: string): string {
  return userName.replace(/[^A-Za-z0-9-]+/g, '-');
}

function readOrg(file: string): CatalogEntity[] {
  if (!fs.existsSync(file)) {
    throw new Error(
      `No organisation file at ${file}: pass --org with a catalog file holding Groups and Users (e.g. examples/org.yaml).`,
    );
  }
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(doc => doc.toJS() as CatalogEntity)
    .filter(Boolean);
}

/** Request fields that are credentials: the OAuth app's secret and the one-time code. */
const SECRET_FIELDS = new Set(['client_secret', 'code']);

function redacted(operationId: string, body: unknown): unknown {
  if (
    !operationId.includes('/login/oauth/') ||
    !body ||
    typeof body !== 'object'
  ) {
    return body;
  }
  return Object.fromEntries(
    Object.entries(body).map(([k, v]) => [
      k,
      SECRET_FIELDS.has(k) ? '[redacted]' : v,
    ]),
  );
}

const toReported = (calls: ReportedCall[]): ReportedCall[] =>
  calls.map(({ operationId, method, path: p, status, body }) => ({
    operationId,
    method,
    path: p,
    status,
    body: redacted(operationId, body),
  }));

export class PortalStandIns {
  private constructor(
    readonly github: GitHubHostingStandIn,
    readonly argocd: ArgoCdStandIn,
    readonly terraform: TerraformStandIn,
    readonly clusters: PolicyReportCluster[],
    readonly organization: string,
    private readonly environments: string[],
    private readonly argocdToken: string,
    private readonly signInApp: OAuthAppRecord,
  ) {}

  static async start(options: PortalStandInsOptions): Promise<PortalStandIns> {
    const organization = options.organization ?? 'groundwork-demo';
    const entities = readOrg(options.orgFile);
    if (!fs.existsSync(options.planFile)) {
      throw new Error(
        `No plan document at ${options.planFile}: pass --plan with a \`terraform show -json\` file.`,
      );
    }
    const backendUrl = (options.backendUrl ?? 'http://localhost').replace(
      /\/+$/,
      '',
    );
    if (!/^https?:\/\/[^/]+(\/.*)?$/.test(backendUrl)) {
      throw new Error(
        `--backend-url must be the portal back end's base URL (backend.baseUrl), e.g. http://localhost:7007, not "${options.backendUrl}".`,
      );
    }
    // Before any server starts: a report its CRD refuses stops here.
    const clusters = seededClusters(options.policyReports ?? []);
    // Fresh credentials per run: nothing outside this run can call in.
    const githubToken = `ghs_${randomBytes(18).toString('hex')}`;
    const argocdToken = randomBytes(24).toString('hex');

    const github = await createGitHubHostingStandIn({
      tokens: [githubToken],
    }).start(options.githubPort ?? 0);
    // Argo CD renders what it syncs from the GitHub stand-in's repositories
    // and holds each manifest against the app's AppProject.
    // The embedded default's environments (app-config.yaml: dev, staging,
    // prod, central delivery) exist: each cluster is registered as New
    // environment registers it, so services can be delivered there.
    const argocd = await new ArgoCdStandIn({
      tokens: [argocdToken],
      manifests: kustomizeRepoServer(gitHubRepoFiles(github.repos)),
      clusters: [
        { name: 'in-cluster', server: 'https://kubernetes.default.svc' },
        ...['dev', 'staging', 'prod'].map(env => ({
          name: `platform-${env}`,
          server: `https://${env}.eks.demo.groundwork.dev`,
        })),
      ],
    }).start(options.argocdPort ?? 0);
    for (const cluster of clusters) await cluster.api.start();
    const terraform = createTerraformStandIn({
      plan: { file: options.planFile },
      // What new-service's workflow environment is handed after the first apply.
      outputs: {
        ci_role_arn: {
          value: 'arn:aws:iam::111111111111:role/groundwork-ci-push',
        },
        aws_region: { value: 'us-east-1' },
      },
    });

    const { state } = github;
    // The portal's GitHub sign-in (Backstage's GitHub auth provider).
    const signInApp = github.registerOAuthApp({
      name: 'Groundwork portal',
      callbackUrl: `${backendUrl}${GITHUB_AUTH_CALLBACK_PATH}`,
    });
    state.addOrg({ login: organization, name: 'Groundwork Demo' });
    // The organisation's people; other namespaces hold Backstage-only
    // identities (the guest), who have no GitHub account.
    const users = new Map(
      entities
        .filter(
          e =>
            e.kind === 'User' &&
            e.metadata?.name &&
            (e.metadata.namespace ?? 'default') === 'default',
        )
        .map(e => [e.metadata!.name!, e]),
    );
    for (const [name, user] of users) {
      state.addUser({
        login: gitHubLoginOf(name),
        name: user.spec?.profile?.displayName,
        email: user.spec?.profile?.email,
      });
    }
    for (const group of entities.filter(
      e => e.kind === 'Group' && e.spec?.type === 'team',
    )) {
      const team = state.addTeam(organization, {
        name: group.metadata?.title ?? group.metadata!.name!,
        slug: group.metadata!.name!,
      });
      for (const member of group.spec?.members ?? []) {
        if (users.has(member)) {
          state.setTeamMember(organization, team.slug, gitHubLoginOf(member));
        }
      }
    }
    for (const person of options.newcomers ?? DEFAULT_NEWCOMERS) {
      state.addUser(person);
    }
    // Where onboarding opens its pull requests (the templates' default access repository).
    github.repos.addRepo({
      owner: organization,
      name: 'platform-access',
      private: true,
      files: {
        'README.md':
          '# Platform access\n\nIAM, RBAC and Argo CD policy, reviewed here and applied on merge.\n',
      },
    });

    return new PortalStandIns(
      github,
      argocd,
      terraform,
      clusters,
      organization,
      options.environments ?? ['dev', 'staging', 'prod'],
      argocdToken,
      signInApp,
    );
  }

  /** App-config that points the portal at the stand-ins (keys from the plugins' READMEs). */
  overlay(): Record<string, unknown> {
    const backend = (environment: string) => ({
      type: 's3',
      settings: {
        bucket: `${this.organization}-tfstate-${environment}`,
        key: '{kind}/{namespace}/{name}/{environment}/{workingDirectory}.tfstate',
        region: 'us-east-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
    return {
      integrations: { github: [this.github.integrationConfig()] },
      argocd: {
        defaultInstance: 'stand-in',
        instances: [
          { name: 'stand-in', url: this.argocd.url, token: this.argocdToken },
        ],
      },
      terraform: {
        binary: this.terraform.binary,
        pluginCacheDir: this.terraform.pluginCacheDir,
        environments: Object.fromEntries(
          this.environments.map(env => [env, { backend: backend(env) }]),
        ),
      },
      // Backstage's GitHub auth provider against the stand-in, as against
      // GitHub Enterprise Server (plugin-auth-backend-module-github-provider).
      auth: {
        providers: {
          github: {
            development: {
              clientId: this.signInApp.clientId,
              clientSecret: this.signInApp.clientSecret,
              enterpriseInstanceUrl: this.github.url,
              signIn: { resolvers: [{ resolver: SIGN_IN_RESOLVER }] },
            },
          },
        },
      },
      // Platform status reads Kyverno's policy reports from each cluster
      // (plugins/platform-status-backend-module-policy-reports); plain http
      // is accepted on loopback only.
      platformStatus: {
        policyReports: {
          clusters: this.clusters.map(c => ({
            name: c.name,
            environment: c.environment,
            url: c.api.url,
            serviceAccountToken: c.token,
          })),
        },
      },
      groundwork: {
        persona: { github: { organization: this.organization } },
        // The sign-in page offers these (the guest stays for the embedded default).
        signIn: { providers: ['guest', 'github'] },
      },
    };
  }

  /** The OAuth app the portal's GitHub sign-in uses (client id, secret, callback URL). */
  get signIn(): OAuthAppRecord {
    return this.signInApp;
  }

  report(): PortalStandInsReport {
    return {
      github: {
        calls: toReported(this.github.calls),
        gitCalls: this.github.gitServer.calls.map(c => ({
          kind: c.kind,
          path: c.path,
          status: c.status,
        })),
        violations: [...this.github.violations],
      },
      argocd: {
        calls: toReported(this.argocd.calls),
        violations: [...this.argocd.violations],
      },
      terraform: {
        calls: this.terraform
          .calls()
          .map(({ argv, cwd, exitCode }) => ({ argv, cwd, exitCode })),
      },
      kubernetes: Object.fromEntries(
        this.clusters.map(c => [c.name, { calls: [...c.api.calls] }]),
      ),
    };
  }

  async stop(): Promise<void> {
    await Promise.allSettled([
      this.github.stop(),
      this.argocd.stop(),
      ...this.clusters.map(c => c.api.stop()),
    ]);
    this.terraform.remove();
  }
}

/** The repository root, for defaults that name files in it. */
export function repositoryRoot(): string {
  // The package's own location: run from source in this repository.
  // eslint-disable-next-line no-restricted-syntax
  return path.resolve(__dirname, '../../../..');
}

import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';

/**
 * `groundwork.persona.access`: what applies the access repository once its
 * pull requests merge. Absent: nothing is reconciled (the files wait for
 * whatever else applies them).
 */
export interface AccessReconcileConfig {
  /** The integrations.github host of the repository. */
  host: string;
  owner: string;
  repo: string;
  /** The branch merged pull requests land on; the repository's default when unset. */
  branch?: string;
  schedule: { frequency: HumanDuration; timeout: HumanDuration };
  github: {
    /** The GitHub team slugs whose memberships converge to the files; no others are touched. */
    teams: string[];
  };
  argocd?: {
    /** The AppProject that holds the access Applications, on every instance. */
    project: string;
    /** Namespace of Argo CD itself (where `argocd-rbac-cm` lives). */
    namespace: string;
    /** The cluster each environment's bindings go to, by environment name. */
    destinations: Record<string, string>;
  };
  terraform?: {
    /** HCP Terraform base URL (`terraform.hcp.host`). */
    baseUrl: string;
    token: string;
    organization: string;
    /** Workspace name pattern; `{cloud}` is aws, gcp or azure. */
    workspaceName: string;
    vcs: { oauthTokenId?: string; githubAppInstallationId?: string };
    autoApply: boolean;
  };
}

const SLUG = /^[a-z0-9][a-z0-9._-]*$/i;

/** Parses `github.com?owner=acme&repo=access` or `https://github.com/acme/access`. */
export function parseAccessRepository(value: string): {
  host: string;
  owner: string;
  repo: string;
} {
  const bad = () =>
    new TypeError(
      `groundwork.persona.access.repository must be "github.com?owner=<org>&repo=<name>" or "https://github.com/<org>/<name>", got "${value}".`,
    );
  let host: string;
  let owner: string | null;
  let repo: string | null;
  if (/^https:\/\//.test(value)) {
    const url = new URL(value);
    const parts = url.pathname.replace(/^\/|\/$|\.git$/g, '').split('/');
    if (parts.length !== 2) throw bad();
    host = url.host;
    [owner, repo] = parts;
  } else {
    const [h, query] = value.split('?');
    const params = new URLSearchParams(query ?? '');
    host = h;
    owner = params.get('owner');
    repo = params.get('repo');
  }
  if (!host || !owner || !repo || !SLUG.test(owner) || !SLUG.test(repo)) {
    throw bad();
  }
  return { host, owner, repo };
}

export function readAccessReconcileConfig(
  config: Config,
): AccessReconcileConfig | undefined {
  const root = config.getOptionalConfig('groundwork.persona.access');
  if (!root) return undefined;
  const { host, owner, repo } = parseAccessRepository(
    root.getString('repository'),
  );
  const teams = root.getOptionalStringArray('github.teams') ?? [];
  for (const team of teams) {
    if (!SLUG.test(team)) {
      throw new TypeError(
        `groundwork.persona.access.github.teams holds "${team}", which is not a GitHub team slug (as in github.com/orgs/<org>/teams/<slug>).`,
      );
    }
  }
  const schedule = root.getOptionalConfig('schedule');
  const argocd = root.getOptionalConfig('argocd');
  const terraform = root.getOptionalConfig('terraform');
  let terraformConfig: AccessReconcileConfig['terraform'];
  if (terraform) {
    const hcp = config.getOptionalConfig('terraform.hcp');
    const hostName = hcp?.getOptionalString('host') ?? 'app.terraform.io';
    const token = hcp?.getOptionalString('token');
    const organization =
      terraform.getOptionalString('organization') ??
      hcp?.getOptionalString('organization');
    if (!token || !organization) {
      throw new TypeError(
        'groundwork.persona.access.terraform needs HCP Terraform: set terraform.hcp.token and terraform.hcp.organization (or groundwork.persona.access.terraform.organization).',
      );
    }
    const oauthTokenId = terraform.getOptionalString('vcs.oauthTokenId');
    const githubAppInstallationId = terraform.getOptionalString(
      'vcs.githubAppInstallationId',
    );
    if (!oauthTokenId === !githubAppInstallationId) {
      throw new TypeError(
        'groundwork.persona.access.terraform.vcs needs exactly one of oauthTokenId (an HCP Terraform VCS provider\'s OAuth token, "ot-…") or githubAppInstallationId ("ghain-…"), so the workspaces can read the access repository.',
      );
    }
    const workspaceName =
      terraform.getOptionalString('workspaceName') ?? 'access-iam-{cloud}';
    if (!/^[A-Za-z0-9_-]*\{cloud\}[A-Za-z0-9_-]*$/.test(workspaceName)) {
      throw new TypeError(
        `groundwork.persona.access.terraform.workspaceName must hold {cloud} and only letters, digits, '-' and '_' besides, got "${workspaceName}".`,
      );
    }
    terraformConfig = {
      baseUrl: (/^https?:\/\//.test(hostName)
        ? hostName
        : `https://${hostName}`
      ).replace(/\/+$/, ''),
      token,
      organization,
      workspaceName,
      vcs: { oauthTokenId, githubAppInstallationId },
      autoApply: terraform.getOptionalBoolean('autoApply') ?? true,
    };
  }
  return {
    host,
    owner,
    repo,
    branch: root.getOptionalString('branch'),
    schedule: {
      frequency: schedule?.has('frequency')
        ? readDurationFromConfig(schedule, { key: 'frequency' })
        : { minutes: 5 },
      timeout: schedule?.has('timeout')
        ? readDurationFromConfig(schedule, { key: 'timeout' })
        : { minutes: 3 },
    },
    github: { teams },
    argocd: argocd && {
      project: argocd.getOptionalString('project') ?? 'groundwork-access',
      namespace: argocd.getOptionalString('namespace') ?? 'argocd',
      destinations: Object.fromEntries(
        (argocd.getOptionalConfig('destinations')?.keys() ?? []).map(k => [
          k,
          argocd.getString(`destinations.${k}`),
        ]),
      ),
    },
    terraform: terraformConfig,
  };
}

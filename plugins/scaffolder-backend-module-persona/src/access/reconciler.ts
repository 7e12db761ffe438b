import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  ArgoCdApplication,
  ArgoCdAppProject,
  ArgoCdClient,
} from '@groundwork/plugin-argocd-node';
import {
  argocdClusterOf,
  GroundworkEnvironment,
} from '@groundwork/plugin-groundwork-common';
import { Octokit } from '@octokit/rest';
import { PersonaCatalogue } from '../catalogue/loadPersonaCatalogue';
import {
  ensureTeamMembership,
  removeTeamMembership,
} from '../github/memberships';
import {
  ACCESS_ENVIRONMENT_LABEL,
  ACCESS_TEAM_LABEL,
  renderAccessApplications,
  teamFolders,
  teamServiceNamespaces,
} from './argocd';
import { AccessReconcileConfig } from './config';
import { desiredMemberships, IgnoredEntry } from './desired';
import { ensureIamWorkspace, WorkspaceOutcome } from './hcp';
import { readReviewedTree } from './repository';
import { AccessStore } from './store';

/** What one run of the access reconciler saw and did. */
interface AccessReconcileReport {
  repository: string;
  branch?: string;
  /** The merged pull request's commit everything below comes from. */
  reviewedSha?: string;
  pullNumber?: number;
  /** Commits on the branch that no merged pull request made: not acted on. */
  unreviewed: string[];
  /** Such a commit below a later merge: nothing past it is applied until acknowledged. */
  blockedBy?: string;
  ignored: IgnoredEntry[];
  github: Array<{
    team: string;
    login: string;
    role?: string;
    status: 'added' | 'invited' | 'unchanged' | 'removed' | 'failed';
    detail?: string;
  }>;
  argocd: Array<{
    instance: string;
    kind: 'AppProject' | 'Application';
    name: string;
    /** `read`: a team's project, whose destinations say where its services run. */
    status: 'ensured' | 'read' | 'deleted' | 'failed';
    detail?: string;
  }>;
  terraform: Array<
    | WorkspaceOutcome
    | { cloud: string; status: 'failed'; detail: string; workspace?: string }
  >;
  errors: string[];
}

interface AccessReconcilerDeps {
  config: AccessReconcileConfig;
  catalogue: PersonaCatalogue;
  environments: GroundworkEnvironment[];
  /** The organization whose team memberships converge; none: GitHub is skipped. */
  organization?: string;
  /** An Octokit for the access repository's owner, and one for the organization. */
  repositoryClient: () => Promise<Octokit>;
  organizationClient: () => Promise<Octokit>;
  /** The GitHub team slug of a catalog Group (its `github.com/team-slug`, or its name). */
  teamSlugOf: (groupRef: string) => Promise<string>;
  argocd?: {
    instances: string[];
    defaultInstance?: string;
    client: (instance?: string) => ArgoCdClient;
    /**
     * The team's AppProject in an environment
     * (`groundwork.persona.argocd.project`): its destinations on the
     * environment's cluster are the namespaces of the team's services.
     */
    teamProject: (team: string, environment: string) => string;
  };
  store: AccessStore;
  auditor: AuditorService;
  logger: LoggerService;
}

const describe = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * Makes what the access repository's default branch says, as merged through
 * reviewed pull requests, true: GitHub team memberships of the managed
 * teams, the Argo CD Applications that sync its RBAC and Argo CD policy,
 * and the HCP Terraform workspaces that apply its IAM. Only memberships
 * this reconciler granted are ever removed (a member someone added by hand
 * is not its business), and only in managed teams.
 */
export class AccessReconciler {
  constructor(private readonly deps: AccessReconcilerDeps) {}

  async run(signal?: AbortSignal): Promise<AccessReconcileReport> {
    const { config, store, auditor, logger } = this.deps;
    const startedAt = new Date().toISOString();
    const report: AccessReconcileReport = {
      repository: `${config.host}/${config.owner}/${config.repo}`,
      unreviewed: [],
      ignored: [],
      github: [],
      argocd: [],
      terraform: [],
      errors: [],
    };
    const event = await auditor.createEvent({
      eventId: 'access-reconcile',
      severityLevel: 'medium',
      meta: { repository: report.repository },
    });
    try {
      await this.reconcile(report, signal);
    } catch (error) {
      report.errors.push(describe(error));
    }
    const failed =
      report.errors.length > 0 ||
      [...report.github, ...report.argocd, ...report.terraform].some(
        r => r.status === 'failed',
      );
    await store.recordRun({
      startedAt,
      finishedAt: new Date().toISOString(),
      status: failed ? 'failed' : 'succeeded',
      reviewedSha: report.reviewedSha,
      report,
    });
    const meta = {
      repository: report.repository,
      reviewedSha: report.reviewedSha ?? null,
      pullNumber: report.pullNumber ?? null,
      unreviewed: report.unreviewed,
      blockedBy: report.blockedBy ?? null,
      ignored: report.ignored.map(i => `${i.path}: ${i.reason}`),
      changes: [
        ...report.github
          .filter(g => g.status !== 'unchanged')
          .map(g => `github ${g.team}/${g.login}: ${g.status}`),
        ...report.terraform
          .filter(t => t.status !== 'unchanged')
          .map(t => `hcp ${t.workspace ?? t.cloud}: ${t.status}`),
      ],
    };
    if (failed) {
      await event.fail({
        error: new Error(report.errors.join('; ') || 'a change failed'),
        meta,
      });
      logger.warn(
        `Access reconciliation of ${
          report.repository
        } failed: ${report.errors.join('; ')}`,
      );
    } else {
      await event.success({ meta });
    }
    if (report.unreviewed.length > 0) {
      logger.warn(
        `The access repository ${report.repository} has ${
          report.unreviewed.length
        } commit(s) on ${
          report.branch
        } that no merged pull request made (${report.unreviewed.join(
          ', ',
        )}); they are not applied. Revert them, and make the change through a pull request.`,
      );
    }
    return report;
  }

  private async reconcile(report: AccessReconcileReport, signal?: AbortSignal) {
    const { config } = this.deps;
    const tree = await readReviewedTree(
      await this.deps.repositoryClient(),
      { owner: config.owner, repo: config.repo, branch: config.branch },
      {
        lastApplied: await this.deps.store.lastApplied(),
        acknowledged: await this.deps.store.acknowledged(),
        signal,
      },
    );
    report.branch = tree.branch;
    report.unreviewed = tree.unreviewed;
    report.blockedBy = tree.blockedBy;
    if (tree.blockedBy) {
      // Still converges to what was applied last, so drift is corrected.
      report.errors.push(
        `Commit ${tree.blockedBy} on ${tree.branch} of ${report.repository} came from no merged pull request, and a merge on top of it would carry it; nothing after ${tree.reviewedSha} is applied. Revert it through a pull request if it should not be there, then have an administrator acknowledge it (POST /api/scaffolder/groundwork/access/acknowledgements).`,
      );
    }
    if (!tree.reviewedSha) {
      report.errors.push(
        `No commit on ${tree.branch} of ${report.repository} came from a merged pull request; nothing is applied until one is merged.`,
      );
      return;
    }
    report.reviewedSha = tree.reviewedSha;
    report.pullNumber = tree.pullNumber;

    await this.convergeGitHub(report, tree.files, tree.reviewedSha, signal);
    await this.ensureArgoCd(report, tree.paths, tree.branch, signal);
    await this.ensureTerraform(report, tree.paths, tree.branch, signal);
  }

  private async convergeGitHub(
    report: AccessReconcileReport,
    files: Map<string, string>,
    sha: string,
    signal?: AbortSignal,
  ) {
    const { organization, store, config } = this.deps;
    if (!organization) return;
    const desired = await desiredMemberships({
      files,
      catalogue: this.deps.catalogue,
      managedTeams: config.github.teams,
      teamSlugOf: this.deps.teamSlugOf,
    });
    report.ignored.push(...desired.ignored);
    const octokit = await this.deps.organizationClient();
    const wanted = new Set(
      desired.memberships.map(m => `${m.team}/${m.login}`),
    );
    for (const m of desired.memberships) {
      try {
        const outcome = await ensureTeamMembership(
          octokit,
          organization,
          m.team,
          m.login,
          m.role,
          { signal },
        );
        await store.recordGranted({
          team: m.team,
          login: m.login,
          role: m.role,
          path: m.path,
          commitSha: sha,
        });
        report.github.push({
          team: m.team,
          login: m.login,
          role: m.role,
          status: outcome.status as 'added' | 'invited' | 'unchanged',
          detail: outcome.detail,
        });
      } catch (error) {
        report.github.push({
          team: m.team,
          login: m.login,
          role: m.role,
          status: 'failed',
          detail: describe(error),
        });
      }
    }
    const managed = new Set(config.github.teams.map(t => t.toLowerCase()));
    for (const granted of await store.granted()) {
      if (wanted.has(`${granted.team}/${granted.login}`)) continue;
      if (!managed.has(granted.team)) {
        // No longer Groundwork's team: what is there stays, and is forgotten.
        await store.forget(granted.team, granted.login);
        continue;
      }
      try {
        const outcome = await removeTeamMembership(
          octokit,
          organization,
          granted.team,
          granted.login,
          { signal },
        );
        await store.forget(granted.team, granted.login);
        report.github.push({
          team: granted.team,
          login: granted.login,
          status: outcome.status === 'removed' ? 'removed' : 'unchanged',
          detail: `${granted.path} is no longer in the access repository${
            outcome.detail ? ` (${outcome.detail})` : ''
          }`,
        });
      } catch (error) {
        report.github.push({
          team: granted.team,
          login: granted.login,
          status: 'failed',
          detail: describe(error),
        });
      }
    }
  }

  private async ensureArgoCd(
    report: AccessReconcileReport,
    paths: string[],
    branch: string,
    signal?: AbortSignal,
  ) {
    const { config, argocd } = this.deps;
    if (!config.argocd || !argocd) return;
    const teams = await this.teamNamespaces(report, paths, signal);
    const rendered = renderAccessApplications({
      config: config.argocd,
      repoUrl: `https://${config.host}/${config.owner}/${config.repo}.git`,
      branch,
      paths,
      environments: this.deps.environments,
      instances: argocd.instances,
      defaultInstance: argocd.defaultInstance,
      teamNamespaces: teams.namespaces,
    });
    report.ignored.push(...rendered.ignored);
    const byInstance = new Map(rendered.byInstance.map(r => [r.instance, r]));
    // Every instance, so a stale team Application is found even where
    // nothing is wanted any more.
    const key = (i?: string) => (i === argocd.defaultInstance ? undefined : i);
    for (const instance of new Set([
      ...byInstance.keys(),
      ...argocd.instances.map(key),
    ])) {
      const client = argocd.client(instance);
      const wanted = byInstance.get(instance);
      if (
        wanted &&
        !(await this.ensureApplications(report, client, wanted, signal))
      ) {
        continue;
      }
      await this.deleteStaleTeamApplications(
        report,
        client,
        new Set(wanted?.applications.map(a => a.metadata.name)),
        teams.unknown,
        signal,
      );
    }
  }

  /** The AppProject, then its Applications; false when the project failed. */
  private async ensureApplications(
    report: AccessReconcileReport,
    client: ArgoCdClient,
    {
      project,
      applications,
    }: { project: ArgoCdAppProject; applications: ArgoCdApplication[] },
    signal?: AbortSignal,
  ): Promise<boolean> {
    const name = client.name;
    try {
      await client.createProject(project, { upsert: true, signal });
      report.argocd.push({
        instance: name,
        kind: 'AppProject',
        name: project.metadata.name,
        status: 'ensured',
      });
    } catch (error) {
      report.argocd.push({
        instance: name,
        kind: 'AppProject',
        name: project.metadata.name,
        status: 'failed',
        detail: describe(error),
      });
      return false;
    }
    for (const app of applications) {
      try {
        await client.createApplication(app, { upsert: true, signal });
        report.argocd.push({
          instance: name,
          kind: 'Application',
          name: app.metadata.name,
          status: 'ensured',
        });
      } catch (error) {
        report.argocd.push({
          instance: name,
          kind: 'Application',
          name: app.metadata.name,
          status: 'failed',
          detail: describe(error),
        });
      }
    }
    return true;
  }

  /**
   * Where each team folder applies: the namespaces its team's AppProject
   * allows on the environment's cluster, which the service templates add
   * as they deliver each service there. A project that could not be read
   * leaves its folder `unknown`: its Applications are neither added nor
   * deleted this run.
   */
  private async teamNamespaces(
    report: AccessReconcileReport,
    paths: string[],
    signal?: AbortSignal,
  ) {
    const { argocd, config } = this.deps;
    const namespaces = new Map<string, string[]>();
    const unknown = new Set<string>();
    for (const folder of teamFolders(paths)) {
      const env = this.deps.environments.find(
        e => e.name === folder.environment,
      );
      if (!env || !argocd) continue;
      const client = argocd.client(env.argocdInstance);
      const name = argocd.teamProject(folder.team, env.name);
      const cluster = config.argocd?.destinations[env.name]
        ? { server: config.argocd.destinations[env.name] }
        : argocdClusterOf(env);
      try {
        const project = await client.getProject(name, { signal });
        namespaces.set(
          folder.folder,
          teamServiceNamespaces(cluster, project?.spec?.destinations),
        );
        report.argocd.push({
          instance: client.name,
          kind: 'AppProject',
          name,
          status: 'read',
          detail: project
            ? undefined
            : `no such project: team ${folder.team} has no service in ${env.name} yet`,
        });
      } catch (error) {
        unknown.add(`${env.name}/${folder.team}`);
        report.argocd.push({
          instance: client.name,
          kind: 'AppProject',
          name,
          status: 'failed',
          detail: describe(error),
        });
      }
    }
    return { namespaces, unknown };
  }

  /**
   * Deletes (cascading, so their RoleBindings go) the team Applications no
   * folder and project call for any more: a service that moved to another
   * team, a team folder that went.
   */
  private async deleteStaleTeamApplications(
    report: AccessReconcileReport,
    client: ArgoCdClient,
    wanted: Set<string>,
    unknown: Set<string>,
    signal?: AbortSignal,
  ) {
    const project = this.deps.config.argocd!.project;
    let existing: ArgoCdApplication[];
    try {
      existing = await client.listApplications({
        selector: ACCESS_TEAM_LABEL,
        signal,
      });
    } catch (error) {
      report.errors.push(
        `Could not list the access Applications on Argo CD ${
          client.name
        }: ${describe(error)}`,
      );
      return;
    }
    for (const app of existing) {
      const labels = app.metadata.labels ?? {};
      const key = `${labels[ACCESS_ENVIRONMENT_LABEL]}/${labels[ACCESS_TEAM_LABEL]}`;
      if (
        app.spec.project !== project ||
        wanted.has(app.metadata.name) ||
        unknown.has(key)
      ) {
        continue;
      }
      try {
        await client.deleteApplication(app.metadata.name, {
          project,
          appNamespace: app.metadata.namespace,
          cascade: true,
          signal,
        });
        report.argocd.push({
          instance: client.name,
          kind: 'Application',
          name: app.metadata.name,
          status: 'deleted',
        });
      } catch (error) {
        report.argocd.push({
          instance: client.name,
          kind: 'Application',
          name: app.metadata.name,
          status: 'failed',
          detail: describe(error),
        });
      }
    }
  }

  private async ensureTerraform(
    report: AccessReconcileReport,
    paths: string[],
    branch: string,
    signal?: AbortSignal,
  ) {
    const { config } = this.deps;
    if (!config.terraform) return;
    const clouds = [
      ...new Set(
        paths
          .map(p => /^iam\/(aws|gcp|azure)\/[^/]+\.tf$/.exec(p)?.[1])
          .filter((c): c is string => Boolean(c)),
      ),
    ].sort();
    for (const cloud of clouds) {
      try {
        report.terraform.push(
          await ensureIamWorkspace({
            settings: config.terraform,
            cloud,
            identifier: `${config.owner}/${config.repo}`,
            branch,
            signal,
          }),
        );
      } catch (error) {
        report.terraform.push({
          cloud,
          status: 'failed',
          detail: describe(error),
        });
      }
    }
  }
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type {
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import {
  ArgoCdApplication,
  ArgoCdClient,
  ArgoCdInstance,
} from '@groundwork/plugin-argocd-node';
import { parseEntityRef } from '@backstage/catalog-model';
import type { CreateAppInput } from '../../actions/types';
import {
  renderApplication,
  renderProject,
  toManifest,
  toYaml,
} from '../../manifests/render';
import type {
  ClientTuning,
  Delivery,
  DeliveryMode,
  PollTiming,
  TaskStepContext,
} from '../types';
import { waitAsAsked } from '../wait';
import { GitOpsConfig, renderPath } from './config';
import { Manifest, Planner } from './planner';
import { FileChange, GitOpsRepository } from './repository';

type GitOpsResult = {
  change: 'committed' | 'pull-request' | 'unchanged';
  revision?: string;
  pullRequestUrl?: string;
};

/**
 * GitOps mode: renders the Application (and AppProject) manifests and puts
 * them in the GitOps repository that an app-of-apps watches, as a commit on
 * the base branch or a pull request, per `argocd.gitops.mode`. Identical
 * files make no commit; an open pull request for the same app is updated.
 */
export class GitOpsMode implements DeliveryMode {
  readonly url: string;
  private readonly input: CreateAppInput;
  private readonly step: TaskStepContext;
  private readonly gitops: GitOpsConfig;
  private readonly appNamespace: string;
  private readonly app: ArgoCdApplication;
  /** The AppProject file (unless `projectMode: reuse`), then the Application's. */
  private readonly manifests: Manifest[];
  private readonly appPath: string;
  /** Of the instance that watches the repository, when there is one. */
  private readonly client?: ArgoCdClient;

  constructor(
    private readonly options: {
      input: CreateAppInput;
      step: TaskStepContext;
      gitops: GitOpsConfig;
      /** The Argo CD instance that watches the repository, for links and waiting. */
      instance?: ArgoCdInstance;
      integrations: ScmIntegrations;
      githubCredentialsProvider: GithubCredentialsProvider;
      clientOptions?: ClientTuning;
      waitOptions?: PollTiming;
    },
  ) {
    const { input, step, gitops, instance } = options;
    this.input = input;
    this.step = step;
    this.gitops = gitops;
    const appNamespace = input.appNamespace ?? gitops.namespace;
    this.appNamespace = appNamespace;
    const app = renderApplication(input, appNamespace);
    this.app = app;
    const project =
      input.projectMode === 'reuse'
        ? undefined
        : renderProject(input, app, gitops.namespace);
    const entity = parseEntityRef(input.entityRef);
    const tokens = {
      name: input.name,
      appNamespace,
      environment: input.environment,
      instance: instance?.name,
      project: input.project,
      namespace: input.destination.namespace,
      entityKind: entity.kind.toLocaleLowerCase('en-US'),
      entityNamespace: entity.namespace,
      entityName: entity.name,
    };
    this.manifests = [
      ...(project
        ? [
            {
              kind: 'AppProject' as const,
              path: renderPath(gitops.projectPath, tokens),
              object: toManifest('AppProject', project),
            },
          ]
        : []),
      {
        kind: 'Application' as const,
        path: renderPath(gitops.applicationPath, tokens),
        object: toManifest('Application', app),
      },
    ];
    this.appPath = this.manifests[this.manifests.length - 1].path;
    if (input.waitFor !== 'none' && gitops.mode === 'pull-request') {
      throw new InputError(
        `waitFor: ${input.waitFor} cannot be met in pull-request mode: the Application exists only after someone merges the pull request. Set waitFor: none.`,
      );
    }
    if (input.waitFor !== 'none' && !instance) {
      throw new InputError(
        `waitFor: ${input.waitFor} in GitOps mode needs the Argo CD instance that watches ${gitops.repository} (instance, the environment's argocdInstance, or argocd.instances).`,
      );
    }
    this.client =
      instance &&
      new ArgoCdClient({
        instance,
        logger: step.logger,
        ...options.clientOptions,
      });
    this.url =
      this.client?.appUrl(input.name, appNamespace) ??
      `${gitops.repository}/blob/${gitops.baseBranch}/${this.appPath}`;
  }

  preview(): Delivery {
    const { input, gitops, step, manifests } = this;
    const base = gitops.baseBranch;
    step.logger.info(
      `Dry run: would ${
        gitops.mode === 'commit'
          ? `commit to ${base}`
          : `open or update a pull request into ${base}`
      } of ${gitops.owner}/${gitops.repo}: ${manifests
        .map(m => m.path)
        .join(', ')}. Nothing was sent.`,
    );
    for (const m of manifests) {
      const merged =
        m.kind === 'AppProject' && input.projectMode === 'merge'
          ? ' (when the file exists, only what it lacks of this is added to it)'
          : '';
      step.logger.info(`${m.path}${merged}:\n${toYaml(m.object)}`);
    }
    return this.outputs({ change: 'unchanged' });
  }

  async deliver(): Promise<Delivery> {
    const { input, gitops, step, appPath } = this;
    const base = gitops.baseBranch;
    const repo = await GitOpsRepository.connect({
      config: gitops,
      integrations: this.options.integrations,
      credentialsProvider: this.options.githubCredentialsProvider,
      logger: step.logger,
      signal: step.signal,
    });
    const planner = new Planner(repo, input, this.manifests, step.logger);
    const message = commitMessage(input, this.manifests, step);
    const result: GitOpsResult =
      gitops.mode === 'commit'
        ? ((await step.checkpoint<JsonValue>({
            key: `argocd.gitops.commit.${gitops.owner}.${gitops.repo}.${appPath}`,
            fn: async () =>
              toJson(
                await commitToBase(repo, planner, base, message, step.logger),
              ),
          })) as GitOpsResult)
        : ((await step.checkpoint<JsonValue>({
            key: `argocd.gitops.pull-request.${gitops.owner}.${gitops.repo}.${appPath}`,
            fn: async () =>
              toJson(
                await proposeChange(repo, planner, {
                  base,
                  branch: `${gitops.branchPrefix}${appPath.replace(
                    /\.ya?ml$/,
                    '',
                  )}`,
                  message,
                  input,
                  logger: step.logger,
                }),
              ),
          })) as GitOpsResult);
    return this.outputs(result);
  }

  async waitUntilReady(delivery: Delivery): Promise<Delivery> {
    const { input, step, client } = this;
    // Without an instance the constructor refused any waitFor but none.
    if (!client) return delivery;
    const state = await waitAsAsked(input, step, {
      client,
      appNamespace: this.appNamespace,
      spec: this.app.spec,
      allowMissing: true,
      url: this.url,
      ...this.options.waitOptions,
    });
    if (!state) return delivery;
    return {
      ...delivery,
      syncStatus: state.syncStatus,
      healthStatus: state.healthStatus,
    };
  }

  describeLeftBehind(delivery: Delivery): string {
    const { gitops } = this;
    return `The manifest of ${this.input.name} is in ${gitops.owner}/${
      gitops.repo
    }@${gitops.baseBranch}${
      delivery.revision ? ` (${delivery.revision})` : ''
    } and stays there: ${this.url}`;
  }

  /** Argo CD reports no status for a manifest in Git until it syncs it. */
  private outputs(result: GitOpsResult): Delivery {
    return {
      appNamespace: this.appNamespace,
      syncStatus: 'Unknown',
      healthStatus: 'Unknown',
      ...result,
    };
  }
}

/** Commit mode: one commit on the base branch, re-planned if someone pushed first. */
async function commitToBase(
  repo: GitOpsRepository,
  planner: Planner,
  base: string,
  message: string,
  logger: LoggerService,
): Promise<GitOpsResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const head = await requireBranch(repo, base);
    const changes = await planner.changesAgainst(head, base);
    if (changes.length === 0) {
      logger.info(
        `The manifests in ${repo.slug}@${base} are already as requested; no commit`,
      );
      return { change: 'unchanged', revision: head };
    }
    const sha = await repo.commit(head, changes, message);
    if (await repo.moveBranch(base, sha)) {
      logger.info(
        `Committed ${changes.map(c => c.path).join(', ')} to ${
          repo.slug
        }@${base} (${sha})`,
      );
      return { change: 'committed', revision: sha };
    }
    logger.warn(
      `Someone pushed to ${repo.slug}@${base} meanwhile; trying again`,
    );
  }
  throw new ConflictError(
    `${repo.slug}@${base} kept moving while argocd:create-app tried to commit to it. Run the step again.`,
  );
}

/** Pull-request mode: a branch per app file; an open pull request is updated. */
async function proposeChange(
  repo: GitOpsRepository,
  planner: Planner,
  options: {
    base: string;
    branch: string;
    message: string;
    input: CreateAppInput;
    logger: LoggerService;
  },
): Promise<GitOpsResult> {
  const { base, branch, logger } = options;
  for (let attempt = 0; attempt < 3; attempt++) {
    const baseHead = await requireBranch(repo, base);
    const againstBase = await planner.changesAgainst(baseHead, base);
    if (againstBase.length === 0) {
      logger.info(
        `The manifests in ${repo.slug}@${base} are already as requested; no pull request`,
      );
      return { change: 'unchanged', revision: baseHead };
    }
    const open = await repo.openPullRequest(branch, base);
    if (open) {
      const head = await requireBranch(repo, branch);
      const againstBranch = await planner.changesAgainst(head, branch);
      if (againstBranch.length === 0) {
        logger.info(
          `Pull request #${open.number} already proposes these manifests: ${open.url}`,
        );
        return {
          change: 'unchanged',
          revision: head,
          pullRequestUrl: open.url,
        };
      }
      const sha = await repo.commit(head, againstBranch, options.message);
      if (!(await repo.moveBranch(branch, sha))) {
        logger.warn(`Someone pushed to ${branch} meanwhile; trying again`);
        continue;
      }
      logger.info(`Updated pull request #${open.number}: ${open.url}`);
      return {
        change: 'pull-request',
        revision: sha,
        pullRequestUrl: open.url,
      };
    }
    const sha = await repo.commit(baseHead, againstBase, options.message);
    if (await repo.branchHead(branch)) {
      // Left over from a closed pull request: start it again from the base.
      await repo.moveBranch(branch, sha, true);
    } else {
      await repo.createBranch(branch, sha);
    }
    const pull = await repo.createPullRequest({
      branch,
      base,
      title: `Argo CD: ${options.input.name} for ${options.input.entityRef} (${options.input.environment})`,
      body: pullRequestBody(options.input, againstBase, planner),
    });
    logger.info(`Opened pull request #${pull.number}: ${pull.url}`);
    return { change: 'pull-request', revision: sha, pullRequestUrl: pull.url };
  }
  throw new ConflictError(
    `The branch ${branch} of ${repo.slug} kept moving while argocd:create-app tried to update it. Run the step again.`,
  );
}

async function requireBranch(repo: GitOpsRepository, branch: string) {
  const head = await repo.branchHead(branch);
  if (!head) {
    throw new NotFoundError(
      `The branch ${branch} does not exist in ${repo.slug}. Set argocd.gitops.baseBranch to the branch the app-of-apps watches.`,
    );
  }
  return head;
}

function commitMessage(
  input: CreateAppInput,
  manifests: Manifest[],
  step: TaskStepContext,
) {
  return [
    `argocd: ${input.name} for ${input.entityRef} (${input.environment})`,
    '',
    ...manifests.map(m => `- ${m.kind} ${m.path}`),
    '',
    `Written by the Backstage scaffolder action argocd:create-app (task ${
      step.task.id
    }${step.user?.ref ? `, requested by ${step.user.ref}` : ''}).`,
  ].join('\n');
}

function pullRequestBody(
  input: CreateAppInput,
  changes: FileChange[],
  planner: Planner,
) {
  return [
    `Delivers **${input.entityRef}** to **${input.environment}** through Argo CD (project \`${input.project}\`).`,
    '',
    ...planner.notes.map(n => `- ${n}`),
    '',
    `Once merged, the app-of-apps watching this repository creates or updates the Application \`${input.name}\`.`,
    '',
    `_Opened by the Backstage scaffolder action argocd:create-app; running the template again updates this pull request (${changes.length} file(s))._`,
  ].join('\n');
}

/** Checkpoints store JSON: drop undefined fields. */
function toJson(value: object): JsonValue {
  return JSON.parse(JSON.stringify(value));
}

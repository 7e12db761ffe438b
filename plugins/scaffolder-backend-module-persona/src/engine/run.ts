import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { groundworkUserOffboardPermission } from '@groundwork/plugin-groundwork-common';
import { principalName } from '@groundwork/plugin-groundwork-node';
import { GroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import type { RequestsService } from '@groundwork/plugin-requests-node';
import { Octokit } from '@octokit/rest';
import { Approval, approvalReasons } from '../approval';
import { PersonaCatalogue } from '../catalogue/loadPersonaCatalogue';
import { PersonaModuleConfig } from '../config';
import { accessRequestPayload, ACCESS_REQUEST_KIND } from '../requests/payload';
import { Subject } from '../subject';
import {
  renderOnboardingFiles,
  writeOffboardingFiles,
  writeOnboardingFiles,
  FileOutcome,
} from './files';
import {
  applyGitHubTargets,
  checkGitHubTargets,
  GitHubTarget,
  gitHubTargets,
  plannedGitHubResults,
} from './github';
import {
  coversEveryEnvironment,
  PARTIAL_SCOPE_DETAIL,
  prepareSubject,
  SubjectInput,
} from './prepare';
import { describeOutcome, SYSTEM_TITLES, TargetResult } from './results';
import { renderSummary } from './summary';
import { OutputDirectory } from './workspace';

export interface PersonaActionDeps {
  catalogue: PersonaCatalogue;
  environments: GroundworkEnvironments;
  config: PersonaModuleConfig;
  catalog: CatalogService;
  auditor: AuditorService;
  permissions: PermissionsService;
  /** Where onboarding that needs a second person asks for approval. */
  requests: RequestsService;
  /**
   * An Octokit for groundwork.persona.github, made when first needed;
   * `logger` hears about its retries (the task log in an action).
   */
  gitHubClient(logger?: Pick<LoggerService, 'warn'>): Promise<Octokit>;
  now?: () => Date;
}

export type PersonaActionInput = SubjectInput & { outputDir?: string };

export interface PersonaActionOutput {
  results: TargetResult[];
  files: string[];
  filesToDelete: string[];
  summary: string;
  userEntityRef: string;
  userEntityPath: string;
  approval: Approval;
  complete: boolean;
}

async function audit(
  auditor: AuditorService,
  mode: 'onboard' | 'offboard',
  subject: Subject,
  approval: Approval,
  ctx: ActionContext<any, any>,
  results: TargetResult[],
) {
  const severityLevel = approval.required ? 'high' : 'medium';
  for (const result of results) {
    if (result.status === 'skipped') continue;
    const event = await auditor.createEvent({
      eventId: mode === 'onboard' ? 'persona-grant' : 'persona-revoke',
      severityLevel,
      meta: {
        persona: subject.persona.id,
        person: subject.person.email,
        githubLogin: subject.person.githubLogin,
        team: subject.team.ref,
        system: result.system,
        ...(result.environment && { environment: result.environment }),
        target: result.target,
        status: result.status,
        ...(result.detail && { detail: result.detail }),
        ...(result.file && { file: result.file }),
        ...(approval.requestId && { requestId: approval.requestId }),
        taskId: ctx.task.id,
        initiator: ctx.user?.ref ?? 'unknown',
      },
    });
    if (result.status === 'failed') {
      await event.fail({ error: new Error(result.detail ?? 'failed') });
    } else {
      await event.success();
    }
  }
}

/** The GitHub part: done, planned (dry run) or skipped, target by target. */
async function gitHubResults(options: {
  mode: 'onboard' | 'offboard';
  subject: Subject;
  targets: GitHubTarget[];
  octokit?: Octokit;
  dryRun: boolean;
  removeFromOrganization: boolean;
  approval: Approval;
  ctx: ActionContext<any, any>;
}): Promise<TargetResult[]> {
  const {
    mode,
    subject,
    targets,
    octokit,
    dryRun,
    removeFromOrganization,
    approval,
    ctx,
  } = options;
  if (mode === 'offboard' && !coversEveryEnvironment(subject)) {
    // Memberships belong to the person, not to an environment.
    return targets.map(t => ({
      system: 'github' as const,
      target: `${t.label} (${t.role})`,
      status: 'skipped' as const,
      detail: PARTIAL_SCOPE_DETAIL,
    }));
  }
  if (dryRun) {
    return plannedGitHubResults(subject, targets, mode, removeFromOrganization);
  }
  if (approval.requestId) {
    // The requests backend applies them once a second person approves.
    return plannedGitHubResults(subject, targets, mode, false).map(r =>
      r.status === 'skipped'
        ? r
        : {
            ...r,
            status: 'pending' as const,
            detail: `waits for approval: request ${approval.requestId}`,
          },
    );
  }
  if (!octokit) {
    return [
      {
        system: 'github',
        target: 'organization',
        status: 'skipped',
        detail: 'groundwork.persona.github.organization is not configured',
      },
    ];
  }
  return applyGitHubTargets({
    octokit,
    subject,
    targets,
    mode,
    removeFromOrganization,
    checkpoint: ctx.checkpoint as any,
    signal: ctx.signal,
  });
}

/**
 * Offboarding someone is the policy's to allow (their manager, or an
 * administrator, by default), asked about their catalog User before
 * anything is looked up on GitHub or written.
 */
async function authorizeOffboarding(options: {
  deps: PersonaActionDeps;
  subject: Subject;
  credentials: BackstageCredentials;
  ctx: ActionContext<any, any>;
}) {
  const { deps, subject, credentials, ctx } = options;
  const userRef = `user:${deps.config.catalog.namespace}/${subject.userName}`;
  const [decision] = await deps.permissions.authorize(
    [{ permission: groundworkUserOffboardPermission, resourceRef: userRef }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW) return;
  const error = new NotAllowedError(
    `${principalName(
      credentials,
    )} may not offboard ${userRef}: only their manager (the groundwork.dev/manager annotation, a person or a group) and the platform administrators may (permission ${
      groundworkUserOffboardPermission.name
    }). Ask their manager to run it.`,
  );
  const event = await deps.auditor.createEvent({
    eventId: 'persona-offboard-refused',
    severityLevel: 'high',
    meta: {
      person: userRef,
      taskId: ctx.task.id,
      initiator: principalName(credentials),
    },
  });
  await event.fail({ error });
  throw error;
}

/**
 * Whether onboarding needs a second person; if it does (and this is not a
 * dry run), asks for it: a request the requests backend holds until an
 * approver who is not the initiator decides, and then applies.
 */
async function requestApprovalIfNeeded(options: {
  deps: PersonaActionDeps;
  input: PersonaActionInput;
  subject: Subject;
  credentials: BackstageCredentials;
  dryRun: boolean;
  ctx: ActionContext<any, any>;
}): Promise<Approval> {
  const { deps, input, subject, credentials, dryRun, ctx } = options;
  const reasons = await approvalReasons({
    subject,
    catalog: deps.catalog,
    credentials,
  });
  if (reasons.length === 0) return { required: false };
  const reason = reasons.join('; ');
  if (dryRun) {
    ctx.logger.info(`Dry run: would ask for approval (${reason}).`);
    return { required: true, reason, state: 'not requested (dry run)' };
  }
  const request = await ctx.checkpoint({
    key: `persona.approval.${subject.person.githubLogin.toLowerCase()}`,
    fn: async () =>
      (
        await deps.requests.create(
          {
            kind: ACCESS_REQUEST_KIND,
            reason,
            payload: accessRequestPayload(input),
            taskId: ctx.task.id,
          },
          { onBehalfOf: credentials, signal: ctx.signal },
        )
      ).id,
  });
  ctx.logger.info(
    `Approval needed (${reason}): request ${request} waits for a second person; the GitHub grants are applied when it is approved.`,
  );
  return {
    required: true,
    reason,
    state: 'requested',
    requestId: request,
    requestUrl: `/requests/${request}`,
  };
}

/**
 * persona:onboard and persona:offboard share one sequence: check the input
 * and the authorization (nothing has changed when either refuses), render
 * and validate every file, check GitHub knows the user and the teams, ask
 * for approval when a second person must give it, write the files, change
 * GitHub target by target (or leave it to the approved request), audit
 * each grant, and report. A target that failed fails the step after the
 * outputs are set, with a message saying what was done and what was not.
 */
export async function runPersonaAction(
  mode: 'onboard' | 'offboard',
  ctx: ActionContext<any, any>,
  deps: PersonaActionDeps,
): Promise<void> {
  const { config, catalog, auditor } = deps;
  const input = ctx.input as PersonaActionInput;
  const dryRun = Boolean(ctx.isDryRun);
  const credentials: BackstageCredentials = await ctx.getInitiatorCredentials();
  const subject = await prepareSubject({
    input,
    requireName: mode === 'onboard',
    catalogue: deps.catalogue,
    environments: deps.environments,
    config,
    catalog,
    credentials,
  });
  if (mode === 'offboard') {
    await authorizeOffboarding({ deps, subject, credentials, ctx });
  }

  const own = await renderOnboardingFiles(subject);
  const targets = gitHubTargets(subject);
  const removeFromOrganization = config.github?.removeFromOrganization ?? false;
  let octokit: Octokit | undefined;
  if (!dryRun && targets.length > 0) {
    // Checked before asking for approval too: a request for a login or a
    // team GitHub does not know could never be applied.
    octokit = await deps.gitHubClient(ctx.logger);
    await checkGitHubTargets(octokit, subject, targets, {
      signal: ctx.signal,
      requireTeams: mode === 'onboard',
    });
  }

  const approval =
    mode === 'onboard'
      ? await requestApprovalIfNeeded({
          deps,
          input,
          subject,
          credentials,
          dryRun,
          ctx,
        })
      : { required: false };

  const dir = new OutputDirectory(ctx.workspacePath, input.outputDir ?? '.');
  const today = (deps.now?.() ?? new Date()).toISOString().slice(0, 10);
  const files: FileOutcome =
    mode === 'onboard'
      ? await writeOnboardingFiles(subject, dir, own, dryRun)
      : await writeOffboardingFiles(subject, dir, dryRun, today);

  const github = await gitHubResults({
    mode,
    subject,
    targets,
    octokit,
    dryRun,
    removeFromOrganization,
    approval,
    ctx,
  });
  const results = [...github, ...files.results];
  if (!dryRun) await audit(auditor, mode, subject, approval, ctx, results);
  for (const r of results) {
    ctx.logger.info(
      `${SYSTEM_TITLES[r.system]}${
        r.environment ? ` [${r.environment}]` : ''
      } ${r.target}: ${r.status}${r.detail ? ` (${r.detail})` : ''}`,
    );
  }

  const summary = renderSummary({
    mode,
    subject,
    approval,
    results,
    written: files.written,
    deleted: files.deleted,
    dryRun,
  });
  const complete = !results.some(r => r.status === 'failed');
  const output: PersonaActionOutput = {
    results,
    files: files.written,
    filesToDelete: files.deleted,
    summary,
    userEntityRef: `user:${config.catalog.namespace}/${subject.userName}`,
    userEntityPath: own[0].path,
    approval,
    complete,
  };
  for (const [key, value] of Object.entries(output)) {
    ctx.output(key as keyof PersonaActionOutput, value as any);
  }
  if (!complete) {
    throw new Error(
      `persona:${mode} did not finish for ${
        subject.person.githubLogin
      }. ${describeOutcome(
        results,
      )} Run the step again: what is done stays done and the rest is retried.`,
    );
  }
}

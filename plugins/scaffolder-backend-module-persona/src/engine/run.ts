import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { GroundworkEnvironments } from '@groundwork/plugin-platform-status-common';
import { Octokit } from '@octokit/rest';
import { Approval, checkApproval } from '../approval';
import { PersonaCatalogue } from '../catalogue/loadPersonaCatalogue';
import { approvalReason } from '../catalogue/resolvePersona';
import { PersonaModuleConfig } from '../config';
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
  /** An Octokit for groundwork.persona.github, made when first needed. */
  gitHubClient(): Promise<Octokit>;
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
        ...(approval.approvedBy && { approvedBy: approval.approvedBy }),
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
  ctx: ActionContext<any, any>;
}): Promise<TargetResult[]> {
  const {
    mode,
    subject,
    targets,
    octokit,
    dryRun,
    removeFromOrganization,
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
 * persona:onboard and persona:offboard share one sequence: check the input
 * and the approval (nothing has changed when either refuses), render and
 * validate every file, check GitHub knows the user and the teams, write the
 * files, change GitHub target by target, audit each grant, and report. A
 * target that failed fails the step after the outputs are set, with a
 * message saying what was done and what was not.
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

  let approval: Approval = { required: false };
  if (mode === 'onboard') {
    const reason = approvalReason(subject.persona, subject.grants);
    try {
      approval = await checkApproval({
        reason,
        approverGroups: config.approverGroups,
        catalog,
        credentials,
      });
    } catch (error) {
      if (!(error instanceof NotAllowedError)) throw error;
      if (!dryRun) {
        const event = await auditor.createEvent({
          eventId: 'persona-approval',
          severityLevel: 'high',
          meta: {
            persona: subject.persona.id,
            person: subject.person.email,
            taskId: ctx.task.id,
            initiator: ctx.user?.ref ?? 'unknown',
          },
        });
        await event.fail({ error });
        throw error;
      }
      approval = { required: true, reason };
      ctx.logger.warn(`Dry run: ${error.message}`);
    }
  }

  const own = await renderOnboardingFiles(subject);
  const targets = gitHubTargets(subject);
  const removeFromOrganization = config.github?.removeFromOrganization ?? false;
  let octokit: Octokit | undefined;
  if (!dryRun && targets.length > 0) {
    octokit = await deps.gitHubClient();
    await checkGitHubTargets(octokit, subject, targets, {
      signal: ctx.signal,
      requireTeams: mode === 'onboard',
    });
  }

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

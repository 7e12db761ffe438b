import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonValue } from '@backstage/types';
import { authorizeEntityChangeIn } from '@groundwork/plugin-groundwork-node';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import type { InfrastructureRunResult } from '@groundwork/plugin-platform-status-common';
import type { PlatformStatusService } from '@groundwork/plugin-platform-status-node';
import type { RequestsService } from '@groundwork/plugin-requests-node';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import {
  CodePolicy,
  findInstalledModuleCode,
  findPlanTimeCode,
  planTimeCodeError,
  refusedFindings,
} from '@groundwork/plugin-groundwork-node';
import {
  environmentSettings,
  readTerraformConfig,
  TerraformConfig,
} from '../config';
import { createExecutor } from '../executors/createExecutor';
import type { Checkpoint, Executor, RunRequest } from '../executors/types';
import { GateBlockedError } from '../gate/decision';
import type { GateDecision, Severity } from '../gate/gate';
import {
  infrastructureRunReport,
  resultOfError,
  sendReport,
} from '../report/runReport';
import { renderDryRun } from '../run/dryRun';
import { canonicalEntityRef } from '../run/identity';
import { TaskLog } from '../run/lines';
import { applyGatedPlan, planAndGate } from '../run/planAndGate';
import type { LivePriceSource } from '../prices';
import { environmentOf, prepareRun } from '../run/prepare';
import type { ProcessStats } from '../run/process';
import { checkpointKey, onceAcrossRecovery } from '../run/recovery';
import { Redactor } from '../run/redact';
import { RunStopper } from '../run/stopper';
import { examples } from './terraformApply.examples';
import {
  terraformApplyInput,
  terraformApplyOutput,
} from './terraformApply.schema';

export interface TerraformApplyActionOptions {
  config: Config;
  platformStatus: PlatformStatusService;
  /** Who owns the entity a step names, and its budget override. */
  catalog: CatalogService;
  /** Asks the permission policy whether the task's initiator may act. */
  permissions: PermissionsService;
  auth: AuthService;
  logger?: LoggerService;
  /** Benchmark hook: time spent in child processes. */
  stats?: ProcessStats;
  /** The environment Terraform's allow-list is taken from (tests). */
  processEnv?: NodeJS.ProcessEnv;
  /** Live prices for the gate's estimate (`groundwork.prices.live`). */
  prices?: LivePriceSource;
  /**
   * Where the gate reads the waivers and budgets approved by request that
   * are in force; without, it reads none.
   */
  requests?: RequestsService;
}

/**
 * `terraform:apply`: a governed plan, gate and apply of a Terraform working
 * directory, locally (CLI) or on HCP Terraform / Terraform Enterprise,
 * reported to platform status whatever its outcome. Before anything runs,
 * the person who started the task must be allowed to change the entity
 * and the environment; a dry run stops there, after showing what it would
 * run.
 */
export function createTerraformApplyAction(
  options: TerraformApplyActionOptions,
) {
  const terraform = readTerraformConfig(options.config);
  const environments = readGroundworkEnvironments(options.config);
  const appBaseUrl = options.config.getOptionalString('app.baseUrl');

  return createTemplateAction({
    id: 'terraform:apply',
    description:
      'Plans a Terraform (or OpenTofu) working directory, gates the plan with the Groundwork policy pack and the environment budget, applies exactly that plan, and reports the run to platform status. Runs locally or on HCP Terraform / Terraform Enterprise, with the state backend, executor and workspace config gives the environment. A dry run checks the inputs and shows what would run, and runs nothing.',
    examples,
    supportsDryRun: true,
    schema: {
      input: terraformApplyInput,
      output: terraformApplyOutput,
    },
    async handler(ctx) {
      const input = ctx.input;
      const startedAt = new Date();
      const attemptId = crypto.randomUUID();
      const secretVars = input.secretVars ?? {};
      const vars = (input.vars ?? {}) as Record<string, JsonValue>;
      const dryRun = Boolean(ctx.isDryRun);
      const planOnly = Boolean(input.planOnly);

      // Contain: no secret reaches the log, and Terraform stops when the
      // task is cancelled or the step runs out of time.
      const redactor = new Redactor();
      redactor.add(...Object.values(secretVars), terraform.hcp.token);
      const log = new TaskLog(ctx.logger, redactor);
      const stopper = new RunStopper(ctx.signal);
      // What the run learns as it goes; the report is made of it whatever
      // the outcome.
      let entityRef = input.entityRef;
      let threshold: Severity = 'critical';
      // Typed this way because runOnce, a closure, is where it is assigned.
      let executor = undefined as Executor | undefined;
      let decision: GateDecision | undefined;
      let result: InfrastructureRunResult = 'failed';
      let message: string | undefined;
      let executorKind =
        input.executor ??
        environmentSettings(terraform, input.environment).executor;
      // Only a run the person may make is reported, under their name.
      let reportFor: BackstageCredentials | undefined;

      try {
        // Ownership before action: nothing below runs for someone who may
        // not change this entity or environment.
        entityRef = canonicalEntityRef(input.entityRef);
        const env = environmentOf(environments, input.environment);
        threshold = env.production ? 'high' : 'critical';
        const credentials = await ctx.getInitiatorCredentials();
        const what = `run terraform:apply in ${env.name}`;
        await authorizeEntityChangeIn({
          permissions: options.permissions,
          catalog: options.catalog,
          auth: options.auth,
          credentials,
          entityRef,
          environment: env,
          what,
        });
        reportFor = credentials;

        const run = await prepareRun({
          input,
          entityRef,
          env,
          vars,
          secretVars,
          terraform,
          catalog: options.catalog,
          requests: options.requests,
          auth: options.auth,
          currency: environments.currency,
          ctx,
          log,
        });
        threshold = run.policy.threshold;
        executorKind = run.selection.executor;

        // Read, never run: the code must not run programs or read beyond
        // its directory unless config allows it for this environment.
        const workspace = await fs.realpath(ctx.workspacePath);
        const codePolicy: CodePolicy = {
          environment: env.name,
          key: run.settings.key,
          allowed: run.settings.allowPlanTimeCode,
        };
        const findings = await findPlanTimeCode({
          workspace,
          workingDirectory: run.workingDirectory.absolute,
        });
        const refused = refusedFindings(findings, codePolicy);
        const where = run.workingDirectory.relative;

        if (dryRun) {
          const shown = await renderDryRun({
            run,
            terraform,
            workspace,
            vars: Object.keys(vars),
            secretVars: Object.keys(secretVars),
            planOnly,
            destroy: Boolean(input.destroy),
            allowedCode: findings.filter(f => !refused.includes(f)),
            log,
            redactor,
          });
          log.info(
            `Dry run: stopped before ${
              terraform.flavour
            } init. No Terraform process was started, no file was written${
              executorKind === 'hcp' ? ' and HCP Terraform was not called' : ''
            }: a dry run never runs the code it is given.`,
          );
          if (refused.length > 0) {
            throw planTimeCodeError(refused, codePolicy, where);
          }
          ctx.output('result', 'dry-run');
          ctx.output('outputs', {});
          ctx.output('dryRun', shown);
          return;
        }
        if (refused.length > 0) {
          throw planTimeCodeError(refused, codePolicy, where);
        }
        for (const f of findings) {
          log.warn(
            `Allowed in ${env.name} by ${codePolicy.key}.allowPlanTimeCode: ${f.file}: ${f.what} (${f.construct}).`,
          );
        }
        stopper.start(run.timeoutMinutes);

        const checkpoint = ctx.checkpoint.bind(ctx) as Checkpoint;
        const runKey = checkpointKey(
          `${run.env.name}.${run.workingDirectory.relative}`,
        );
        const request: RunRequest = {
          workingDirectory: run.workingDirectory,
          environment: run.env.name,
          vars,
          secretVars,
          backend: run.selection.backend,
          destroy: Boolean(input.destroy),
          planOnly,
          log,
          redactor,
          stop: stopper.signal,
          tempDir: await ctx.createTemporaryDirectory(),
          checkpoint,
          runKey,
          entityRef: run.entityRef,
          hcp: run.selection.hcp,
          checkInstalledModules: async () => {
            const installed = refusedFindings(
              await findInstalledModuleCode({
                workspace,
                workingDirectory: run.workingDirectory.absolute,
              }),
              codePolicy,
            );
            if (installed.length > 0) {
              throw planTimeCodeError(
                installed,
                codePolicy,
                `the modules terraform init installed for ${where}`,
              );
            }
          },
          message: `${run.entityRef} ${run.env.name}: ${
            ctx.templateInfo?.entityRef ?? 'template'
          } task ${ctx.task.id}`,
          stats: options.stats,
        };
        const runOnce = async () => {
          const current = createExecutor(
            executorKind,
            terraform,
            request,
            options.processEnv,
          );
          executor = current;
          try {
            const gated = await planAndGate({
              executor: current,
              run,
              mode: { kind: executorKind, planOnly, destroy: input.destroy },
              currency: environments.currency,
              log,
              redactor,
              ctx,
              prices: options.prices,
            });
            decision = gated.decision;
            return await applyGatedPlan({
              executor: current,
              gated,
              planOnly,
              attemptId,
              log,
              redactor,
            });
          } finally {
            // Before the checkpoint returns: the scaffolder serializes the
            // workspace then (taskRecovery.workspaceProvider), and a recovered
            // task must not find the run's override, var file or providers
            // there: the code check refuses the override, the rest is large.
            await current.cleanup();
          }
        };

        // A plan can be made again; an apply must happen once per step.
        const outcome = planOnly
          ? await runOnce()
          : await onceAcrossRecovery(
              { checkpoint, runKey, attemptId, startedAt, log },
              runOnce,
            );
        result = outcome.result;
        ctx.output('result', outcome.result);
        ctx.output('outputs', outcome.outputs);
        const runUrl = executor?.runUrl;
        if (runUrl) ctx.output('runUrl', runUrl);
        log.info(
          outcome.result === 'applied'
            ? `Applied: ${Object.keys(outcome.outputs).length} output(s).`
            : 'Planned only: nothing was applied.',
        );
      } catch (e) {
        if (e instanceof GateBlockedError) decision = e.decision;
        result = resultOfError(e);
        message = redactor.redact(stringifyError(e));
        log.error(message);
        throw redactor.redactError(e);
      } finally {
        stopper.dispose();
        await executor?.cleanup();
        log.flush();
        // Dry runs (the template editor) are not runs of the entity's
        // infrastructure, and a refused person's attempt is not a run of it.
        if (!dryRun && reportFor) {
          await sendReport(
            options.platformStatus,
            log,
            redactor,
            infrastructureRunReport(
              {
                entityRef,
                result,
                message,
                threshold,
                decision,
                runUrl: executor?.runUrl,
              },
              {
                environment: input.environment,
                runId: `${ctx.task.id}/${ctx.step?.id ?? 'step'}/${
                  input.environment
                }`,
                tool: terraform.flavour,
                executor: executorKind,
                startedAt: startedAt.toISOString(),
                finishedAt: new Date().toISOString(),
                taskUrl: appBaseUrl
                  ? `${appBaseUrl}/create/tasks/${ctx.task.id}`
                  : undefined,
              },
            ),
            reportFor,
          );
        }
      }
    },
  });
}

export type { TerraformConfig };

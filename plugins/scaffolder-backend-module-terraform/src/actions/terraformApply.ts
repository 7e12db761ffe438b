import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonValue } from '@backstage/types';
import { readGroundworkEnvironments } from '@groundwork/plugin-platform-status-common';
import type { PlatformStatusService } from '@groundwork/plugin-platform-status-node';
import crypto from 'node:crypto';
import { readTerraformConfig, TerraformConfig } from '../config';
import { createExecutor } from '../executors/createExecutor';
import type { Checkpoint, RunRequest } from '../executors/types';
import { TaskLog } from '../run/lines';
import type { ProcessStats } from '../run/process';
import { Redactor } from '../run/redact';
import { RunStopper } from '../run/stopper';
import { planGateApply } from './planGateApply';
import { prepareRun } from './prepare';
import { checkpointKey, onceAcrossRecovery } from './recovery';
import {
  infrastructureRunReport,
  resultOfError,
  RunRecord,
  sendReport,
} from './report';
import { examples } from './terraformApply.examples';
import {
  terraformApplyInput,
  terraformApplyOutput,
} from './terraformApply.schema';

export interface TerraformApplyActionOptions {
  config: Config;
  platformStatus: PlatformStatusService;
  /** Reads the entity's budget override annotation; optional. */
  catalog?: CatalogService;
  logger?: LoggerService;
  /** Benchmark hook: time spent in child processes. */
  stats?: ProcessStats;
  /** The environment Terraform's allow-list is taken from (tests). */
  processEnv?: NodeJS.ProcessEnv;
}

/**
 * `terraform:apply`: a governed plan, gate and apply of a Terraform working
 * directory, locally (CLI) or on HCP Terraform / Terraform Enterprise,
 * reported to platform status whatever its outcome.
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
      'Plans a Terraform (or OpenTofu) working directory, gates the plan with the Groundwork policy pack and the environment budget, applies exactly that plan, and reports the run to platform status. Runs locally or on HCP Terraform / Terraform Enterprise.',
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
      const planOnly = dryRun || Boolean(input.planOnly);
      const kind =
        input.executor ??
        terraform.environments[input.environment]?.executor ??
        terraform.defaultExecutor;

      // Contain: no secret reaches the log, and Terraform stops when the
      // task is cancelled or the step runs out of time.
      const redactor = new Redactor();
      redactor.add(...Object.values(secretVars), terraform.hcp.token);
      const log = new TaskLog(ctx.logger, redactor);
      const stopper = new RunStopper(ctx.signal);
      const record: RunRecord = {
        entityRef: input.entityRef,
        result: 'failed',
        threshold: 'critical',
      };

      try {
        const run = await prepareRun({
          input,
          vars,
          secretVars,
          kind,
          terraform,
          environments,
          catalog: options.catalog,
          ctx,
          log,
          record,
        });
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
          backend: run.backend,
          allowLocalState: Boolean(input.allowLocalState),
          destroy: Boolean(input.destroy),
          planOnly,
          log,
          redactor,
          stop: stopper.signal,
          tempDir: await ctx.createTemporaryDirectory(),
          checkpoint,
          runKey,
          entityRef: run.entityRef,
          hcp: input.hcp,
          message: `${run.entityRef} ${run.env.name}: ${
            ctx.templateInfo?.entityRef ?? 'template'
          } task ${ctx.task.id}`,
          stats: options.stats,
        };
        const runOnce = () => {
          record.executor = createExecutor(
            kind,
            terraform,
            request,
            options.processEnv,
          );
          return planGateApply({
            executor: record.executor,
            run,
            mode: { kind, dryRun, planOnly, destroy: input.destroy },
            currency: environments.currency,
            attemptId,
            log,
            redactor,
            ctx,
            record,
          });
        };

        // A plan can be made again; an apply must happen once per step.
        const outcome = planOnly
          ? await runOnce()
          : await onceAcrossRecovery(
              { checkpoint, runKey, attemptId, startedAt, log },
              runOnce,
            );
        record.result = outcome.result;
        ctx.output('result', outcome.result);
        ctx.output('outputs', outcome.outputs);
        if (record.executor?.runUrl) {
          ctx.output('runUrl', record.executor.runUrl);
        }
        log.info(
          outcome.result === 'applied'
            ? `Applied: ${Object.keys(outcome.outputs).length} output(s).`
            : 'Planned only: nothing was applied.',
        );
      } catch (e) {
        record.result = resultOfError(e, record.result);
        record.message = redactor.redact(stringifyError(e));
        log.error(record.message);
        throw redactor.redactError(e);
      } finally {
        stopper.dispose();
        await record.executor?.cleanup();
        log.flush();
        // Dry runs (the template editor) are not runs of the entity's infrastructure.
        if (!dryRun) {
          await sendReport(
            options.platformStatus,
            log,
            redactor,
            infrastructureRunReport(record, {
              environment: input.environment,
              runId: `${ctx.task.id}/${ctx.step?.id ?? 'step'}/${
                input.environment
              }`,
              tool: terraform.flavour,
              executor: kind,
              startedAt: startedAt.toISOString(),
              finishedAt: new Date().toISOString(),
              taskUrl: appBaseUrl
                ? `${appBaseUrl}/create/tasks/${ctx.task.id}`
                : undefined,
            }),
          );
        }
      }
    },
  });
}

export type { TerraformConfig };

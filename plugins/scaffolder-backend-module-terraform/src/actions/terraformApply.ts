import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError, stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject, JsonValue } from '@backstage/types';
import type { Severity } from '@groundwork/governance';
import {
  GroundworkEnvironment,
  InfrastructureRunResult,
  readGroundworkEnvironments,
} from '@groundwork/plugin-platform-status-common';
import type { PlatformStatusService } from '@groundwork/plugin-platform-status-node';
import crypto from 'node:crypto';
import { readTerraformConfig, TerraformConfig } from '../config';
import { CliExecutor } from '../executors/cli/CliExecutor';
import { HcpExecutor } from '../executors/hcp/HcpExecutor';
import type { Executor, RunRequest } from '../executors/types';
import { decide, GateDecision } from '../gate/gate';
import { effectivePolicy, PolicyInput } from '../gate/policy';
import {
  Backend,
  checkBackend,
  codeDeclaresBackend,
  fillTokens,
  TemplateTokens,
} from '../run/backend';
import { resolveWorkspaceFile } from '../run/files';
import { TaskLog } from '../run/lines';
import type { ProcessStats } from '../run/process';
import { Redactor, sensitiveValuesOfPlan } from '../run/redact';
import { RunStopper } from '../run/stopper';
import { checkVariables } from '../run/variables';
import { resolveWorkingDirectory } from '../run/workspace';
import { budgetActionOf, budgetOf } from './budget';
import { gateBlockedError, logDecision } from './decision';
import { appliedOutputs, plannedOutputs, setPlanOutputs } from './outputs';
import { infrastructureRunReport, resultOfError, sendReport } from './report';
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

/** What a run returns, stored by ctx.checkpoint so a recovered task can reuse it. */
interface RunOutcome {
  [key: string]: JsonValue | undefined;
  attemptId: string;
  finishedAt: string;
  result: 'applied' | 'planned';
  outputs: JsonObject;
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
      const redactor = new Redactor();
      redactor.add(...Object.values(secretVars), terraform.hcp.token);
      const log = new TaskLog(ctx.logger, redactor);
      const dryRun = Boolean(ctx.isDryRun);
      const planOnly = dryRun || Boolean(input.planOnly);

      let entityRef = input.entityRef;
      let executor: Executor | undefined;
      let decision: GateDecision | undefined;
      let result: InfrastructureRunResult = 'failed';
      let message: string | undefined;
      let threshold: Severity = 'critical';
      const kind =
        input.executor ??
        terraform.environments[input.environment]?.executor ??
        terraform.defaultExecutor;
      const stopper = new RunStopper(ctx.signal);
      let outcome: RunOutcome | undefined;

      try {
        // Everything below is checked before anything runs.
        try {
          entityRef = stringifyEntityRef(parseEntityRef(input.entityRef));
        } catch (e) {
          throw new InputError(
            `entityRef "${input.entityRef}" is not an entity reference; use kind:namespace/name, e.g. component:default/payments-api.`,
          );
        }
        const env = environmentOf(environments, input.environment);
        threshold = env.production ? 'high' : 'critical';
        const envDefaults = terraform.environments[env.name] ?? {};
        const wd = await resolveWorkingDirectory(
          ctx.workspacePath,
          input.workingDirectory ?? '.',
        );
        checkVariables(vars, secretVars);
        const entity = parseEntityRef(entityRef);
        const tokens: TemplateTokens = {
          kind: entity.kind.toLocaleLowerCase('en-US'),
          namespace: entity.namespace,
          name: entity.name,
          environment: env.name,
          workingDirectory: wd.relative === '.' ? 'root' : wd.relative,
        };
        let backend: Backend | undefined;
        if (kind === 'cli') {
          const spec = input.backend ?? envDefaults.backend;
          backend = spec && {
            type: spec.type,
            settings: fillTokens(spec.settings ?? {}, tokens),
          };
          let warnings: string[] = [];
          if (backend) {
            warnings = checkBackend(
              backend,
              Boolean(input.allowLocalState),
              input.backend ? 'the step' : `terraform.environments.${env.name}`,
            );
          } else if (!(await codeDeclaresBackend(wd.absolute))) {
            warnings = checkBackend(
              undefined,
              Boolean(input.allowLocalState),
              `the code in ${wd.relative}`,
            );
          }
          // A backend declared in the code is checked after init.
          warnings.forEach(w => log.warn(w));
        }
        const policyInput: PolicyInput | undefined = input.policy && {
          ...input.policy,
          file: input.policy.file
            ? await resolveWorkspaceFile(
                ctx.workspacePath,
                input.policy.file,
                'policy.file',
              )
            : undefined,
        };
        const policy = await effectivePolicy({
          environment: env.name,
          production: env.production,
          configFile: envDefaults.policyFile ?? terraform.policy.file,
          configThreshold: envDefaults.gateThreshold,
          input: policyInput,
          inputOverrides: terraform.policy.inputOverrides,
        });
        threshold = policy.threshold;
        const minutes =
          input.timeoutMinutes ?? terraform.timeouts.defaultMinutes;
        if (minutes > terraform.timeouts.maxMinutes) {
          throw new InputError(
            `timeoutMinutes ${minutes} is above the ${terraform.timeouts.maxMinutes} minutes this portal allows (terraform.timeouts.maxMinutes).`,
          );
        }
        const budget = await budgetOf(
          env,
          entityRef,
          options.catalog,
          ctx,
          log,
        );
        const budgetAction = budgetActionOf(env, envDefaults);

        stopper.start(minutes);

        const runKey = checkpointKey(`${env.name}.${wd.relative}`);
        const request: RunRequest = {
          workingDirectory: wd,
          environment: env.name,
          vars,
          secretVars,
          backend,
          allowLocalState: Boolean(input.allowLocalState),
          destroy: Boolean(input.destroy),
          planOnly,
          log,
          redactor,
          stop: stopper.signal,
          tempDir: await ctx.createTemporaryDirectory(),
          checkpoint: ctx.checkpoint.bind(ctx) as RunRequest['checkpoint'],
          runKey,
          entityRef,
          hcp: input.hcp,
          message: `${entityRef} ${env.name}: ${
            ctx.templateInfo?.entityRef ?? 'template'
          } task ${ctx.task.id}`,
          stats: options.stats,
        };

        const runOnce = async (): Promise<RunOutcome> => {
          executor =
            kind === 'hcp'
              ? new HcpExecutor(
                  terraform.hcp,
                  request,
                  terraform.timeouts.cancelGraceMs,
                )
              : new CliExecutor(terraform, request, options.processEnv);
          const modes = [
            dryRun && 'dry run',
            !dryRun && planOnly && 'plan only',
            input.destroy && 'destroy',
          ].filter(Boolean);
          log.info(
            `terraform:apply ${entityRef} in ${env.name}${
              env.production ? ' (production)' : ''
            }: ${wd.relative} on ${kind}${
              modes.length ? `, ${modes.join(', ')}` : ''
            }; policy threshold ${policy.threshold}${
              policy.sources.length ? ` (${policy.sources.join(', ')})` : ''
            }`,
          );
          const planned = await executor.plan();
          redactor.addDerived(
            sensitiveValuesOfPlan(planned.plan, planned.document),
          );
          decision = decide({
            plan: planned.plan,
            environment: env.name,
            policy: policy.policy,
            budget,
            currency: environments.currency,
            budgetAction,
          });
          logDecision(log, decision, env.name);
          setPlanOutputs(ctx, decision, executor.runUrl);
          if (decision.blocked) {
            await executor
              .discard(`Blocked by the Groundwork governance gate`)
              .catch(e =>
                log.warn(`Could not discard the plan: ${stringifyError(e)}`),
              );
            result = 'blocked';
            throw gateBlockedError(decision, env.name);
          }
          if (planOnly) {
            return {
              attemptId,
              finishedAt: new Date().toISOString(),
              result: 'planned',
              outputs: plannedOutputs(planned.document, redactor),
            };
          }
          const applied = await executor.apply();
          return {
            attemptId,
            finishedAt: new Date().toISOString(),
            result: 'applied',
            outputs: appliedOutputs(applied.outputs, redactor, log),
          };
        };

        if (planOnly) {
          outcome = await runOnce();
        } else {
          const attempt = await ctx.checkpoint({
            key: `terraform.attempt.${runKey}`,
            fn: async () => ({ attemptId, startedAt: startedAt.toISOString() }),
          });
          outcome = (await ctx.checkpoint({
            key: `terraform.apply.${runKey}`,
            fn: async () => {
              if (attempt?.attemptId !== attemptId) {
                log.warn(
                  `An earlier attempt of this step started at ${attempt?.startedAt} and did not finish (the task was recovered). Its saved plan is never reused: planning again against the current state.`,
                );
              }
              return runOnce();
            },
          })) as RunOutcome;
          if (outcome.attemptId !== attemptId) {
            log.info(
              `This step already applied its plan at ${outcome.finishedAt} (the task was recovered); it is not applied again.`,
            );
          }
        }
        result = outcome.result;
        ctx.output('result', outcome.result);
        ctx.output('outputs', outcome.outputs);
        if (executor?.runUrl) ctx.output('runUrl', executor.runUrl);
        log.info(
          outcome.result === 'applied'
            ? `Applied: ${Object.keys(outcome.outputs).length} output(s).`
            : 'Planned only: nothing was applied.',
        );
      } catch (e) {
        result = resultOfError(e, result);
        message = redactor.redact(stringifyError(e));
        log.error(message);
        throw redactor.redactError(e);
      } finally {
        stopper.dispose();
        await executor?.cleanup();
        log.flush();
        // Dry runs (the template editor) are not runs of the entity's infrastructure.
        if (!dryRun) {
          await sendReport(
            options.platformStatus,
            log,
            redactor,
            infrastructureRunReport(
              { entityRef, result, message, threshold, decision, executor },
              {
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
              },
            ),
          );
        }
      }
    },
  });
}

function environmentOf(
  environments: ReturnType<typeof readGroundworkEnvironments>,
  name: string,
): GroundworkEnvironment {
  try {
    return environments.get(name);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}

function checkpointKey(raw: string): string {
  return raw.replace(/[^A-Za-z0-9_.-]/g, '_');
}

export type { TerraformConfig };

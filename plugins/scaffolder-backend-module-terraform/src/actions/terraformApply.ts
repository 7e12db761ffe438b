import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError, stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject, JsonValue } from '@backstage/types';
import { PRICE_TABLE_DATE, Severity } from '@groundwork/governance';
import {
  ANNOTATION_BUDGETS,
  GroundworkEnvironment,
  InfrastructureRunReport,
  InfrastructureRunResult,
  parseMapAnnotation,
  readGroundworkEnvironments,
} from '@groundwork/plugin-platform-status-common';
import type { PlatformStatusService } from '@groundwork/plugin-platform-status-node';
import crypto from 'node:crypto';
import { readTerraformConfig, TerraformConfig } from '../config';
import { CliExecutor } from '../executors/cli/CliExecutor';
import { RunStoppedError } from '../executors/errors';
import { HcpExecutor } from '../executors/hcp/HcpExecutor';
import type { Executor, RunRequest } from '../executors/types';
import {
  decide,
  failedCounts,
  GateDecision,
  reportedFindings,
} from '../gate/gate';
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
import { checkVariables } from '../run/variables';
import { resolveWorkingDirectory } from '../run/workspace';
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
      const stopper = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => stopper.abort('cancelled');
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
        const budgetAction =
          envDefaults.budgetAction ?? (env.production ? 'block' : 'warn');

        if (ctx.signal?.aborted) onAbort();
        ctx.signal?.addEventListener('abort', onAbort, { once: true });
        timer = setTimeout(() => stopper.abort('timeout'), minutes * 60_000);
        timer.unref?.();

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
            throw new NotAllowedError(
              `The governance gate blocked this run in ${
                env.name
              }; nothing was applied.\n${decision.reasons.join(
                '\n',
              )}\nFix the findings (each rule's remediation is in the platform-status compliance view and in "groundwork-governance rules"), or ask the platform team for a waiver in the environment's policy file.`,
            );
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
        if (e instanceof RunStoppedError) {
          result = e.reason === 'cancelled' ? 'cancelled' : 'failed';
        }
        // runOnce sets 'blocked' from inside its closure.
        else if ((result as InfrastructureRunResult) !== 'blocked')
          result = 'failed';
        message = redactor.redact(stringifyError(e));
        log.error(message);
        throw redactError(e, redactor);
      } finally {
        clearTimeout(timer);
        ctx.signal?.removeEventListener('abort', onAbort);
        await executor?.cleanup();
        log.flush();
        // Dry runs (the template editor) are not runs of the entity's infrastructure.
        if (!dryRun) {
          await report(options.platformStatus, log, redactor, {
            entityRef,
            environment: input.environment,
            runId: `${ctx.task.id}/${ctx.step?.id ?? 'step'}/${
              input.environment
            }`,
            tool: terraform.flavour,
            executor: kind,
            result,
            startedAt: startedAt.toISOString(),
            finishedAt: new Date().toISOString(),
            message,
            runUrl: executor?.runUrl,
            taskUrl: appBaseUrl
              ? `${appBaseUrl}/create/tasks/${ctx.task.id}`
              : undefined,
            decision,
            threshold,
          });
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

/** The entity's budget override (groundwork.dev/budgets), else the environment's. */
async function budgetOf(
  env: GroundworkEnvironment,
  entityRef: string,
  catalog: CatalogService | undefined,
  ctx: { getInitiatorCredentials(): Promise<any> },
  log: TaskLog,
): Promise<number | undefined> {
  if (catalog) {
    try {
      const entity = await catalog.getEntityByRef(entityRef, {
        credentials: await ctx.getInitiatorCredentials(),
      });
      const { entries } = parseMapAnnotation(
        entity?.metadata.annotations?.[ANNOTATION_BUDGETS],
      );
      const override = Number(entries[env.name]);
      if (entries[env.name] !== undefined && override >= 0) return override;
    } catch (e) {
      log.warn(
        `Could not read ${entityRef} from the catalog for its budget override (${stringifyError(
          e,
        )}); using the ${env.name} default.`,
      );
    }
  }
  return env.monthlyBudget;
}

function logDecision(log: TaskLog, d: GateDecision, environment: string) {
  const s = d.summary;
  const g = d.governance.summary;
  const c = d.governance.cost;
  log.info(
    `Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy, ${s.replace} to replace.`,
  );
  log.info(
    `Policy (${environment}, threshold ${g.threshold}): failed ${g.failed.critical} critical, ${g.failed.high} high, ${g.failed.medium} medium, ${g.failed.low} low; ${g.waived} waived, ${g.warned} warnings, ${g.unknown} unknown; score ${g.score}.`,
  );
  log.info(
    `Cost estimate: ${c.monthlyBefore.toFixed(2)} -> ${c.monthlyAfter.toFixed(
      2,
    )} ${c.currency}/month (${c.delta >= 0 ? '+' : ''}${c.delta.toFixed(
      2,
    )}); priced ${c.coverage.priced}, usage-priced ${
      c.coverage.usagePriced
    }, unpriced ${c.coverage.unpriced} (price table ${PRICE_TABLE_DATE}).${
      d.budget.budget !== undefined
        ? ` Budget ${d.budget.budget} ${d.budget.currency}/month.`
        : ''
    }`,
  );
  if (d.budget.over && !d.budget.blocked)
    log.warn(`${d.budget.message} (budget action: warn)`);
  if (!d.blocked) log.info('Gate passed.');
}

function setPlanOutputs(
  ctx: { output(name: any, value: any): void },
  d: GateDecision,
  runUrl: string | undefined,
) {
  const c = d.governance.cost;
  const g = d.governance.summary;
  ctx.output('summary', d.summary);
  ctx.output('cost', {
    monthlyBefore: c.monthlyBefore,
    monthlyAfter: c.monthlyAfter,
    delta: c.delta,
    currency: c.currency,
    coverage: {
      priced: c.coverage.priced,
      usagePriced: c.coverage.usagePriced,
      unpriced: c.coverage.unpriced,
      free: c.coverage.free,
    },
    ...(d.budget.budget !== undefined && { budget: d.budget.budget }),
    overBudget: d.budget.over,
  });
  ctx.output('findings', {
    failed: failedCounts(d.governance),
    waived: g.waived,
    warned: g.warned,
    unknown: g.unknown,
    threshold: g.threshold,
    score: g.score,
  });
  if (runUrl) ctx.output('runUrl', runUrl);
}

/** Outputs known at plan time and not sensitive: what a dry run can show. */
function plannedOutputs(document: any, redactor: Redactor): JsonObject {
  const out: JsonObject = {};
  const unknown = document?.output_changes ?? {};
  for (const [name, o] of Object.entries<any>(
    document?.planned_values?.outputs ?? {},
  )) {
    if (
      o?.sensitive ||
      unknown[name]?.after_unknown === true ||
      !('value' in o)
    )
      continue;
    out[name] = redactor.redactValue(o.value);
  }
  return out;
}

function appliedOutputs(
  outputs: Record<string, { value: JsonValue; sensitive: boolean }>,
  redactor: Redactor,
  log: TaskLog,
): JsonObject {
  const out: JsonObject = {};
  const hidden: string[] = [];
  for (const [name, o] of Object.entries(outputs)) {
    if (o.sensitive) {
      redactor.addDerived(o.value);
      hidden.push(name);
    }
  }
  for (const [name, o] of Object.entries(outputs)) {
    if (!o.sensitive) out[name] = redactor.redactValue(o.value);
  }
  if (hidden.length > 0) {
    log.info(`Sensitive outputs not returned: ${hidden.join(', ')}.`);
  }
  return out;
}

function redactError(e: unknown, redactor: Redactor): Error {
  const error = e instanceof Error ? e : new Error(String(e));
  const redacted = redactor.redact(error.message);
  if (redacted !== error.message) {
    error.message = redacted;
    if (error.stack) error.stack = redactor.redact(error.stack);
  }
  return error;
}

async function report(
  platformStatus: PlatformStatusService,
  log: TaskLog,
  redactor: Redactor,
  r: {
    entityRef: string;
    environment: string;
    runId: string;
    tool: 'terraform' | 'tofu';
    executor: 'cli' | 'hcp';
    result: InfrastructureRunResult;
    startedAt: string;
    finishedAt: string;
    message?: string;
    runUrl?: string;
    taskUrl?: string;
    decision?: GateDecision;
    threshold: Severity;
  },
) {
  const d = r.decision;
  const g = d?.governance;
  const payload: InfrastructureRunReport = {
    entityRef: r.entityRef,
    environment: r.environment,
    runId: r.runId,
    tool: r.tool,
    executor: r.executor,
    result: r.result,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    ...(r.message && { message: r.message }),
    ...(r.runUrl && { runUrl: r.runUrl }),
    ...(r.taskUrl && { taskUrl: r.taskUrl }),
    summary: d?.summary ?? { add: 0, change: 0, destroy: 0, replace: 0 },
    resourceCount: d?.resourceCount ?? 0,
    findings: g ? reportedFindings(g) : [],
    compliance: g
      ? {
          score: g.summary.score,
          failed: failedCounts(g),
          waived: g.summary.waived,
          warned: g.summary.warned,
          unknown: g.summary.unknown,
          passed: g.summary.passed,
          threshold: g.summary.threshold,
          blocking: g.summary.blocking,
        }
      : {
          // No plan, so nothing was evaluated: never report that as passing.
          score: 0,
          failed: { critical: 0, high: 0, medium: 0, low: 0 },
          waived: 0,
          warned: 0,
          unknown: 0,
          passed: 0,
          threshold: r.threshold,
          blocking: false,
        },
    ...(g && {
      cost: {
        currency: g.cost.currency,
        monthlyBefore: g.cost.monthlyBefore,
        monthlyAfter: g.cost.monthlyAfter,
        delta: g.cost.delta,
        coverage: {
          priced: g.cost.coverage.priced,
          usagePriced: g.cost.coverage.usagePriced,
          unpriced: g.cost.coverage.unpriced,
        },
        priceTableDate: g.cost.priceTableDate,
      },
    }),
  };
  try {
    await platformStatus.reportInfrastructureRun(
      redactor.redactValue(payload),
      {
        signal: AbortSignal.timeout(15_000),
      },
    );
  } catch (e) {
    // The infrastructure is what it is now: a reporting failure must not
    // turn a successful apply into a failed step.
    log.warn(
      `Could not report this run to platform status (${stringifyError(
        e,
      )}); the run itself ${
        r.result === 'applied' ? 'succeeded' : `ended as ${r.result}`
      }. The entity page will show the previous run until the next report.`,
    );
  }
}

export type { TerraformConfig };

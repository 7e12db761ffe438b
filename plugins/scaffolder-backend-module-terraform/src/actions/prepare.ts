import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { JsonValue } from '@backstage/types';
import type {
  GroundworkEnvironment,
  GroundworkEnvironments,
} from '@groundwork/plugin-platform-status-common';
import type {
  BudgetAction,
  EnvironmentDefaults,
  ExecutorKind,
  TerraformConfig,
} from '../config';
import { EffectivePolicy, effectivePolicy, PolicyInput } from '../gate/policy';
import {
  Backend,
  checkBackend,
  codeDeclaresBackend,
  fillTokens,
  templateTokens,
} from '../run/backend';
import { resolveWorkspaceFile } from '../run/files';
import type { TaskLog } from '../run/lines';
import { checkVariables } from '../run/variables';
import { resolveWorkingDirectory } from '../run/workspace';
import { budgetActionOf, budgetOf } from './budget';
import type { RunRecord } from './report';
import type { TerraformApplyInput } from './terraformApply.schema';

/** A step's input checked and resolved against config: all a run needs to start. */
export interface PreparedRun {
  entityRef: string;
  env: GroundworkEnvironment;
  workingDirectory: { absolute: string; relative: string };
  /** Undefined when the code declares its own (checked after init). */
  backend?: Backend;
  policy: EffectivePolicy;
  timeoutMinutes: number;
  budget?: number;
  budgetAction: BudgetAction;
}

/**
 * Checks everything that can be checked before anything runs, in the
 * order a user fixes them. The record learns the canonical entity ref and
 * the threshold as soon as they are known, so that a refused run is
 * reported with them.
 */
export async function prepareRun(options: {
  input: TerraformApplyInput;
  vars: Record<string, JsonValue>;
  secretVars: Record<string, string>;
  kind: ExecutorKind;
  terraform: TerraformConfig;
  environments: GroundworkEnvironments;
  catalog?: CatalogService;
  ctx: {
    workspacePath: string;
    getInitiatorCredentials(): Promise<BackstageCredentials>;
  };
  log: TaskLog;
  record: RunRecord;
}): Promise<PreparedRun> {
  const { input, terraform, ctx, log, record } = options;
  try {
    record.entityRef = stringifyEntityRef(parseEntityRef(input.entityRef));
  } catch (e) {
    throw new InputError(
      `entityRef "${input.entityRef}" is not an entity reference; use kind:namespace/name, e.g. component:default/payments-api.`,
    );
  }
  const { entityRef } = record;
  const env = environmentOf(options.environments, input.environment);
  record.threshold = env.production ? 'high' : 'critical';
  const defaults = terraform.environments[env.name] ?? {};
  const wd = await resolveWorkingDirectory(
    ctx.workspacePath,
    input.workingDirectory ?? '.',
  );
  checkVariables(options.vars, options.secretVars);
  const backend =
    options.kind === 'cli'
      ? await localBackend(input, env, defaults, entityRef, wd, log)
      : undefined;
  const policy = await effectivePolicy({
    environment: env.name,
    production: env.production,
    configFile: defaults.policyFile ?? terraform.policy.file,
    configThreshold: defaults.gateThreshold,
    input: await policyInput(input, ctx.workspacePath),
    inputOverrides: terraform.policy.inputOverrides,
  });
  record.threshold = policy.threshold;
  const timeoutMinutes =
    input.timeoutMinutes ?? terraform.timeouts.defaultMinutes;
  if (timeoutMinutes > terraform.timeouts.maxMinutes) {
    throw new InputError(
      `timeoutMinutes ${timeoutMinutes} is above the ${terraform.timeouts.maxMinutes} minutes this portal allows (terraform.timeouts.maxMinutes).`,
    );
  }
  const budget = await budgetOf(env, entityRef, options.catalog, ctx, log);
  return {
    entityRef,
    env,
    workingDirectory: wd,
    backend,
    policy,
    timeoutMinutes,
    budget,
    budgetAction: budgetActionOf(env, defaults),
  };
}

function environmentOf(
  environments: GroundworkEnvironments,
  name: string,
): GroundworkEnvironment {
  try {
    return environments.get(name);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}

/**
 * The state backend the CLI executor writes over the code's: the step's,
 * else the environment's, with tokens filled in. Refuses one that would
 * lose or expose the state; warns about one it cannot check.
 */
async function localBackend(
  input: TerraformApplyInput,
  env: GroundworkEnvironment,
  defaults: EnvironmentDefaults,
  entityRef: string,
  wd: { absolute: string; relative: string },
  log: TaskLog,
): Promise<Backend | undefined> {
  const spec = input.backend ?? defaults.backend;
  const backend = spec && {
    type: spec.type,
    settings: fillTokens(
      spec.settings ?? {},
      templateTokens(
        entityRef,
        env.name,
        wd.relative === '.' ? 'root' : wd.relative,
      ),
    ),
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
  return backend;
}

/** The step's policy overrides, with their file resolved inside the workspace. */
async function policyInput(
  input: TerraformApplyInput,
  workspacePath: string,
): Promise<PolicyInput | undefined> {
  return (
    input.policy && {
      ...input.policy,
      file: input.policy.file
        ? await resolveWorkspaceFile(
            workspacePath,
            input.policy.file,
            'policy.file',
          )
        : undefined,
    }
  );
}

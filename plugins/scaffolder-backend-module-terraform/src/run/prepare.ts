import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { JsonValue } from '@backstage/types';
import type { RequestsService } from '@groundwork/plugin-requests-node';
import type {
  GroundworkEnvironment,
  GroundworkEnvironments,
} from '@groundwork/plugin-groundwork-common';
import {
  BudgetAction,
  environmentSettings,
  EnvironmentSettings,
  TerraformConfig,
} from '../config';
import {
  byRequestLabel,
  ByRequest,
  readByRequest,
  withRequestWaivers,
} from '../gate/byRequest';
import { EffectivePolicy, effectivePolicy, PolicyInput } from '../gate/policy';
import { resolveWorkspaceFile } from './files';
import { TemplateTokens, templateTokens } from './identity';
import type { TaskLog } from './lines';
import { checkVariables } from './variables';
import { resolveWorkingDirectory } from './workspace';
import { budgetActionOf, budgetOf } from './budget';
import { Selection, selectTarget } from './select';
import type { TerraformApplyInput } from '../actions/terraformApply.schema';

/** A step's input checked and resolved against config: all a run needs to start. */
export interface PreparedRun {
  entityRef: string;
  env: GroundworkEnvironment;
  /** What config decides for the environment. */
  settings: EnvironmentSettings;
  workingDirectory: { absolute: string; relative: string };
  tokens: TemplateTokens;
  selection: Selection;
  policy: EffectivePolicy;
  timeoutMinutes: number;
  budget?: number;
  budgetAction: BudgetAction;
  /** What approved requests change in this run's gate. */
  byRequest: ByRequest;
}

/** The environment a step names, or an InputError listing the configured ones. */
export function environmentOf(
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
 * Checks everything that can be checked before anything runs, in the
 * order a user fixes them, once the person may act on the entity and
 * environment. The policy is resolved last: a run refused before it is
 * reported with the environment's threshold, one refused after it with
 * the policy's, so nothing after the policy may refuse the run.
 */
export async function prepareRun(options: {
  input: TerraformApplyInput;
  entityRef: string;
  env: GroundworkEnvironment;
  vars: Record<string, JsonValue>;
  secretVars: Record<string, string>;
  terraform: TerraformConfig;
  catalog: CatalogService;
  /** Where approved waivers and budgets are read, when the requests plugin is installed. */
  requests?: RequestsService;
  auth: AuthService;
  /** For the log line of a budget approved by request. */
  currency: string;
  ctx: {
    workspacePath: string;
    getInitiatorCredentials(): Promise<BackstageCredentials>;
  };
  log: TaskLog;
}): Promise<PreparedRun> {
  const { input, entityRef, env, terraform, ctx, log } = options;
  const settings = environmentSettings(terraform, env.name);
  const wd = await resolveWorkingDirectory(
    ctx.workspacePath,
    input.workingDirectory ?? '.',
  );
  const tokens = templateTokens(
    entityRef,
    env.name,
    wd.relative === '.' ? 'root' : wd.relative,
  );
  const selection = selectTarget(input, settings, tokens);
  if (selection.backend?.type === 'local') {
    log.warn(
      'Local state: the state file lives in the task workspace, which is deleted after the task; only for throw-away runs.',
    );
  }
  checkVariables(options.vars, options.secretVars);
  const timeoutMinutes =
    input.timeoutMinutes ?? terraform.timeouts.defaultMinutes;
  if (timeoutMinutes > terraform.timeouts.maxMinutes) {
    throw new InputError(
      `timeoutMinutes ${timeoutMinutes} is above the ${terraform.timeouts.maxMinutes} minutes this portal allows (terraform.timeouts.maxMinutes).`,
    );
  }
  const configured = await budgetOf(env, entityRef, options.catalog, ctx, log);
  const byRequest = await readByRequest({
    requests: options.requests,
    auth: options.auth,
    entityRef,
    environment: env.name,
    log,
  });
  let budget = configured;
  if (byRequest.budget) {
    budget = byRequest.budget.monthlyBudget;
    log.info(
      `Budget by ${byRequestLabel(byRequest.budget)}: ${budget} ${
        options.currency
      }/month in ${env.name}, instead of ${
        configured === undefined
          ? 'no budget'
          : `${configured} ${options.currency}/month`
      }.`,
    );
  }
  const stepPolicy = await effectivePolicy({
    environment: env.name,
    production: env.production,
    configFile: settings.policyFile ?? terraform.policy.file,
    configThreshold: settings.gateThreshold,
    input: await policyInput(input, ctx.workspacePath),
    inputOverrides: terraform.policy.inputOverrides,
  });
  const policy = withRequestWaivers(stepPolicy, byRequest.waivers);
  return {
    entityRef,
    env,
    settings,
    workingDirectory: wd,
    tokens,
    selection,
    policy,
    timeoutMinutes,
    budget,
    budgetAction: budgetActionOf(env, settings),
    byRequest,
  };
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

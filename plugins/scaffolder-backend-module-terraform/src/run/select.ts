import { InputError } from '@backstage/errors';
import type { BackendSpec, EnvironmentSettings, ExecutorKind } from '../config';
import { Backend, LOCAL_STATE } from './backend';
import { fillTokens, TemplateTokens } from './identity';
import type { TerraformApplyInput } from '../actions/terraformApply.schema';

/** Where a run's state lives and where it runs: what config decided, as a step selected it. */
export interface Selection {
  executor: ExecutorKind;
  /** CLI: the backend written over the code's (local only when the step allows it). */
  backend?: Backend & { key?: string };
  /** HCP: the organization and workspace, names filled in. */
  hcp?: { organization: string; workspace: string };
}

const names = (list: string[]) =>
  list.length > 0 ? list.join(', ') : 'none is configured';

/**
 * Config decides state backends, executors, organizations and workspaces;
 * a step may only pick among what config lists for its environment, by
 * name. Anything else is refused with the config key that would allow it.
 */
export function selectTarget(
  input: Pick<
    TerraformApplyInput,
    'executor' | 'backend' | 'hcp' | 'allowLocalState'
  >,
  env: EnvironmentSettings,
  tokens: TemplateTokens,
): Selection {
  const executor = input.executor ?? env.executor;
  if (!env.executors.includes(executor)) {
    throw new InputError(
      `executor "${executor}" is not allowed in ${tokens.environment}: ${
        env.key
      }.executors lists ${names(
        env.executors,
      )}. Remove executor from the step, or ask the portal admins to add ${executor} there.`,
    );
  }
  if (executor === 'hcp') {
    if (input.backend !== undefined) {
      throw new InputError(
        `backend does not apply to executor hcp: the state lives in the HCP Terraform workspace config gives (${env.hcp.workspaceNameKey}). Remove backend from the step.`,
      );
    }
    return { executor, hcp: selectHcp(input.hcp, env, tokens) };
  }
  if (input.hcp !== undefined) {
    throw new InputError(
      `hcp settings apply to executor hcp only; this step runs on ${executor}. Remove hcp from the step.`,
    );
  }
  return { executor, backend: selectBackend(input, env, tokens) };
}

function selectBackend(
  input: Pick<TerraformApplyInput, 'backend' | 'allowLocalState'>,
  env: EnvironmentSettings,
  tokens: TemplateTokens,
): Selection['backend'] {
  const available = Object.keys(env.backends);
  if (input.backend !== undefined && typeof input.backend !== 'string') {
    throw new InputError(
      `backend must name a state backend configured for ${
        tokens.environment
      } (${env.key}.backends: ${names(
        available,
      )}); a step cannot give backend settings of its own. Ask the portal admins to add the backend to ${
        env.key
      }.backends and select it by name.`,
    );
  }
  let spec: BackendSpec | undefined;
  if (input.backend !== undefined) {
    spec = env.backends[input.backend];
    if (!spec) {
      throw new InputError(
        `backend "${input.backend}" is not configured for ${
          tokens.environment
        }: ${env.key}.backends lists ${names(
          available,
        )}. Select one of them, or leave backend out for ${
          env.backend ? `the default (${env.key}.backend)` : 'the default'
        }.`,
      );
    }
  } else {
    spec = env.backend;
  }
  if (!spec) {
    if (input.allowLocalState) return LOCAL_STATE;
    throw new InputError(
      `${tokens.environment} has no state backend: set ${env.key}.backend in app-config (s3, gcs, azurerm, remote or cloud), or set allowLocalState: true on the step for a throw-away run whose state is lost with the task workspace.`,
    );
  }
  return {
    type: spec.type,
    settings: fillTokens(spec.settings, tokens),
    key: spec.key,
  };
}

function selectHcp(
  given: TerraformApplyInput['hcp'],
  env: EnvironmentSettings,
  tokens: TemplateTokens,
): Selection['hcp'] {
  const organization = env.hcp.organization!;
  if (
    given?.organization !== undefined &&
    given.organization !== organization
  ) {
    throw new InputError(
      `hcp.organization "${given.organization}" is not the organization config gives ${tokens.environment} (${env.hcp.organizationKey}: ${organization}). Remove hcp.organization from the step.`,
    );
  }
  const workspace = fillTokens(env.hcp.workspaceName, tokens);
  if (given?.workspace !== undefined && given.workspace !== workspace) {
    throw new InputError(
      `hcp.workspace "${given.workspace}" is not the workspace config gives ${tokens.kind}:${tokens.namespace}/${tokens.name} in ${tokens.environment} (${env.hcp.workspaceNameKey} makes it "${workspace}"): a step cannot choose another workspace, which may hold another entity's state. Remove hcp.workspace from the step.`,
    );
  }
  if (!/^[A-Za-z0-9_-]{1,90}$/.test(workspace)) {
    throw new InputError(
      `"${workspace}" is not a valid HCP Terraform workspace name (letters, digits, '-' and '_', at most 90); shorten the entity name or change ${env.hcp.workspaceNameKey}.`,
    );
  }
  return { organization, workspace };
}

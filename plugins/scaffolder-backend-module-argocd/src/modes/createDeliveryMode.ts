import { InputError } from '@backstage/errors';
import type {
  GithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import type { ArgoCdInstances } from '@groundwork/plugin-argocd-node';
import type { CreateAppInput } from '../actions/types';
import { ApiMode } from './api/ApiMode';
import type { GitOpsConfig } from './gitops/config';
import { GitOpsMode } from './gitops/GitOpsMode';
import type {
  ClientTuning,
  DeliveryMode,
  PollTiming,
  TaskStepContext,
} from './types';

/** What the modes read from config, once at startup. */
interface DeliverySettings {
  instances: ArgoCdInstances;
  /** `argocd.gitops`; without it there is no GitOps mode. */
  gitops?: GitOpsConfig;
  integrations: ScmIntegrations;
  githubCredentialsProvider: GithubCredentialsProvider;
  client?: ClientTuning;
  wait?: PollTiming;
}

/**
 * The mode `input.mode` names, for the Argo CD instance `instanceName`
 * (else the default); throws an InputError when its settings are missing
 * or the inputs do not render.
 */
export function createDeliveryMode(
  input: CreateAppInput,
  instanceName: string | undefined,
  step: TaskStepContext,
  settings: DeliverySettings,
): DeliveryMode {
  if (input.mode === 'gitops') {
    if (!settings.gitops) {
      throw new InputError(
        'mode: gitops needs argocd.gitops (repository, mode, paths) in app-config; ask the portal admins to configure it, or use mode: api.',
      );
    }
    // The instance that watches the repository is optional here: it
    // gives links and lets the step wait; the commit needs none.
    const instance =
      instanceName || settings.instances.instances.length > 0
        ? settings.instances.get(instanceName)
        : undefined;
    return new GitOpsMode({
      input,
      step,
      gitops: settings.gitops,
      instance,
      integrations: settings.integrations,
      githubCredentialsProvider: settings.githubCredentialsProvider,
      clientOptions: settings.client,
      waitOptions: settings.wait,
    });
  }
  return new ApiMode({
    input,
    step,
    instance: settings.instances.get(instanceName),
    clientOptions: settings.client,
    waitOptions: settings.wait,
  });
}

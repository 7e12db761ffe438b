import { CustomErrorBase } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ArgoCdApplication,
  ArgoCdClient,
} from '@groundwork/plugin-argocd-node';
import { abortableSleep } from '@groundwork/plugin-groundwork-node';
import { canonical } from '../manifests/compare';
import { prune } from '../manifests/render';
import type { CreateAppInput } from '../actions/types';
import type { PollTiming, StepContext } from './types';

/** The step waited as long as it was allowed to. */
class WaitTimeoutError extends CustomErrorBase {
  name = 'WaitTimeoutError' as const;
}

/** Argo CD tried to sync and failed: waiting longer will not help. */
class SyncFailedError extends CustomErrorBase {
  name = 'SyncFailedError' as const;
}

interface ObservedState {
  syncStatus: string;
  healthStatus: string;
  revision?: string;
  healthMessage?: string;
  operationPhase?: string;
  operationMessage?: string;
}

interface WaitOptions {
  client: ArgoCdClient;
  name: string;
  appNamespace?: string;
  /** The app's project: Argo CD answers 403 rather than "not found" to a read without it. */
  project: string;
  waitFor: 'synced' | 'healthy';
  timeoutMs: number;
  signal?: AbortSignal;
  logger: LoggerService;
  /** The spec just written: older status (of the previous spec) does not count. */
  spec?: ArgoCdApplication['spec'];
  /** In GitOps mode the app-of-apps creates the Application some time after the commit. */
  allowMissing?: boolean;
  /** First poll interval; grows by half each poll up to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** For messages: where to look. */
  url: string;
}

/** What the status of an app says, read the way `argocd app wait` reads it. */
export function observe(
  app: ArgoCdApplication | undefined,
  spec?: ArgoCdApplication['spec'],
): ObservedState {
  const status = app?.status;
  const current = spec === undefined || reflects(app, spec);
  const op = status?.operationState;
  return {
    syncStatus: current ? status?.sync?.status ?? 'Unknown' : 'Unknown',
    healthStatus: current ? status?.health?.status ?? 'Unknown' : 'Unknown',
    revision: current
      ? status?.sync?.revision ?? status?.sync?.revisions?.join(',')
      : undefined,
    healthMessage: status?.health?.message,
    operationPhase: op?.phase,
    operationMessage: op?.message,
  };
}

/**
 * Polls the Application with growing, jittered intervals until it is in
 * the requested state, logging every sync and health transition to the
 * task log. Stops at once when `signal` aborts; fails at once when the sync
 * operation failed; fails with what it last saw when time runs out.
 */
async function waitForApplication(
  options: WaitOptions,
): Promise<ObservedState> {
  const {
    client,
    name,
    logger,
    signal,
    waitFor,
    timeoutMs,
    pollIntervalMs = 2_000,
    maxPollIntervalMs = 15_000,
  } = options;
  const deadline = Date.now() + timeoutMs;
  const wanted = waitFor === 'healthy' ? 'Synced and Healthy' : 'Synced';
  logger.info(
    `Waiting up to ${Math.round(
      timeoutMs / 1000,
    )} s for ${name} to be ${wanted}`,
  );
  let interval = pollIntervalMs;
  let last: ObservedState | undefined;
  let lastConditions = '';
  for (;;) {
    signal?.throwIfAborted();
    const app = await client.getApplication(name, {
      appNamespace: options.appNamespace,
      project: options.project,
      signal,
    });
    if (!app && !options.allowMissing) {
      throw new SyncFailedError(
        `The Application ${name} disappeared from Argo CD instance "${client.name}" while waiting; someone deleted it. Run the template again to recreate it.`,
      );
    }
    const state = observe(app, options.spec);
    if (!app) {
      if (!last)
        logger.info(
          `${name}: not in Argo CD yet, waiting for the app-of-apps to create it`,
        );
    } else {
      logTransition(logger, name, last, state);
    }
    last = state;
    const conditions = (app?.status?.conditions ?? [])
      .map(c => `${c.type}: ${c.message}`)
      .join('; ');
    if (conditions && conditions !== lastConditions) {
      logger.warn(`${name}: ${conditions}`);
    }
    lastConditions = conditions;

    if (
      (state.operationPhase === 'Failed' || state.operationPhase === 'Error') &&
      app &&
      (options.spec === undefined || reflects(app, options.spec))
    ) {
      const message = state.operationMessage || state.operationPhase;
      // The project refused a resource (controller/sync.go,
      // validateSyncPermissions): the fix is in the AppProject, not the manifests.
      const byProject = / is not permitted in project /.test(message ?? '');
      throw new SyncFailedError(
        `Argo CD could not sync ${name}: ${message}. The Application exists; see ${
          options.url
        } for the resource that failed, ${
          byProject
            ? `and add what it needs to its AppProject "${options.project}" (projectSpec.clusterResourceWhitelist for a cluster-scoped kind, destinations for a namespace), or ask an Argo CD admin to`
            : 'fix the manifests at the source and'
        } sync again.`,
      );
    }
    const synced =
      state.syncStatus === 'Synced' && state.operationPhase !== 'Running';
    if (synced && (waitFor === 'synced' || state.healthStatus === 'Healthy')) {
      return state;
    }

    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new WaitTimeoutError(
        `Timed out after ${Math.round(
          timeoutMs / 1000,
        )} s waiting for ${name} to be ${wanted}: last seen sync ${
          state.syncStatus
        }, health ${state.healthStatus}${
          state.healthMessage ? ` (${state.healthMessage})` : ''
        }${
          state.operationPhase
            ? `, operation ${state.operationPhase}${
                state.operationMessage ? ` (${state.operationMessage})` : ''
              }`
            : ''
        }${conditions ? `; ${conditions}` : ''}. ${
          app
            ? `The Application exists and Argo CD keeps reconciling it: see ${options.url}. `
            : 'The Application does not exist yet: check that the app-of-apps watching the GitOps repository synced. '
        }Raise timeoutSeconds if it needs longer.`,
      );
    }
    // Jitter keeps steps started together from polling in step.
    const jittered = interval * (0.8 + Math.random() * 0.4);
    await abortableSleep(Math.min(jittered, remaining), signal);
    interval = Math.min(interval * 1.5, maxPollIntervalMs);
  }
}

/**
 * Waits as the step's `waitFor` and `timeoutSeconds` ask, for the
 * Application a mode delivered; undefined with `waitFor: none`.
 */
export async function waitAsAsked(
  input: CreateAppInput,
  step: StepContext,
  target: Pick<
    WaitOptions,
    'client' | 'appNamespace' | 'spec' | 'url' | 'allowMissing'
  > &
    PollTiming,
): Promise<ObservedState | undefined> {
  if (input.waitFor === 'none') return undefined;
  return waitForApplication({
    name: input.name,
    project: input.project,
    waitFor: input.waitFor,
    timeoutMs: input.timeoutSeconds * 1000,
    signal: step.signal,
    logger: step.logger,
    ...target,
  });
}

function logTransition(
  logger: LoggerService,
  name: string,
  before: ObservedState | undefined,
  now: ObservedState,
) {
  const parts: string[] = [];
  if (!before || before.syncStatus !== now.syncStatus) {
    parts.push(
      `sync ${before ? `${before.syncStatus} → ` : ''}${now.syncStatus}`,
    );
  }
  if (!before || before.healthStatus !== now.healthStatus) {
    parts.push(
      `health ${before ? `${before.healthStatus} → ` : ''}${now.healthStatus}${
        now.healthMessage ? ` (${now.healthMessage})` : ''
      }`,
    );
  }
  if (now.operationPhase && before?.operationPhase !== now.operationPhase) {
    parts.push(
      `operation ${now.operationPhase}${
        now.operationMessage ? ` (${now.operationMessage})` : ''
      }`,
    );
  }
  if (parts.length > 0) logger.info(`${name}: ${parts.join(', ')}`);
}

/** Whether the status was computed for this spec's sources (not a previous one's). */
function reflects(
  app: ArgoCdApplication | undefined,
  spec: ArgoCdApplication['spec'],
): boolean {
  const compared = (
    app?.status?.sync as
      | { comparedTo?: { source?: unknown; sources?: unknown } }
      | undefined
  )?.comparedTo;
  if (!compared) return true;
  return (
    canonical(prune(compared.source)) === canonical(prune(spec.source)) &&
    canonical(prune(compared.sources)) === canonical(prune(spec.sources))
  );
}

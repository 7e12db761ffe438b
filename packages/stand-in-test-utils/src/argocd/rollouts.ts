/** Argo CD sync status codes (`SyncStatusCode` in gitops-engine). */
export type SyncStatusCode = 'Synced' | 'OutOfSync' | 'Unknown';

/** Argo CD health status codes (`health.HealthStatusCode`). */
export type HealthStatusCode =
  | 'Healthy'
  | 'Progressing'
  | 'Degraded'
  | 'Suspended'
  | 'Missing'
  | 'Unknown';

/** Phase of the current sync operation (`OperationPhase`). */
export type OperationPhase =
  | 'Running'
  | 'Terminating'
  | 'Failed'
  | 'Error'
  | 'Succeeded';

/**
 * One observed state of an Application. The stand-in plays a rollout one
 * step per read of the application (get or list), so a test that polls sees
 * the same sequence every run, without timers.
 */
export interface RolloutStep {
  sync: SyncStatusCode;
  health: HealthStatusCode;
  healthMessage?: string;
  phase?: OperationPhase;
  operationMessage?: string;
}

/** Ready-made rollouts for `ArgoCdStandIn` (`rollout`, `nextRollout`, `setRollout`). */
export const rollouts = {
  /** What an automated sync of a healthy workload looks like. */
  healthy: (): RolloutStep[] => [
    {
      sync: 'OutOfSync',
      health: 'Missing',
      phase: 'Running',
      operationMessage: 'one or more tasks are running',
    },
    {
      sync: 'Synced',
      health: 'Progressing',
      healthMessage:
        'Waiting for rollout to finish: 0 of 1 updated replicas are available...',
      phase: 'Succeeded',
      operationMessage: 'successfully synced (all tasks run)',
    },
    { sync: 'Synced', health: 'Healthy', phase: 'Succeeded' },
  ],
  /** Synced, but the workload never becomes healthy. */
  degraded: (
    message = 'Deployment "app" exceeded its progress deadline',
  ): RolloutStep[] => [
    {
      sync: 'OutOfSync',
      health: 'Missing',
      phase: 'Running',
      operationMessage: 'one or more tasks are running',
    },
    {
      sync: 'Synced',
      health: 'Progressing',
      phase: 'Succeeded',
      operationMessage: 'successfully synced (all tasks run)',
    },
    {
      sync: 'Synced',
      health: 'Degraded',
      healthMessage: message,
      phase: 'Succeeded',
    },
  ],
  /** The sync operation itself fails (e.g. a manifest the cluster refuses). */
  syncFailed: (
    message = 'one or more objects failed to apply, reason: Deployment.apps "app" is invalid',
  ): RolloutStep[] => [
    {
      sync: 'OutOfSync',
      health: 'Missing',
      phase: 'Running',
      operationMessage: 'one or more tasks are running',
    },
    {
      sync: 'OutOfSync',
      health: 'Missing',
      phase: 'Failed',
      operationMessage: message,
    },
  ],
  /** Never settles: for timeouts and cancellation. */
  stuck: (): RolloutStep[] => [
    {
      sync: 'OutOfSync',
      health: 'Progressing',
      phase: 'Running',
      operationMessage: 'waiting for healthy state of apps/Deployment/app',
    },
  ],
  /** No automated sync: Argo CD reports the difference and does nothing. */
  manual: (): RolloutStep[] => [{ sync: 'OutOfSync', health: 'Missing' }],
};

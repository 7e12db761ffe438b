import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/config';
import type { ArgoCdClientOptions } from '@groundwork/plugin-argocd-node';

/** The scaffolder's `ctx.checkpoint`: a recovered task does not run a success again. */
type Checkpoint = <T extends JsonValue | void>(opts: {
  key: string;
  fn: () => Promise<T> | T;
}) => Promise<T>;

/** What the modes take from the step's action context. */
export interface StepContext {
  logger: LoggerService;
  signal?: AbortSignal;
  checkpoint: Checkpoint;
}

/** The step with its task and initiator, whom a GitOps commit names. */
export interface TaskStepContext extends StepContext {
  task: { id: string };
  user?: { ref?: string };
}

/** Retry tuning of the Argo CD client (tests shorten it). */
export type ClientTuning = Pick<
  ArgoCdClientOptions,
  'maxRetries' | 'backoffMs' | 'maxBackoffMs'
>;

/** Poll timing of `waitFor` (tests shorten it). */
export interface PollTiming {
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
}

/** The `change` output: what the API did, or what landed in the GitOps repository. */
type Change =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'committed'
  | 'pull-request';

/** What a mode delivered, as the step outputs it beside appName, project and url. */
export interface Delivery {
  change: Change;
  appNamespace: string;
  syncStatus: string;
  healthStatus: string;
  /** API mode: the revision Argo CD synced; GitOps mode: the commit of the manifests. */
  revision?: string;
  pullRequestUrl?: string;
}

/**
 * One way `argocd:create-app` delivers an Application: calls to the Argo CD
 * API, or a commit (or pull request) to the GitOps repository an
 * app-of-apps watches. `createDeliveryMode` picks one; by then the
 * manifests are rendered and the mode's settings checked, so a step that
 * cannot succeed fails before anything is sent.
 */
export interface DeliveryMode {
  /** Where to look at the application: Argo CD's UI, else the manifest in the repository. */
  readonly url: string;
  /** Dry run: logs what would be written, writes nothing; the outputs then. */
  preview(): Delivery;
  /**
   * Reuses, creates or merges the AppProject per `projectMode`, and creates
   * or updates the Application: API calls, or one commit or pull request
   * that holds both files.
   */
  deliver(): Promise<Delivery>;
  /** Polls Argo CD until the delivered Application is as `waitFor` asks. */
  waitUntilReady(delivery: Delivery): Promise<Delivery>;
  /** What was delivered and stays when waiting stops, for the task log. */
  describeLeftBehind(delivery: Delivery): string;
}

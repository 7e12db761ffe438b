import type { JsonValue } from '@backstage/types';
import type { Plan } from '@groundwork/governance';
import type { Backend } from '../run/backend';
import type { TaskLog } from '../run/lines';
import type { ProcessStats } from '../run/process';
import type { Redactor } from '../run/redact';

/** Where a run is, for cancellation and failure messages. */
export type Phase =
  | 'preparing'
  | 'init'
  | 'validate'
  | 'plan'
  | 'gate'
  | 'apply'
  | 'outputs'
  | 'done';

export type Checkpoint = <T extends JsonValue | void>(opts: {
  key: string;
  fn: () => Promise<T> | T;
}) => Promise<T>;

export interface RunRequest {
  workingDirectory: { absolute: string; relative: string };
  environment: string;
  vars: Record<string, JsonValue>;
  secretVars: Record<string, string>;
  /** CLI: the state backend config selected, written over the code's. */
  backend?: Backend;
  destroy: boolean;
  /** Dry-run or planOnly: plan, never apply. */
  planOnly: boolean;
  log: TaskLog;
  redactor: Redactor;
  /** Aborted on cancellation or timeout. */
  stop: AbortSignal;
  /** A folder removed after the step, outside the working directory. */
  tempDir: string;
  checkpoint: Checkpoint;
  /** Stable across recovery of the same task step. */
  runKey: string;
  entityRef: string;
  /** HCP: the organization and workspace config selected. */
  hcp?: { organization: string; workspace: string };
  /**
   * Refuses code in the modules `init` installed (registry, Git) that the
   * environment does not allow; called between init and the plan.
   */
  checkInstalledModules(): Promise<void>;
  message: string;
  stats?: ProcessStats;
}

export interface PlannedRun {
  /** The plan JSON document, as `terraform show -json` printed it. */
  document: any;
  plan: Plan;
  version?: string;
  runUrl?: string;
}

export interface TerraformOutput {
  value: JsonValue;
  sensitive: boolean;
  type?: JsonValue;
}

export interface AppliedRun {
  outputs: Record<string, TerraformOutput>;
}

export interface Executor {
  readonly kind: 'cli' | 'hcp';
  readonly phase: Phase;
  /** Whether apply began: after that, cancellation may leave changes behind. */
  readonly applyStarted: boolean;
  /** Resources Terraform reported done during apply. */
  readonly appliedCount: number;
  readonly runUrl?: string;
  plan(): Promise<PlannedRun>;
  apply(): Promise<AppliedRun>;
  /** Drops the plan without applying it (HCP: discards the run). */
  discard(reason: string): Promise<void>;
  /** Removes generated files; never throws. */
  cleanup(): Promise<void>;
}

import type { Backend, CodePolicy } from '@groundwork/plugin-groundwork-node';
import type {
  DriftCheckResult,
  DriftSource,
  DriftTarget,
} from '@groundwork/plugin-platform-status-node';
import { CliSettings, runRefreshOnly } from './refreshOnly';

/**
 * The backend a state location names, with the rest of its settings
 * (region, encryption, lock) from the environment's configured backend of
 * the same type (`terraform.environments.<env>.backend`), so that the check
 * reads the state as terraform:apply wrote it. `s3://<bucket>/<key>` and
 * `gs://<bucket>/<prefix>`; anything else is not a location this checks.
 */
export function backendForLocation(
  location: string,
  configured?: { type: string; settings: Record<string, unknown> },
): Backend | undefined {
  const m = /^(s3|gs):\/\/([^/\s]+)\/(\S+)$/.exec(location.trim());
  if (!m) return undefined;
  const type = m[1] === 's3' ? 's3' : 'gcs';
  const base = configured?.type === type ? configured.settings : {};
  return type === 's3'
    ? { type, settings: { ...base, bucket: m[2], key: m[3] } }
    : { type, settings: { ...base, bucket: m[2], prefix: m[3] } };
}

/** Where the stack's code is for one environment, and how to let go of it. */
export interface StackCode {
  dir: string;
  release?(): Promise<void>;
}

/** The code of a stack, or why there is none (a sentence that says what to fix). */
export type StackCodeLookup = StackCode | { reason: string } | undefined;

/**
 * Drift by running `terraform plan -refresh-only -detailed-exitcode` (see
 * `runRefreshOnly`) on environments whose state is in an s3 or gcs backend.
 * Where the stack's code comes from is the caller's `codeFor` (the module
 * installs `RepositoryCodeSource`'s: the entity's repository through the
 * portal's UrlReaderService); an environment it has no code for is
 * `unknown` with its reason.
 */
export class CliRefreshOnlySource implements DriftSource {
  readonly id = 'cli-refresh-only' as const;

  constructor(
    private readonly options: {
      settings: CliSettings;
      /** The configured backend of an environment, for its non-location settings. */
      configuredBackend(
        environment: string,
      ): { type: string; settings: Record<string, unknown> } | undefined;
      /** The plan-time code an environment allows (none when left out). */
      codePolicy?(environment: string): CodePolicy;
      codeFor(
        target: DriftTarget,
        signal?: AbortSignal,
      ): Promise<StackCodeLookup>;
      env?: NodeJS.ProcessEnv;
    },
  ) {}

  covers(stateLocation: string): boolean {
    return backendForLocation(stateLocation) !== undefined;
  }

  async check(
    target: DriftTarget,
    signal?: AbortSignal,
  ): Promise<DriftCheckResult> {
    const backend = backendForLocation(
      target.stateLocation,
      this.options.configuredBackend(target.environment),
    )!;
    const code = await this.options.codeFor(target, signal);
    if (!code || 'reason' in code) {
      return {
        result: 'unknown',
        resources: [],
        reason:
          code?.reason ??
          `The portal has no Terraform code for ${target.entityRef} in ${target.environment} to check drift with.`,
      };
    }
    try {
      return await runRefreshOnly({
        settings: this.options.settings,
        codeDir: code.dir,
        backend,
        codePolicy: this.options.codePolicy?.(target.environment),
        signal,
        env: this.options.env,
      });
    } finally {
      await code.release?.();
    }
  }
}

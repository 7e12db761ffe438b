import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** How the stand-in behaves; every field can be changed between runs. */
export interface TerraformStandInOptions {
  /** `terraform` (default) or `tofu`: changes the banner. */
  flavour?: 'terraform' | 'tofu';
  /** Version reported by `version` (default 1.9.5). */
  version?: string;
  /**
   * The plan `show -json` prints: a plan document file (a fixture from
   * `planFixturePath('...')` or a derived one), or one
   * generated with `resources` copies of a fixture's resources.
   */
  plan:
    | { file: string }
    | { generated: { resources: number; fixture: string } }
    | PlanProgram;
  /**
   * Outputs written to the state by `apply` and printed by `output -json`.
   * `fromVariable` takes the value of a Terraform variable (a secret, say).
   */
  outputs?: Record<
    string,
    {
      value?: unknown;
      fromVariable?: string;
      sensitive?: boolean;
      type?: unknown;
    }
  >;
  /**
   * Write only the `outputs` the working directory's configuration declares
   * (`output "<name>"` blocks), as Terraform does: one list of outputs then
   * serves several root modules (the layers of an environment).
   */
  outputsDeclaredOnly?: boolean;
  /** Delay per printed line: a slow run that can be interrupted. */
  slowMs?: number;
  /** `init` fails as it does when the registry cannot be reached. */
  initFailure?: boolean;
  /** Another run holds the state lock: `plan` and `apply` fail. */
  stateLock?: boolean;
  /**
   * What a `plan -refresh-only` finds changed outside Terraform: the
   * `resource_drift` of a real plan document (`fromPlan`, e.g.
   * `planFixturePath('06b-...')`), or entries given as they are. Absent: no drift.
   */
  drift?: { fromPlan: string } | { resourceDrift: unknown[] };
  /** `plan -refresh-only` fails reading the real objects, with this provider error. */
  refreshError?: string;
  /** `apply` fails half way through, after some resources were created. */
  applyError?: boolean;
  /** Keep going after SIGINT, so only SIGKILL stops it. */
  ignoreInterrupt?: boolean;
  /** Provider log lines printed during `apply`, spread over the resources. */
  extraApplyLines?: number;
  /** A provider that echoes variable values (secrets included) into its log. */
  leakVariables?: boolean;
  /**
   * Modules `init` installs from a registry or Git, by module key: written
   * under `.terraform/modules/<key>` and listed in `modules.json`, as
   * Terraform does.
   */
  modules?: Record<
    string,
    { source: string; version?: string; files: Record<string, string> }
  >;
}

/**
 * A plan that follows from the code being planned: `module` (CommonJS, or
 * TypeScript, loaded through Backstage's node transform) exports
 * `planDocument({ cwd, variables, options })`, which returns (or resolves to)
 * the document `show -json` prints for the working directory `cwd` with the
 * variables Terraform collected (`{ name: { value } }`). `options` is handed
 * over as given (JSON).
 */
interface PlanProgram {
  program: { module: string; options?: unknown };
}

/** One invocation of the stand-in, as it recorded itself. */
export interface TerraformCall {
  argv: string[];
  cwd: string;
  /** Names of the environment variables it was given (never values). */
  envNames: string[];
  /** sha256 of each TF_VAR_* value, to check values without storing them. */
  tfVarSha256: Record<string, string>;
  /** Contents of the tfvars files in its working directory. */
  tfvarsFiles: Record<string, Record<string, unknown>>;
  startedAt: string;
  pid: number;
  /** Exit code; undefined when it was killed. */
  exitCode?: number;
  /** Whether it received SIGINT. */
  interrupted: boolean;
  /** For `init`: the backend it configured (an override file's, or the code's block). */
  backend?: { type: string; config: Record<string, unknown> } | null;
}

export interface TerraformStandIn {
  /** Path to give as `terraform.binary`: an executable launcher. */
  binary: string;
  /** Folder holding the launcher, config, records, state and lock. */
  dir: string;
  /** A plugin cache directory to give as `terraform.pluginCacheDir`. */
  pluginCacheDir: string;
  /** Replaces some options for the following runs. */
  configure(options: Partial<TerraformStandInOptions>): void;
  /** Every invocation so far, in order. */
  calls(): TerraformCall[];
  /** Whether a state lock is held (a run was killed mid-operation). */
  lockHeld(): boolean;
  /** The state the stand-in keeps (serial, applied addresses, outputs). */
  state(): {
    serial: number;
    resources: string[];
    outputs: Record<string, unknown>;
  };
  /** Removes the folder. */
  remove(): void;
}

// The stand-in ships as a script beside this file.
// eslint-disable-next-line no-restricted-syntax
const SCRIPT = path.join(__dirname, 'terraform.js');

/**
 * Creates a stand-in `terraform` binary in a fresh temporary folder: an
 * executable launcher bound to its own config file (the action runs
 * Terraform with an allow-listed environment, so the stand-in cannot be
 * configured through environment variables).
 */
export function createTerraformStandIn(
  options: TerraformStandInOptions,
): TerraformStandIn {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-terraform-'));
  const stateDir = path.join(dir, 'state');
  const pluginCacheDir = path.join(dir, 'plugin-cache');
  fs.mkdirSync(stateDir);
  fs.mkdirSync(pluginCacheDir);
  const configFile = path.join(dir, 'config.json');
  const recordFile = path.join(dir, 'calls.jsonl');
  let current: TerraformStandInOptions = { ...options };
  const write = () =>
    fs.writeFileSync(
      configFile,
      JSON.stringify({ ...current, stateDir, recordFile }, null, 2),
    );
  write();
  const binary = path.join(
    dir,
    current.flavour === 'tofu' ? 'tofu' : 'terraform',
  );
  fs.writeFileSync(
    binary,
    `#!${process.execPath}\nrequire(${JSON.stringify(
      SCRIPT,
    )}).main(${JSON.stringify(configFile)});\n`,
    { mode: 0o755 },
  );

  return {
    binary,
    dir,
    pluginCacheDir,
    configure(partial) {
      current = { ...current, ...partial };
      write();
    },
    calls() {
      if (!fs.existsSync(recordFile)) return [];
      const byPid = new Map<number, TerraformCall>();
      const order: TerraformCall[] = [];
      for (const line of fs.readFileSync(recordFile, 'utf8').split('\n')) {
        if (!line) continue;
        const entry = JSON.parse(line);
        if (entry.event === 'start') {
          const call: TerraformCall = {
            argv: entry.argv,
            cwd: entry.cwd,
            envNames: entry.envNames,
            tfVarSha256: entry.tfVarSha256,
            tfvarsFiles: entry.tfvarsFiles,
            startedAt: entry.startedAt,
            pid: entry.pid,
            interrupted: false,
          };
          byPid.set(entry.pid, call);
          order.push(call);
        } else if (entry.event === 'backend') {
          const call = byPid.get(entry.pid);
          if (call) call.backend = entry.backend ?? null;
        } else if (entry.event === 'SIGINT') {
          const call = byPid.get(entry.pid);
          if (call) call.interrupted = true;
        } else if (entry.event === 'exit') {
          const call = byPid.get(entry.pid);
          if (call) call.exitCode = entry.code;
        }
      }
      return order;
    },
    lockHeld() {
      return fs.existsSync(path.join(stateDir, 'lock.json'));
    },
    state() {
      const file = path.join(stateDir, 'state.json');
      if (!fs.existsSync(file))
        return { serial: 0, resources: [], outputs: {} };
      return JSON.parse(fs.readFileSync(file, 'utf8'));
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A plan document of `resources` resources built from a fixture's (see
 * terraform.js): for tests and benchmarks that need a large plan.
 */
export function generatePlanDocument(
  resources: number,
  fixture: string,
): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(SCRIPT).generatePlan(resources, fixture);
}

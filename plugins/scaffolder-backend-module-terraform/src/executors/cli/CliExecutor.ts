import { ConflictError, InputError } from '@backstage/errors';
import { planFromDocument, PlanParseError } from '@groundwork/governance';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { TerraformConfig } from '../../config';
import { BACKEND_OVERRIDE_FILE, writeBackendOverride } from '../../run/backend';
import { childEnvironment } from '../../run/environment';
import { APPLIED_LINE } from '../../run/lines';
import { runProcess } from '../../run/process';
import { TFVARS_FILE, writeTfvars } from '../../run/variables';
import {
  RunStoppedError,
  runStoppedError,
  TerraformCommandError,
} from '../errors';
import type {
  AppliedRun,
  Executor,
  Phase,
  PlannedRun,
  RunRequest,
  TerraformOutput,
} from '../types';
import { checkVersion } from './version';

/** Plans above this are refused (as @groundwork/governance does by default). */
const MAX_PLAN_BYTES = 128 * 1024 * 1024;

const LOCK_ERROR = /Error acquiring the state lock/;

/** The arguments of each command a run gives Terraform, in the order it runs them. */
export function cliCommands(
  config: TerraformConfig,
  options: { destroy: boolean; planFile: string },
) {
  const lock = `-lock-timeout=${config.timeouts.lockTimeoutSeconds}s`;
  return {
    version: ['version', '-json'],
    init: ['init', '-input=false', '-no-color'],
    validate: ['validate', '-no-color'],
    plan: [
      'plan',
      '-input=false',
      '-no-color',
      lock,
      ...(options.destroy ? ['-destroy'] : []),
      `-out=${options.planFile}`,
    ],
    show: ['show', '-json', '-no-color', options.planFile],
    apply: ['apply', '-input=false', '-no-color', lock, options.planFile],
    output: ['output', '-json', '-no-color'],
  };
}

type CliCommands = ReturnType<typeof cliCommands>;

/**
 * Runs Terraform (or OpenTofu) on the backend host: init, validate,
 * plan -out, show -json; then, once the gate has passed, apply of exactly
 * that plan file, and output -json.
 */
export class CliExecutor implements Executor {
  readonly kind = 'cli';
  phase: Phase = 'preparing';
  applyStarted = false;
  appliedCount = 0;
  readonly runUrl = undefined;
  private readonly env: NodeJS.ProcessEnv;
  private readonly planFile: string;
  private readonly commands: CliCommands;
  private planSha?: string;
  private readonly product: string;

  constructor(
    private readonly config: TerraformConfig,
    private readonly request: RunRequest,
    source: NodeJS.ProcessEnv = process.env,
  ) {
    const child = childEnvironment({
      source,
      passThrough: config.passThrough,
      pluginCacheDir: config.pluginCacheDir,
      secretVars: request.secretVars,
    });
    request.redactor.add(...child.secretValues);
    this.env = child.env;
    this.planFile = path.join(request.tempDir, 'groundwork.tfplan');
    this.commands = cliCommands(config, {
      destroy: request.destroy,
      planFile: this.planFile,
    });
    this.product = config.flavour === 'tofu' ? 'OpenTofu' : 'Terraform';
  }

  async plan(): Promise<PlannedRun> {
    const { request, config } = this;
    const cwd = request.workingDirectory.absolute;
    const version = await checkVersion({
      binary: config.binary,
      product: this.product,
      minimumVersion: config.minimumVersion,
      env: this.env,
      cwd,
      stats: request.stats,
    });
    request.log.info(`${this.product} ${version} (${config.binary})`);
    if (config.pluginCacheDir) {
      await fs.mkdir(config.pluginCacheDir, { recursive: true });
    }
    if (!request.backend) {
      throw new Error(
        'The cli executor needs the state backend config selected.',
      );
    }
    // Providers and modules come from init, never from the workspace: a
    // .terraform folder there could hold modules no one has checked.
    const dataDir = path.join(cwd, '.terraform');
    if (await fs.stat(dataDir).catch(() => undefined)) {
      request.log.warn(
        `Removed ${request.workingDirectory.relative}/.terraform from the task workspace: init installs providers and modules itself.`,
      );
      await fs.rm(dataDir, { recursive: true, force: true });
    }
    await writeTfvars(cwd, request.vars);
    await writeBackendOverride(cwd, request.backend);

    await this.terraform('init', this.commands.init);
    await request.checkInstalledModules();
    await this.terraform('validate', this.commands.validate);
    await this.terraform('plan', this.commands.plan);
    this.planSha = await sha256(this.planFile);

    const shown = await this.terraform('plan', this.commands.show, {
      capture: true,
    });
    let document: any;
    try {
      document = JSON.parse(shown!.toString('utf8'));
      return { document, plan: planFromDocument(document), version };
    } catch (e) {
      const detail =
        e instanceof PlanParseError ? e.message : (e as Error).message;
      throw new InputError(
        `"${this.product} show -json" did not print a plan this portal can read: ${detail}`,
      );
    }
  }

  async apply(): Promise<AppliedRun> {
    if (this.request.stop.aborted) throw this.stopped();
    // Exactly the plan the gate saw: not a new plan, not a file changed since.
    if (!this.planSha || (await sha256(this.planFile)) !== this.planSha) {
      throw new ConflictError(
        'The saved plan changed after the gate evaluated it; nothing was applied. Run the step again.',
      );
    }
    this.applyStarted = true;
    await this.terraform('apply', this.commands.apply);
    const printed = await this.terraform('outputs', this.commands.output, {
      capture: true,
    });
    let outputs: Record<string, TerraformOutput> = {};
    try {
      outputs = JSON.parse(printed!.toString('utf8') || '{}');
    } catch {
      this.request.log.warn(
        `"${this.product} output -json" printed something that is not JSON; no outputs are returned.`,
      );
    }
    return { outputs };
  }

  async discard() {
    await fs.rm(this.planFile, { force: true });
  }

  async cleanup() {
    const cwd = this.request.workingDirectory.absolute;
    // The plan file holds every variable value: it must not outlive the step.
    await Promise.all(
      [
        this.planFile,
        path.join(cwd, TFVARS_FILE),
        path.join(cwd, BACKEND_OVERRIDE_FILE),
        // Providers and backend settings; a later publish step must not commit them.
        path.join(cwd, '.terraform'),
      ].map(f =>
        fs.rm(f, { force: true, recursive: true }).catch(() => undefined),
      ),
    );
  }

  /** Runs one command; returns captured stdout when asked. */
  private async terraform(
    phase: Phase,
    args: string[],
    options: { capture?: boolean } = {},
  ): Promise<Buffer | undefined> {
    const { request, config } = this;
    this.phase = phase;
    if (request.stop.aborted) throw this.stopped();
    request.log.info(`$ ${config.flavour} ${args.join(' ')}`);
    request.log.clearTail();
    let lockSeen = false;
    const result = await runProcess({
      binary: config.binary,
      args,
      cwd: request.workingDirectory.absolute,
      env: this.env,
      stop: request.stop,
      graceMs: config.timeouts.cancelGraceMs,
      captureStdout: options.capture ? { maxBytes: MAX_PLAN_BYTES } : undefined,
      stats: request.stats,
      onLine: (line, truncated) => {
        if (phase === 'apply' && APPLIED_LINE.test(line)) this.appliedCount++;
        if (LOCK_ERROR.test(line)) lockSeen = true;
        request.log.line(line, truncated);
      },
      onStopping: stage =>
        request.log.warn(
          stage === 'interrupted'
            ? `Sent SIGINT to ${
                this.product
              } (${phase}); waiting up to ${Math.round(
                config.timeouts.cancelGraceMs / 1000,
              )}s for it to finish in-flight operations and release the state lock.`
            : `${this.product} did not stop within the grace period; sent SIGKILL. The state lock may still be held.`,
        ),
    });
    request.log.flush();
    if (result.interrupted) throw this.stopped(result.killed);
    if (result.overflow) {
      throw new InputError(
        `The plan is larger than ${
          MAX_PLAN_BYTES / 1024 / 1024
        } MiB; split the configuration into smaller states.`,
      );
    }
    if (result.exitCode !== 0) {
      const tail = request.log.lastLines();
      const cmd = `${config.flavour} ${args[0]}`;
      if (lockSeen) {
        throw new ConflictError(
          `The Terraform state is locked by another run, so ${cmd} could not start; nothing was changed. Wait for that run to finish and retry; if it died, release the lock with "${config.flavour} force-unlock <ID>" (ID below).\n${tail}`,
        );
      }
      let where = '; nothing was applied';
      if (phase === 'apply') {
        where =
          this.appliedCount > 0
            ? ` after ${this.appliedCount} resource change(s) completed; the state holds them, fix the error and run again to finish`
            : '; some changes may have been made before the error, check the log';
      }
      throw new TerraformCommandError(
        `${cmd} failed (exit ${result.exitCode})${where}.\n${tail}`,
        cmd,
        result.exitCode,
      );
    }
    return result.stdout;
  }

  private stopped(killed = false): RunStoppedError {
    let effect: string;
    if (!this.applyStarted) {
      effect = `Nothing was applied: it stopped during ${this.phase}.`;
    } else if (this.phase === 'outputs') {
      effect =
        'The apply had completed; only reading the outputs was interrupted.';
    } else {
      effect = `The apply was interrupted after ${this.appliedCount} resource change(s) completed: some resources may have been created, changed or destroyed. Run the step again to converge.`;
    }
    if (killed) {
      effect += ` ${this.product} had to be killed: the state lock may still be held (release it with "${this.config.flavour} force-unlock <ID>" once you are sure no run is active).`;
    }
    return runStoppedError(this.request.stop, effect);
  }
}

async function sha256(file: string): Promise<string> {
  return crypto
    .createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
}

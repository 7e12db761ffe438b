import {
  Backend,
  backendProblems,
  childEnvironment,
  CodePolicy,
  findInstalledModuleCode,
  findPlanTimeCode,
  planTimeCodeError,
  Redactor,
  refusedFindings,
  runProcess,
  SpawnError,
  writeBackendOverride,
} from '@groundwork/plugin-groundwork-node';
import type { DriftCheckResult } from '@groundwork/plugin-platform-status-node';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { driftCount, driftedResources, MAX_RESOURCES } from '../resourceDrift';

/** The `terraform.*` settings terraform:apply runs Terraform with, read the same way. */
export interface CliSettings {
  binary: string;
  flavour: 'terraform' | 'tofu';
  /** `terraform.environment.passThrough`: the only backend variables Terraform sees. */
  passThrough: string[];
  pluginCacheDir?: string;
  lockTimeoutSeconds: number;
  cancelGraceMs: number;
}

/** Plans above this are refused, as terraform:apply does. */
const MAX_PLAN_BYTES = 128 * 1024 * 1024;
/** Terraform's words when another run holds the state lock (as terraform:apply reads them). */
const LOCK_ERROR = /Error acquiring the state lock/;
/** Lines of Terraform's output kept for the reason of an `unknown`. */
const TAIL_LINES = 12;

/** The commands of one drift check, in order. */
export function refreshOnlyCommands(settings: CliSettings, planFile: string) {
  return {
    init: ['init', '-input=false', '-no-color'],
    plan: [
      'plan',
      '-refresh-only',
      '-detailed-exitcode',
      '-lock=true',
      `-lock-timeout=${settings.lockTimeoutSeconds}s`,
      '-input=false',
      '-no-color',
      `-out=${planFile}`,
    ],
    show: ['show', '-json', '-no-color', planFile],
  };
}

/**
 * One drift check of a stack: `init` against its remote state, `plan
 * -refresh-only -detailed-exitcode` (with the state lock, as any plan
 * takes it: a run holding the lock makes the check wait up to the lock
 * timeout, then `unknown`), and `show -json` of the saved plan. Exit 0 is
 * in sync, 2 is drifted (the plan's `resource_drift` gives the attributes),
 * 1 is unknown with the last lines of the output, secrets redacted.
 *
 * Containment is terraform:apply's: the code is copied into a fresh
 * temporary folder (so nothing is written next to it), any `.terraform`
 * it carries is dropped, the backend is an override file written over the
 * code's, and Terraform runs without a shell with the allow-listed
 * environment (`childEnvironment`); the folder, plan file included, is
 * removed afterwards. Nothing is applied: a refresh-only plan is saved to
 * be read, never applied.
 */
export async function runRefreshOnly(options: {
  settings: CliSettings;
  /** The stack's root module (its `.tf` files). */
  codeDir: string;
  backend: Backend;
  /**
   * What plan-time code (`data "external"`, provisioners, remote state,
   * files outside) the environment allows, as terraform:apply reads it
   * (`terraform.environments.<env>.allowPlanTimeCode`). Without it, none.
   */
  codePolicy?: CodePolicy;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}): Promise<DriftCheckResult> {
  const { settings, backend } = options;
  const problems = backendProblems(backend);
  if (problems.length > 0) {
    return {
      result: 'unknown',
      resources: [],
      reason: `The state backend is not fit for a drift check: ${problems.join(
        '; ',
      )}.`,
    };
  }
  const child = childEnvironment({
    source: options.env ?? process.env,
    passThrough: settings.passThrough,
    pluginCacheDir: settings.pluginCacheDir,
    secretVars: {},
  });
  const redactor = new Redactor();
  redactor.add(...child.secretValues);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'gw-drift-'));
  const cwd = path.join(work, 'code');
  const planFile = path.join(work, `${crypto.randomUUID()}.tfplan`);
  const commands = refreshOnlyCommands(settings, planFile);
  const tail: string[] = [];
  let lockSeen = false;
  const run = async (args: string[], capture = false) => {
    tail.length = 0;
    const result = await runProcess({
      binary: settings.binary,
      args,
      cwd,
      env: child.env,
      stop: options.signal,
      graceMs: settings.cancelGraceMs,
      captureStdout: capture ? { maxBytes: MAX_PLAN_BYTES } : undefined,
      onLine: line => {
        if (LOCK_ERROR.test(line)) lockSeen = true;
        tail.push(redactor.redact(line));
        if (tail.length > TAIL_LINES) tail.shift();
      },
    });
    return result;
  };
  const unknown = (what: string): DriftCheckResult => ({
    result: 'unknown',
    resources: [],
    reason: redactor.redact(
      `${what}${
        tail.length ? `:\n${tail.filter(l => l.trim()).join('\n')}` : '.'
      }`,
    ),
  });
  const codePolicy: CodePolicy = options.codePolicy ?? {
    environment: 'this environment',
    key: 'terraform.environments.<environment>',
    allowed: [],
  };
  // terraform:apply's rule: code that runs programs or reads beyond its
  // folder when Terraform plans is refused unless config allows it, read
  // before init and again for the modules init installed.
  const refusal = (
    findings: Awaited<ReturnType<typeof findPlanTimeCode>>,
  ): DriftCheckResult | undefined => {
    const refused = refusedFindings(findings, codePolicy);
    if (refused.length === 0) return undefined;
    return {
      result: 'unknown',
      resources: [],
      reason: redactor.redact(
        planTimeCodeError(refused, codePolicy, 'the root module').message,
      ),
    };
  };
  try {
    await fs.cp(options.codeDir, cwd, { recursive: true });
    await fs.rm(path.join(cwd, '.terraform'), { recursive: true, force: true });
    const workspace = await fs.realpath(work);
    const before = refusal(
      await findPlanTimeCode({
        workspace,
        workingDirectory: path.join(workspace, 'code'),
      }),
    );
    if (before) return before;
    await writeBackendOverride(cwd, backend);
    if (settings.pluginCacheDir) {
      await fs.mkdir(settings.pluginCacheDir, { recursive: true });
    }
    const init = await run(commands.init);
    if (init.interrupted)
      return unknown('The drift check was stopped during init');
    if (init.exitCode !== 0) {
      return unknown(`${settings.flavour} init failed (exit ${init.exitCode})`);
    }
    const installed = refusal(
      await findInstalledModuleCode({
        workspace,
        workingDirectory: path.join(workspace, 'code'),
      }),
    );
    if (installed) return installed;
    const plan = await run(commands.plan);
    if (plan.interrupted)
      return unknown('The drift check was stopped during plan');
    if (plan.exitCode === 0) return { result: 'in-sync', resources: [] };
    if (plan.exitCode !== 2 && lockSeen) {
      return unknown(
        `The Terraform state is locked by another run (a terraform:apply, say), so the refresh-only plan did not start within terraform.timeouts.lockTimeoutSeconds; the next cycle checks again`,
      );
    }
    if (plan.exitCode !== 2) {
      return unknown(
        `${settings.flavour} plan -refresh-only failed (exit ${plan.exitCode})`,
      );
    }
    const shown = await run(commands.show, true);
    if (shown.exitCode !== 0 || !shown.stdout) {
      return unknown(
        `${settings.flavour} show -json failed (exit ${shown.exitCode})`,
      );
    }
    const document = JSON.parse(shown.stdout.toString('utf8'));
    const total = driftCount(document);
    return {
      result: 'drifted',
      resources: driftedResources(document),
      reason:
        total > MAX_RESOURCES
          ? `${total} resources drifted; the first ${MAX_RESOURCES} are listed.`
          : undefined,
    };
  } catch (error) {
    if (error instanceof SpawnError) {
      return {
        result: 'unknown',
        resources: [],
        reason: `${error.message}: install ${settings.flavour} on the backend host or set terraform.binary.`,
      };
    }
    throw new Error(redactor.redact((error as Error).message));
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import { runProcess, SpawnError, ProcessStats } from '../../run/process';

/** `1.9.5` < `1.10.0`; pre-release suffixes are ignored. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d !== 0) return d;
  }
  return 0;
}

const cache = new Map<string, string>();

/**
 * The binary's version, checked against the minimum before anything runs.
 * Cached per binary and modification time, so an upgrade in place is seen.
 */
export async function checkVersion(options: {
  binary: string;
  product: string;
  minimumVersion: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stats?: ProcessStats;
}): Promise<string> {
  const { binary, product, minimumVersion } = options;
  let key = binary;
  try {
    key = `${binary}\0${(await fs.stat(binary)).mtimeMs}`;
  } catch {
    // a name resolved on PATH: cache by name
  }
  let version = cache.get(key);
  if (!version) {
    const stderr: string[] = [];
    let result;
    try {
      result = await runProcess({
        binary,
        args: ['version', '-json'],
        cwd: options.cwd,
        env: options.env,
        graceMs: 1000,
        captureStdout: { maxBytes: 1024 * 1024 },
        onLine: line => {
          if (stderr.length < 5) stderr.push(line);
        },
        stats: options.stats,
      });
    } catch (e) {
      if (e instanceof SpawnError && e.code === 'ENOENT') {
        throw new InputError(
          `The ${product} binary "${binary}" was not found on the backend host. Install ${product} ${minimumVersion} or later there (https://developer.hashicorp.com/terraform/install, or https://opentofu.org/docs/intro/install/ for OpenTofu), or point terraform.binary in app-config at it.`,
        );
      }
      throw e;
    }
    try {
      version = JSON.parse(result.stdout!.toString('utf8')).terraform_version;
    } catch {
      version = undefined;
    }
    if (result.exitCode !== 0 || typeof version !== 'string') {
      throw new InputError(
        `"${binary} version -json" did not report a version (exit ${
          result.exitCode
        }${
          stderr.length ? `: ${stderr.join(' ')}` : ''
        }); terraform.binary must point at Terraform ${minimumVersion}+ or OpenTofu.`,
      );
    }
    cache.set(key, version);
  }
  if (compareVersions(version, minimumVersion) < 0) {
    throw new InputError(
      `${product} ${version} at "${binary}" is too old: this portal needs ${minimumVersion} or later (terraform.minimumVersion). Upgrade it on the backend host.`,
    );
  }
  return version;
}

import fs from 'node:fs';
import path from 'node:path';
import type { CloudContext } from './synth/dataSources';
import { parseHclFile } from './synth/loadModule';
import { SynthesizedPlan, synthesizePlan } from './synth/synthesizePlan';
import type { Value } from './synth/values';

/** The factory's root: one folder per module. */
// eslint-disable-next-line no-restricted-syntax
export const FACTORY_DIR = path.resolve(__dirname, '..');

/** Folder names of the factory's modules (those with a versions.tf). */
export function listModules(): string[] {
  return fs
    .readdirSync(FACTORY_DIR, { withFileTypes: true })
    .filter(
      d =>
        d.isDirectory() &&
        fs.existsSync(path.join(FACTORY_DIR, d.name, 'versions.tf')),
    )
    .map(d => d.name)
    .sort();
}

export function moduleVersion(module: string): string {
  return fs
    .readFileSync(path.join(FACTORY_DIR, module, 'VERSION'), 'utf8')
    .trim();
}

/** The cloud a module's examples run against, per environment. */
export function exampleCloud(
  module: string,
  environment: string,
): CloudContext {
  const prod = environment === 'prod';
  if (module.startsWith('gcp-')) {
    return {
      accountId: prod ? 'acme-prod' : 'acme-dev',
      region: 'europe-west1',
      projectNumber: prod ? '300000000003' : '100000000001',
    };
  }
  if (module.startsWith('azure-')) {
    return {
      accountId: prod
        ? '00000000-0000-0000-0000-00000000d003'
        : '00000000-0000-0000-0000-00000000d001',
      region: 'westeurope',
    };
  }
  return {
    accountId: prod ? '333333333333' : '111111111111',
    region: 'us-east-1',
  };
}

const GIT_SOURCE =
  /^git::https:\/\/[^/]+\/[^/]+\/[^/]+?(?:\.git)?\/\/([a-z0-9-]+)\?ref=([a-z0-9-]+)\/v(\d+\.\d+\.\d+)$/;

/**
 * Resolves factory sources (`git::https://<host>/<org>/<repo>.git//<module>?ref=<module>/vX.Y.Z`)
 * to this folder's copy of the module, refusing a ref whose version is not
 * the one the folder holds: a skeleton pinned to a version the factory does
 * not have would fail at `terraform init`.
 */
export function resolveFactorySource(source: string): string | undefined {
  const m = GIT_SOURCE.exec(source);
  if (!m) return undefined;
  const [, module, refModule, version] = m;
  if (refModule !== module) {
    throw new Error(
      `${source}: the ref names ${refModule}, the path ${module}; a module's tags are <module>/vX.Y.Z.`,
    );
  }
  const dir = path.join(FACTORY_DIR, module);
  if (!fs.existsSync(path.join(dir, 'versions.tf'))) {
    throw new Error(`${source}: the factory has no module ${module}.`);
  }
  const current = moduleVersion(module);
  if (current !== version) {
    throw new Error(
      `${source}: the factory's ${module} is at ${current}, not ${version}.`,
    );
  }
  return dir;
}

/** Variables of an example's `<environment>.tfvars`. */
export async function readTfvars(file: string): Promise<Record<string, Value>> {
  return (await parseHclFile(file)) as Record<string, Value>;
}

/** The plan of `<module>/examples/<example>` with `<environment>.tfvars`. */
export async function synthesizeExample(
  module: string,
  environment: string,
  example = 'complete',
): Promise<SynthesizedPlan> {
  const dir = path.join(FACTORY_DIR, module, 'examples', example);
  return synthesizePlan({
    dir,
    variables: await readTfvars(path.join(dir, `${environment}.tfvars`)),
    cloud: exampleCloud(module, environment),
    resolveSource: resolveFactorySource,
  });
}

export function examplePlanPath(
  module: string,
  environment: string,
  example = 'complete',
): string {
  return path.join(
    FACTORY_DIR,
    module,
    'examples',
    example,
    `plan.${environment}.json`,
  );
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  componentEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { governPlan, planFromDocument } from '@groundwork/governance';
import {
  CloudContext,
  parseHclFile,
  resolveFactorySource,
  synthesizePlan,
} from '@groundwork/terraform-modules';
import { kustomizeBuild, writeTree } from '../coherence/kustomize';

/** Every YAML document of a rendered file. */
export function yamlDocuments(text: string): any[] {
  return yaml
    .parseAllDocuments(text)
    .map(d => {
      if (d.errors.length)
        throw new Error(d.errors.map(e => e.message).join('; '));
      return d.toJS();
    })
    .filter(d => d !== null);
}

const policies = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

const KIND_VALIDATORS = [
  componentEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

/**
 * Validates catalog entities as the catalog does when it ingests them: the
 * entity envelope and field formats (catalog-model's policies), then the
 * kind's own schema. Throws with the reason.
 */
export async function validateCatalogEntity(entity: Entity): Promise<void> {
  await policies.enforce(entity);
  for (const validator of KIND_VALIDATORS) {
    if (await validator.check(entity)) return;
  }
  throw new Error(
    `${entity.kind} ${entity.metadata?.name}: no kind validator accepts it`,
  );
}

/** Parses every .tf file of a rendered folder with HashiCorp's parser. */
export async function parseTerraformDir(
  files: Map<string, string>,
  dir: string,
) {
  const tf = [...files.keys()].filter(
    f =>
      f.startsWith(`${dir}/`) &&
      f.endsWith('.tf') &&
      !f.slice(dir.length + 1).includes('/'),
  );
  if (tf.length === 0) throw new Error(`${dir} holds no .tf files`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-'));
  try {
    const parsed: Record<string, any> = {};
    for (const f of tf) {
      const target = path.join(tmp, path.basename(f));
      fs.writeFileSync(target, files.get(f)!);
      parsed[path.basename(f)] = await parseHclFile(target);
    }
    return parsed;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Synthesizes the plan of a rendered Terraform root (module sources resolved
 * to this repository's module factory at the pinned version) and runs the
 * governance pack on it for the environment.
 */
export async function governRendered(
  files: Map<string, string>,
  dir: string,
  environment: string,
  cloud: CloudContext,
  variables?: Record<string, any>,
) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'root-'));
  try {
    for (const [f, text] of files) {
      if (f.startsWith(`${dir}/`) && f.endsWith('.tf')) {
        fs.writeFileSync(path.join(tmp, path.basename(f)), text);
      }
    }
    const { document, outputs } = await synthesizePlan({
      dir: tmp,
      cloud,
      variables,
      resolveSource: resolveFactorySource,
    });
    const result = governPlan(planFromDocument(document as any), {
      environment,
    });
    return { document, outputs, ...result };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Every `uses:` of a workflow, and whether each is pinned to a full commit SHA. */
export function workflowActions(
  workflow: any,
): Array<{ uses: string; pinned: boolean }> {
  const out: Array<{ uses: string; pinned: boolean }> = [];
  for (const job of Object.values<any>(workflow.jobs ?? {})) {
    for (const step of job.steps ?? []) {
      if (typeof step.uses === 'string') {
        out.push({ uses: step.uses, pinned: /@[0-9a-f]{40}$/.test(step.uses) });
      }
    }
  }
  return out;
}

/** One temporary copy per rendered repository, however many overlays a test builds. */
const trees = new WeakMap<Map<string, string>, string>();

/**
 * What `kustomize build deploy/overlays/<env>` yields: the real kustomize
 * (`kubectl kustomize`), on a temporary copy of the rendered repository.
 */
export function buildOverlay(
  files: Map<string, string>,
  overlayDir: string,
): any[] {
  let root = trees.get(files);
  if (!root) {
    root = writeTree(files);
    trees.set(files, root);
  }
  const built = kustomizeBuild(root, overlayDir);
  if (!built.ok) {
    throw new Error(`kustomize build ${overlayDir} failed: ${built.error}`);
  }
  return built.objects;
}

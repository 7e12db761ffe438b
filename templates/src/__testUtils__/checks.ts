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

function deepMerge(base: any, patch: any): any {
  if (Array.isArray(base) && Array.isArray(patch)) {
    // Strategic merge of named lists (containers): merge by name, append others.
    if (patch.every(p => p && typeof p === 'object' && 'name' in p)) {
      const out = base.map(b => {
        const p = patch.find(x => x.name === b?.name);
        return p ? deepMerge(b, p) : b;
      });
      for (const p of patch)
        if (!base.some(b => b?.name === p.name)) out.push(p);
      return out;
    }
    return patch;
  }
  if (base && typeof base === 'object' && patch && typeof patch === 'object') {
    const out = { ...base };
    for (const [k, v] of Object.entries(patch))
      out[k] = k in base ? deepMerge(base[k], v) : v;
    return out;
  }
  return patch;
}

/**
 * What `kustomize build deploy/overlays/<env>` yields for the kinds the
 * skeleton uses: resources of the base and the overlay, strategic-merge
 * patches by kind and name, the namespace, the image override and the
 * generated ConfigMap. Not kustomize (no binary here): enough to validate
 * the objects the cluster would receive.
 */
export function buildOverlay(
  files: Map<string, string>,
  overlayDir: string,
): any[] {
  const read = (p: string) => {
    const text = files.get(path.posix.normalize(p));
    if (text === undefined)
      throw new Error(`${p} is referenced but was not rendered`);
    return yamlDocuments(text);
  };
  const build = (dir: string): any[] => {
    const [k] = read(`${dir}/kustomization.yaml`);
    let objects: any[] = [];
    for (const r of k.resources ?? []) {
      const p = path.posix.normalize(`${dir}/${r}`);
      objects.push(
        ...(files.has(`${p}/kustomization.yaml`) ? build(p) : read(p)),
      );
    }
    for (const patch of k.patches ?? []) {
      for (const doc of read(`${dir}/${patch.path}`)) {
        const i = objects.findIndex(
          o => o.kind === doc.kind && o.metadata?.name === doc.metadata?.name,
        );
        if (i < 0)
          throw new Error(
            `patch ${patch.path} targets ${doc.kind} ${doc.metadata?.name}, which the base does not have`,
          );
        objects[i] = deepMerge(objects[i], doc);
      }
    }
    for (const g of k.configMapGenerator ?? []) {
      objects.push({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: g.name },
        data: Object.fromEntries(
          (g.literals ?? []).map((l: string) => l.split(/=(.*)/s).slice(0, 2)),
        ),
      });
    }
    if (k.labels) {
      for (const set of k.labels)
        objects = objects.map(o =>
          deepMerge(o, {
            metadata: { labels: set.pairs },
            // includeTemplates: the pod template's labels too.
            ...(set.includeTemplates && o.spec?.template
              ? { spec: { template: { metadata: { labels: set.pairs } } } }
              : {}),
          }),
        );
    }
    if (k.namespace) {
      objects = objects.map(o =>
        o.kind === 'Namespace'
          ? o
          : deepMerge(o, { metadata: { namespace: k.namespace } }),
      );
    }
    for (const img of k.images ?? []) {
      for (const o of objects) {
        for (const c of o.spec?.template?.spec?.containers ?? []) {
          if (c.image === img.name)
            c.image = `${img.newName ?? img.name}:${img.newTag ?? 'latest'}`;
        }
      }
    }
    return objects;
  };
  return build(overlayDir);
}

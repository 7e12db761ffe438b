import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CloudContext,
  parseHclFile,
  resolveFactorySource,
  synthesizePlan,
} from '@groundwork/terraform-modules';

/**
 * Terraform references: every module source resolves (a module factory
 * tag that exists, or a folder of the same repository), and the IAM roles
 * each root creates, read off its synthesized plan.
 */

/** Module sources of every .tf file of a rendered repository. */
async function moduleSources(
  files: Map<string, string>,
): Promise<Array<{ file: string; module: string; source: string }>> {
  const out: Array<{ file: string; module: string; source: string }> = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-tf-'));
  try {
    for (const [f, text] of files) {
      if (!f.endsWith('.tf')) continue;
      const target = path.join(tmp, 'main.tf');
      fs.writeFileSync(target, text);
      const parsed: any = await parseHclFile(target);
      for (const [module, blocks] of Object.entries<any>(parsed.module ?? {}))
        for (const b of blocks) out.push({ file: f, module, source: b.source });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

/** Why a module source would not resolve at `terraform init`, or undefined. */
export function sourceProblem(
  files: Map<string, string>,
  file: string,
  source: string,
): string | undefined {
  if (source.startsWith('./') || source.startsWith('../')) {
    const dir = path.posix.normalize(
      path.posix.join(path.posix.dirname(file), source),
    );
    return [...files.keys()].some(
      f => f.startsWith(`${dir}/`) && f.endsWith('.tf'),
    )
      ? undefined
      : `${source} is not a folder of Terraform in the repository`;
  }
  try {
    return resolveFactorySource(source)
      ? undefined
      : `${source} is not a module factory source (git::https://<host>/<org>/<repo>.git//<module>?ref=<module>/vX.Y.Z)`;
  } catch (e) {
    return (e as Error).message;
  }
}

export async function moduleSourceFindings(
  label: string,
  files: Map<string, string>,
): Promise<string[]> {
  return (await moduleSources(files)).flatMap(({ file, module, source }) => {
    const p = sourceProblem(files, file, source);
    return p ? [`terraform: ${label} ${file} module ${module}: ${p}`] : [];
  });
}

/** The resource changes of a rendered root's synthesized plan. */
export async function planResources(
  files: Map<string, string>,
  dir: string,
  cloud: CloudContext,
  variables?: Record<string, any>,
): Promise<any[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-root-'));
  try {
    for (const [f, text] of files)
      if (path.posix.dirname(f) === dir && f.endsWith('.tf'))
        fs.writeFileSync(path.join(tmp, path.basename(f)), text);
    const { document } = await synthesizePlan({
      dir: tmp,
      cloud,
      variables,
      resolveSource: resolveFactorySource,
    });
    return document.resource_changes as any[];
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The IAM roles among a plan's resource changes, with the web-identity
 * subjects their trust policy admits (`<issuer>:sub` conditions), when the
 * plan knows the policy.
 */
export function iamRolesOf(
  resources: any[],
): Array<{ name: string; trustedSubjects?: string[] }> {
  return resources
    .filter(
      r =>
        r.type === 'aws_iam_role' && typeof r.change?.after?.name === 'string',
    )
    .map(r => {
      const policy = r.change.after.assume_role_policy;
      if (typeof policy !== 'string') return { name: r.change.after.name };
      const subjects: string[] = [];
      for (const st of JSON.parse(policy).Statement ?? []) {
        for (const test of ['StringEquals', 'StringLike']) {
          for (const [k, v] of Object.entries<any>(st.Condition?.[test] ?? {}))
            if (k.endsWith(':sub')) subjects.push(...[v].flat());
        }
      }
      return { name: r.change.after.name, trustedSubjects: subjects };
    });
}

/** Whether a plan installs Argo CD (a helm_release of the argo-cd chart). */
export function installsArgoCd(resources: any[]): boolean {
  return resources.some(
    r => r.type === 'helm_release' && r.change?.after?.chart === 'argo-cd',
  );
}

/**
 * The Argo CD objects a plan creates through the argocd-apps chart (a
 * helm_release of `argocd-apps`): its `projects` and `applications` values
 * as the chart renders them (argo-helm charts/argocd-apps, 2.x:
 * templates/projects.yaml and applications.yaml; the map key is the
 * name, `namespace` and `additionalLabels` go to metadata, the rest is the
 * spec).
 */
export function argocdAppsOf(resources: any[]): {
  projects: any[];
  applications: any[];
} {
  const META = ['namespace', 'additionalLabels', 'additionalAnnotations'];
  const objectOf = (kind: string, name: string, v: any) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: v.namespace,
      ...(v.additionalLabels ? { labels: v.additionalLabels } : {}),
      ...(v.additionalAnnotations
        ? { annotations: v.additionalAnnotations }
        : {}),
    },
    spec: Object.fromEntries(
      Object.entries<any>(v).filter(([k]) => !META.includes(k)),
    ),
  });
  const projects: any[] = [];
  const applications: any[] = [];
  for (const r of resources) {
    const after = r.change?.after;
    if (r.type !== 'helm_release' || after?.chart !== 'argocd-apps') continue;
    for (const text of after.values ?? []) {
      if (typeof text !== 'string') continue;
      const values = JSON.parse(text);
      for (const [name, v] of Object.entries<any>(values.projects ?? {}))
        projects.push(objectOf('AppProject', name, v));
      for (const [name, v] of Object.entries<any>(values.applications ?? {}))
        applications.push(objectOf('Application', name, v));
    }
  }
  return { projects, applications };
}

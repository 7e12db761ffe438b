import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { cloudOf } from '../testing/cloud';
import { ArgoApp, argoCdFindings, policyFindings } from './argocd';
import {
  kustomizationDirs,
  kustomizeBuild,
  sourceObjects,
  writeTree,
} from './kustomize';
import { Prerequisite } from './prerequisites';
import {
  CHARTS,
  CLUSTER_SCOPED,
  Cluster,
  clusterReferenceFindings,
  hostnameFindings,
} from './references';
import type { RenderedPlatform, RenderedRepo } from './render';
import {
  argocdAppsOf,
  iamRolesOf,
  installsArgoCd,
  moduleSourceFindings,
  planResources,
} from './terraform';
import { lintFindings, protectedPushFindings, workflowsOf } from './workflows';
import { validationFindings } from './validate';

/**
 * The coherence check over everything the templates render: builds each
 * kustomization, follows every Argo CD Application to what it deploys into
 * which cluster, validates every object, resolves every reference and
 * lints every workflow. Returns one line per finding, sorted.
 */
export async function checkPlatform(
  platform: RenderedPlatform,
  prerequisites: Prerequisite[],
): Promise<string[]> {
  const findings: string[] = [];
  const roots = new Map<RenderedRepo, string>();
  try {
    for (const repo of platform.repos) roots.set(repo, writeTree(repo.files));
    const byUrl = new Map(platform.repos.map(r => [r.repoURL, r]));

    // Every kustomization builds with the real kustomize.
    for (const repo of platform.repos)
      for (const dir of kustomizationDirs(repo.files)) {
        const b = kustomizeBuild(roots.get(repo)!, dir);
        if (!b.ok) findings.push(`kustomize: ${repo.label} ${dir}: ${b.error}`);
      }

    const envs = platform.environments;
    const instanceOf = (env: string) =>
      envs.find(e => e.name === env)?.argocdInstance ?? 'default';
    /** The Argo CD a Terraform root installs into an environment's cluster. */
    const ownInstance = (env: string) => `in-cluster:${env}`;
    const clusters = new Map<string, Cluster>(
      envs.map(e => [
        e.name,
        {
          environment: e.name,
          account: e.cloud.account,
          objects: [],
          createdNamespaces: [],
          charts: [],
          iamRoles: [],
        },
      ]),
    );
    const argoCdInCluster = new Set<string>();

    // IAM roles and Argo CD installs, from each root's plan: an applied
    // root that installs Argo CD (helm_release of argo-cd) makes
    // https://kubernetes.default.svc its environment's cluster, and the
    // project and app-of-apps it creates (argocd-apps) are followed like
    // those argocd:create-app creates, on that Argo CD of its own.
    const terraformApps: Array<{
      environment: string;
      object: any;
      from: string;
    }> = [];
    const terraformProjects: Array<{
      instance: string;
      project: any;
      from: string;
    }> = [];
    for (const root of platform.terraformRoots) {
      const cluster = clusters.get(root.environment)!;
      try {
        const resources = await planResources(
          root.repo.files,
          root.dir,
          cloudOf(root.environment),
          root.vars as any,
        );
        if (root.applied && installsArgoCd(resources)) {
          argoCdInCluster.add(root.environment);
          const from = `${root.repo.label} ${root.dir}`;
          const own = ownInstance(root.environment);
          const created = argocdAppsOf(resources);
          for (const project of created.projects)
            terraformProjects.push({ instance: own, project, from });
          for (const object of created.applications)
            terraformApps.push({ environment: root.environment, object, from });
        }
        for (const role of iamRolesOf(resources))
          cluster.iamRoles.push({
            account: cluster.account,
            ...role,
            root: `${root.repo.label} ${root.dir}`,
            applied: root.applied,
          });
      } catch (e) {
        findings.push(
          `terraform: ${root.repo.label} ${root.dir} does not plan: ${
            (e as Error).message
          }`,
        );
      }
    }

    // Follow every Application to what it deploys.
    const projects = [
      ...platform.applications
        .filter(a => a.project)
        .map(a => ({
          instance: instanceOf(a.environment),
          project: a.project,
        })),
      ...terraformProjects.map(p => ({
        instance: p.instance,
        project: p.project,
      })),
    ];
    const queue: ArgoApp[] = [
      ...platform.applications.map(a => ({
        environment: a.environment,
        instance: instanceOf(a.environment),
        application: a.application,
        from: a.label,
      })),
      ...terraformApps.map(a => ({
        environment: a.environment,
        instance: ownInstance(a.environment),
        application: a.object,
        from: a.from,
      })),
    ];
    const apps: ArgoApp[] = [];
    const covered = new Map<RenderedRepo, Set<string>>();
    while (queue.length) {
      const a = queue.shift()!;
      apps.push(a);
      const cluster = clusters.get(a.environment)!;
      const spec = a.application.spec ?? {};
      const dest = spec.destination ?? {};
      if ((spec.syncPolicy?.syncOptions ?? []).includes('CreateNamespace=true'))
        cluster.createdNamespaces.push({
          namespace: dest.namespace,
          from: a.application.metadata?.name,
        });
      const sources: any[] = (spec.sources ?? [spec.source]).filter(Boolean);
      for (const s of sources) {
        if (s.chart) {
          const values = {
            // Files of a `ref` source ($values/<path>), in order, as Argo CD
            // merges them (it refuses a missing one), then inline values.
            ...Object.assign(
              {},
              ...(s.helm?.valueFiles ?? []).map((f: string) => {
                const v = refValues(f, sources, byUrl);
                if (!v)
                  findings.push(
                    `values: ${a.application.metadata?.name} names the value file ${f}, which no rendered repository of its sources holds`,
                  );
                return v ?? {};
              }),
            ),
            ...(s.helm?.valuesObject ??
              (s.helm?.values ? yaml.parse(s.helm.values) : {})),
          };
          cluster.charts.push({
            chart: s.chart,
            namespace: dest.namespace,
            values,
            from: a.application.metadata?.name,
          });
          if (s.chart === 'argo-cd') argoCdInCluster.add(a.environment);
          a.chartClusterKinds = CHARTS[s.chart]?.clusterKinds ?? [];
          continue;
        }
        const repo = byUrl.get(s.repoURL);
        if (!repo || s.path === undefined) continue;
        const dir = String(s.path).replace(/^\.\/|\/$/g, '');
        markCovered(covered, repo, dir);
        const built = sourceObjects(roots.get(repo)!, repo.files, dir);
        if (!built.ok) continue; // reported by kustomize or the path check
        const from = `${repo.label} ${dir}`;
        a.objects = built.objects.map(o =>
          CLUSTER_SCOPED.has(o.kind) || o.metadata?.namespace
            ? o
            : { ...o, metadata: { ...o.metadata, namespace: dest.namespace } },
        );
        for (const o of a.objects) {
          cluster.objects.push({ object: o, from });
          if (o.kind === 'Application')
            queue.push({
              environment: a.environment,
              instance: a.instance,
              application: o,
              from,
            });
          if (o.kind === 'AppProject')
            projects.push({ instance: a.instance, project: o });
        }
      }
    }

    // Kubernetes manifests that no Application deploys.
    for (const repo of platform.repos) {
      const dirs = covered.get(repo) ?? new Set();
      for (const [file, text] of repo.files) {
        if (!/\.ya?ml$/.test(file) || file.startsWith('.github/')) continue;
        if (dirs.has(path.posix.dirname(file))) continue;
        let docs: any[];
        try {
          docs = yaml.parseAllDocuments(text).map(d => d.toJS());
        } catch {
          continue;
        }
        const manifests = docs.filter(
          d =>
            d?.apiVersion &&
            d?.kind &&
            !String(d.apiVersion).startsWith('backstage.io/') &&
            !String(d.apiVersion).startsWith('kustomize.config.k8s.io/'),
        );
        if (!manifests.length) continue;
        findings.push(
          `orphan: ${repo.label} ${file} holds Kubernetes objects that no Argo CD Application deploys`,
        );
        const env =
          file.split('/').find(seg => clusters.has(seg)) ?? repo.environment;
        if (env)
          for (const o of manifests)
            clusters
              .get(env)!
              .objects.push({ object: o, from: `${repo.label} ${file}` });
      }
    }

    // Every object validates against its published schema.
    findings.push(
      ...validationFindings([
        ...[...clusters.values()].flatMap(c => c.objects),
        ...platform.applications.flatMap(a => [
          { object: a.application, from: a.label },
          ...(a.project ? [{ object: a.project, from: a.label }] : []),
        ]),
        ...terraformApps,
        ...terraformProjects.map(p => ({ object: p.project, from: p.from })),
      ]),
    );

    for (const c of clusters.values())
      findings.push(...clusterReferenceFindings(c, prerequisites));
    findings.push(...hostnameFindings([...clusters.values()]));
    findings.push(
      ...argoCdFindings(
        {
          apps,
          projects,
          repos: new Map(platform.repos.map(r => [r.repoURL, r.files])),
          argoCdInCluster,
          registeredClusters: platform.registeredClusters,
        },
        prerequisites,
        CLUSTER_SCOPED,
      ),
    );
    for (const repo of platform.repos) {
      findings.push(
        ...policyFindings(repo.label, repo.files, projects, prerequisites),
      );
      findings.push(...(await moduleSourceFindings(repo.label, repo.files)));
      const workflows = workflowsOf(repo.files);
      findings.push(...lintFindings(repo.label, workflows));
      for (const w of workflows)
        findings.push(
          ...protectedPushFindings(
            repo.label,
            w.path,
            w.text,
            repo.protectedBranches,
          ),
        );
    }
  } finally {
    for (const root of roots.values())
      fs.rmSync(root, { recursive: true, force: true });
  }
  return [...new Set(findings)].sort();
}

/** The folder an Application deploys and every folder its kustomization pulls in. */
/**
 * The values a `$<ref>/<path>` value file gives: the file at <path> of the
 * rendered repository behind the source whose `ref` is <ref>, or undefined
 * when there is no such file (Argo CD refuses the sync). A file inside the
 * chart (no `$`) gives nothing here.
 */
export function refValues(
  file: string,
  sources: any[],
  byUrl: Map<string, RenderedRepo>,
): Record<string, unknown> | undefined {
  const m = /^\$([^/]+)\/(.+)$/.exec(file);
  if (!m) return {};
  const source = sources.find(x => x.ref === m[1]);
  const text = source && byUrl.get(source.repoURL)?.files.get(m[2]);
  return text === undefined ? undefined : yaml.parse(text) ?? {};
}

function markCovered(
  covered: Map<RenderedRepo, Set<string>>,
  repo: RenderedRepo,
  dir: string,
) {
  const dirs = covered.get(repo) ?? new Set<string>();
  covered.set(repo, dirs);
  const visit = (d: string) => {
    if (dirs.has(d)) return;
    dirs.add(d);
    const k =
      repo.files.get(`${d}/kustomization.yaml`) ??
      repo.files.get(`${d}/kustomization.yml`);
    if (!k) return;
    const parsed = yaml.parse(k) ?? {};
    for (const r of [
      ...(parsed.resources ?? []),
      ...(parsed.components ?? []),
    ]) {
      const p = path.posix.normalize(`${d}/${r}`);
      if ([...repo.files.keys()].some(f => f.startsWith(`${p}/`))) visit(p);
    }
  };
  visit(dir);
}

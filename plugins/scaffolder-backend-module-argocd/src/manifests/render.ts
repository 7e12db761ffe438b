import { InputError } from '@backstage/errors';
import type {
  ArgoCdApplication,
  ArgoCdAppProject,
} from '@groundwork/plugin-argocd-node';
import {
  ARGOCD_ANNOTATION_ENTITY_REF,
  argoCdLabelsFor,
} from '@groundwork/plugin-groundwork-common';
import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { stringify } from 'yaml';
import type { CreateAppInput } from '../actions/types';

/** The finalizer that makes deleting an Application delete its resources. */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

const API_VERSION = 'argoproj.io/v1alpha1';

/** Annotation recording that Backstage manages the object, for people reading it. */
const MANAGED_BY_ANNOTATION = 'groundwork.dev/managed-by';

/**
 * The Application the inputs describe, with the labels by which platform
 * status finds it for its entity and environment. `namespace` is set when
 * the Application must name its namespace (GitOps manifests, apps in any
 * namespace).
 */
export function renderApplication(
  input: CreateAppInput,
  namespace: string | undefined,
): ArgoCdApplication {
  const entityRef = normaliseEntityRef(input.entityRef);
  let groundworkLabels: Record<string, string>;
  try {
    groundworkLabels = argoCdLabelsFor(entityRef, input.environment);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  for (const [key, value] of Object.entries(input.labels ?? {})) {
    if (key in groundworkLabels && groundworkLabels[key] !== value) {
      throw new InputError(
        `The label ${key} is set by argocd:create-app from entityRef and environment; remove it from labels.`,
      );
    }
  }
  if (input.source && input.sources) {
    throw new InputError(
      'Give either source or sources, not both: Argo CD ignores source when sources is set.',
    );
  }
  if (!input.source && !input.sources) {
    throw new InputError(
      'Give source (or sources): the repository and path or chart Argo CD deploys from.',
    );
  }
  for (const [i, s] of (input.sources ?? [input.source!]).entries()) {
    const where = input.sources ? `sources[${i}]` : 'source';
    if (s.path !== undefined && s.chart !== undefined) {
      throw new InputError(
        `${where} has both path and chart; a Git source has a path, a Helm repository source a chart.`,
      );
    }
    if (s.chart !== undefined && !s.targetRevision) {
      throw new InputError(
        `${where}.targetRevision is required with chart: it is the chart version.`,
      );
    }
  }
  const { destination } = input;
  if (Boolean(destination.server) === Boolean(destination.name)) {
    throw new InputError(
      'destination needs exactly one of server (the cluster API URL) or name (the cluster name in Argo CD).',
    );
  }
  const annotations = {
    ...input.annotations,
    [ARGOCD_ANNOTATION_ENTITY_REF]: entityRef,
    [MANAGED_BY_ANNOTATION]: 'backstage',
  };
  return prune({
    metadata: {
      name: input.name,
      namespace,
      labels: { ...input.labels, ...groundworkLabels },
      annotations,
      finalizers: input.finalizer ? [RESOURCES_FINALIZER] : undefined,
    },
    spec: {
      project: input.project,
      source: input.source && withRevision(input.source),
      sources: input.sources?.map(withRevision),
      destination,
      syncPolicy: input.syncPolicy,
    },
  }) as ArgoCdApplication;
}

/**
 * The AppProject for `projectMode: create` and `merge` (for merge, what
 * is added to an existing project). By default it grants no more
 * than this application needs: its own sources and destination, and no
 * cluster-scoped resources. A source that holds a cluster-scoped kind (a
 * `Namespace`, say) needs it in `projectSpec.clusterResourceWhitelist`:
 * Argo CD's controller refuses it at sync otherwise
 * (`validateSyncPermissions` in controller/sync.go).
 */
export function renderProject(
  input: CreateAppInput,
  app: ArgoCdApplication,
  namespace: string | undefined,
): ArgoCdAppProject {
  const spec = input.projectSpec ?? {};
  const sources = (app.spec.sources ?? [app.spec.source]) as Array<{
    repoURL: string;
  }>;
  const destination = app.spec.destination as {
    server?: string;
    name?: string;
    namespace: string;
  };
  return prune({
    metadata: {
      name: input.project,
      namespace,
      annotations: {
        [MANAGED_BY_ANNOTATION]: 'backstage',
      },
    },
    spec: {
      description: spec.description,
      sourceRepos: spec.sourceRepos ?? [
        ...new Set(sources.map(s => s.repoURL)),
      ],
      destinations: spec.destinations ?? [destination],
      sourceNamespaces:
        spec.sourceNamespaces ??
        (input.appNamespace ? [input.appNamespace] : undefined),
      clusterResourceWhitelist: spec.clusterResourceWhitelist,
      namespaceResourceBlacklist: spec.namespaceResourceBlacklist,
    },
  }) as ArgoCdAppProject;
}

/** A Kubernetes manifest as a GitOps repository holds it. */
export function toManifest(
  kind: 'Application' | 'AppProject',
  object: ArgoCdApplication | ArgoCdAppProject,
): Record<string, unknown> {
  return { apiVersion: API_VERSION, kind, ...object };
}

export function toYaml(manifest: unknown): string {
  return stringify(manifest, { lineWidth: 0, sortMapEntries: false });
}

function withRevision<T extends { targetRevision?: string }>(source: T): T {
  return { ...source, targetRevision: source.targetRevision ?? 'HEAD' };
}

/** The entity ref in canonical form; an InputError for one that does not parse. */
export function normaliseEntityRef(ref: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref));
  } catch (error) {
    throw new InputError(
      `entityRef "${ref}" is not an entity reference: ${
        (error as Error).message
      }. Use kind:namespace/name, e.g. component:default/payments.`,
    );
  }
}

/**
 * Drops undefined values, empty maps and empty lists, so that what is
 * compared and sent is what Argo CD stores (it omits empty fields).
 */
export function prune<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map(v => prune(v)).filter(v => v !== undefined) as T;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const pruned = prune(v);
      if (pruned === undefined) continue;
      if (Array.isArray(pruned) && pruned.length === 0) continue;
      if (
        pruned &&
        typeof pruned === 'object' &&
        !Array.isArray(pruned) &&
        Object.keys(pruned).length === 0 &&
        key !== 'automated'
      ) {
        continue;
      }
      out[key] = pruned;
    }
    return out as T;
  }
  return value;
}

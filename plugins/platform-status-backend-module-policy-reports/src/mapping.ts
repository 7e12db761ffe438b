import type {
  AdmissionFinding,
  AdmissionItem,
  AdmissionResult,
  SourceEntity,
} from '@groundwork/plugin-platform-status-node';

/** An object reference as policy reports hold them (`scope`, `results[].resources[]`). */
export interface ReportedResource {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

/** One `results[]` entry of a `wgpolicyk8s.io/v1alpha2` policy report. */
export interface PolicyReportResult {
  policy: string;
  rule?: string;
  result?: AdmissionResult;
  severity?: 'critical' | 'high' | 'medium' | 'low' | 'info';
  message?: string;
  source?: string;
  scored?: boolean;
  resources?: ReportedResource[];
  timestamp?: { seconds: number; nanos: number };
}

/** A PolicyReport (namespaced) or ClusterPolicyReport, as listed. */
export interface PolicyReport {
  kind?: string;
  metadata: { name: string; namespace?: string };
  scope?: ReportedResource;
  results?: PolicyReportResult[];
}

/** The longest message kept, as for plan-time findings (openapi `Finding`). */
const MAX_MESSAGE = 4000;
const RESULTS = new Set(['pass', 'fail', 'warn', 'error', 'skip']);

/**
 * The severity shown: the report's own; `info` is `low`; a result without
 * one is `medium`, so that an unrated failure still counts as a failure.
 */
function severityOf(
  s: PolicyReportResult['severity'],
): AdmissionFinding['severity'] {
  if (s === 'critical' || s === 'high' || s === 'medium' || s === 'low')
    return s;
  return s === 'info' ? 'low' : 'medium';
}

function findingOf(
  result: PolicyReportResult,
  resource: ReportedResource,
  namespace: string | undefined,
): AdmissionFinding {
  const kind = resource.kind ?? 'Object';
  const name = resource.name ?? '';
  return {
    ruleId: result.rule ? `${result.policy}/${result.rule}` : result.policy,
    policy: result.policy,
    ...(result.rule && { rule: result.rule }),
    engine: result.source || 'kyverno',
    // A result without a verdict is not passing: it reads as an error.
    result:
      result.result && RESULTS.has(result.result) ? result.result : 'error',
    severity: severityOf(result.severity),
    address: namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`,
    resourceType: resource.apiVersion ? `${resource.apiVersion}/${kind}` : kind,
    message: (result.message ?? '').slice(0, MAX_MESSAGE),
    scored: result.scored ?? true,
    ...(result.timestamp && {
      at: new Date(result.timestamp.seconds * 1000).toISOString(),
    }),
  };
}

/** What placing one cluster's reports did: items per entity, and what was left out. */
export interface Placement {
  items: AdmissionItem[];
  /** Results about resources of no (or more than one) entity. */
  unplaced: number;
  /**
   * Results naming a resource outside the namespace of the report that
   * holds them: refused, since whoever can write reports in one namespace
   * must not speak for another.
   */
  refused: number;
  /** kubernetes-ids that more than one entity claims: none of them gets those findings. */
  ambiguous: string[];
}

/**
 * Places one cluster's policy reports on catalog entities.
 *
 * The new-service template deploys a service named N into the namespace N
 * (deploy-overlay/kustomization.yaml), labels its workloads
 * `app.kubernetes.io/name: N`, and gives the entity the annotation
 * `backstage.io/kubernetes-id: N`. Reports do not carry their resources'
 * labels, so the namespace is what ties a resource to its entity:
 *
 * - a PolicyReport in namespace N belongs to the entity whose
 *   `backstage.io/kubernetes-id` is N; each of its results is about the
 *   report's `scope`, or about the `resources` it names, and only those in
 *   namespace N count (a resource of another namespace is refused);
 * - a ClusterPolicyReport's results count only for a `Namespace` resource
 *   named N (the entity's namespace itself); other cluster-scoped resources
 *   (nodes, cluster roles) belong to no entity;
 * - an id claimed by two entities places nothing (and is reported), so
 *   that an annotation cannot take another service's findings.
 */
export function placeReports(
  reports: PolicyReport[],
  entities: SourceEntity[],
  environment: string,
  maxFindingsPerEntity: number,
): Placement {
  const byId = new Map<string, string | null>();
  for (const e of entities) {
    const id = e.settings.kubernetesId;
    if (!id) continue;
    byId.set(
      id,
      byId.has(id) && byId.get(id) !== e.entityRef ? null : e.entityRef,
    );
  }
  const ambiguous = new Set<string>();
  const findings = new Map<string, AdmissionFinding[]>();
  let unplaced = 0;
  let refused = 0;

  const place = (namespace: string, finding: AdmissionFinding) => {
    const entityRef = byId.get(namespace);
    if (!entityRef) {
      if (entityRef === null) ambiguous.add(namespace);
      unplaced += 1;
      return;
    }
    const list = findings.get(entityRef) ?? [];
    list.push(finding);
    findings.set(entityRef, list);
  };

  for (const report of reports) {
    const namespace = report.metadata.namespace;
    for (const result of report.results ?? []) {
      if (typeof result?.policy !== 'string') continue;
      let resources: ReportedResource[] = [];
      if (result.resources?.length) resources = result.resources;
      else if (report.scope) resources = [report.scope];
      for (const resource of resources) {
        if (namespace) {
          if (
            resource.namespace !== undefined &&
            resource.namespace !== namespace
          ) {
            refused += 1;
            continue;
          }
          place(namespace, findingOf(result, resource, namespace));
        } else if (
          resource.kind === 'Namespace' &&
          !resource.namespace &&
          resource.name
        ) {
          place(resource.name, findingOf(result, resource, undefined));
        } else {
          unplaced += 1;
        }
      }
    }
  }

  const order: Record<string, number> = {
    fail: 0,
    error: 1,
    warn: 2,
    skip: 3,
    pass: 4,
  };
  const items = [...findings.entries()].map(([entityRef, list]) => ({
    entityRef,
    environment,
    // Failures first, so a cap drops passes before anything that matters.
    findings: list
      .sort((a, b) => order[a.result] - order[b.result])
      .slice(0, maxFindingsPerEntity),
  }));
  return { items, unplaced, refused, ambiguous: [...ambiguous] };
}

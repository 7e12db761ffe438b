import { CompiledCrd, compileCrd, schemaErrors } from '../crdSchema';

/**
 * The policy report kinds Kyverno v1.16.4 installs (CRDs vendored in
 * `contracts/kyverno/`), by the plural the API serves them under.
 */
export const POLICY_REPORT_RESOURCES = {
  policyreports: {
    file: 'kyverno/wgpolicyk8s.io_policyreports.yaml',
    kind: 'PolicyReport',
    namespaced: true,
  },
  clusterpolicyreports: {
    file: 'kyverno/wgpolicyk8s.io_clusterpolicyreports.yaml',
    kind: 'ClusterPolicyReport',
    namespaced: false,
  },
} as const;

export type PolicyReportResource = keyof typeof POLICY_REPORT_RESOURCES;

/** The CRD's served storage version, compiled once per process. */
export function policyReportCrd(resource: PolicyReportResource): CompiledCrd {
  return compileCrd(POLICY_REPORT_RESOURCES[resource].file);
}

/**
 * Every problem of a PolicyReport or ClusterPolicyReport against its CRD's
 * schema, as the API server would check it on create with strict field
 * validation; empty when the pinned Kyverno's CRD accepts it.
 */
export function policyReportProblems(
  resource: PolicyReportResource,
  report: unknown,
): string[] {
  const crd = policyReportCrd(resource);
  const o = report as any;
  const problems: string[] = [];
  const apiVersion = `${crd.group}/${crd.version}`;
  if (o?.apiVersion !== apiVersion)
    problems.push(`apiVersion must be ${apiVersion}, got ${o?.apiVersion}`);
  if (o?.kind !== crd.kind)
    problems.push(`kind must be ${crd.kind}, got ${o?.kind}`);
  if (typeof o?.metadata?.name !== 'string' || !o.metadata.name)
    problems.push('metadata.name is required');
  if (crd.namespaced !== (typeof o?.metadata?.namespace === 'string'))
    problems.push(
      crd.namespaced
        ? 'metadata.namespace is required: the kind is namespaced'
        : 'metadata.namespace must be absent: the kind is cluster-scoped',
    );
  if (!crd.validate(report))
    problems.push(...schemaErrors(crd.kind, crd.validate));
  return problems;
}

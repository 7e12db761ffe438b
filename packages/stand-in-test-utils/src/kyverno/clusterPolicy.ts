import { compileCrd, schemaErrors } from '../crdSchema';

/** Kyverno's ClusterPolicy CRD, vendored in `contracts/kyverno/` (Kyverno v1.16.4). */
const CRD_FILE = 'kyverno/kyverno.io_clusterpolicies.yaml';

/** The served storage version's schema, compiled once per process (it is large). */
function clusterPolicySchema() {
  const crd = compileCrd(CRD_FILE);
  return { apiVersion: `${crd.group}/${crd.version}`, validate: crd.validate };
}

/**
 * Every problem of a Kyverno ClusterPolicy against the `openAPIV3Schema` of
 * its CRD, as the API server would check it with strict field validation
 * (unknown fields refused, enums such as `failureAction` held); empty when
 * a cluster with the pinned Kyverno accepts it. This checks the policy's
 * shape, not what Kyverno's engine decides about a resource: that needs
 * Kyverno itself (`kyverno test`, `kyverno apply`).
 */
export function clusterPolicyProblems(policy: unknown): string[] {
  const { apiVersion, validate } = clusterPolicySchema();
  const o = policy as { apiVersion?: unknown; kind?: unknown };
  const problems: string[] = [];
  if (o?.apiVersion !== apiVersion) {
    problems.push(
      `ClusterPolicy/apiVersion must be ${apiVersion}, got ${String(
        o?.apiVersion,
      )}`,
    );
  }
  if (o?.kind !== 'ClusterPolicy') {
    problems.push(
      `ClusterPolicy/kind must be ClusterPolicy, got ${String(o?.kind)}`,
    );
  }
  if (!validate(policy))
    problems.push(...schemaErrors('ClusterPolicy', validate));
  return problems;
}

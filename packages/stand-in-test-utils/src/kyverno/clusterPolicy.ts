import fs from 'node:fs';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { contractPath } from '../vendored';
import { structuralSchema } from '../crdSchema';

/** Kyverno's ClusterPolicy CRD, vendored in `contracts/kyverno/` (Kyverno v1.16.4). */
const CRD_FILE = 'kyverno/kyverno.io_clusterpolicies.yaml';

let compiled: { apiVersion: string; validate: ValidateFunction } | undefined;

/** The served storage version's schema, compiled once per process (it is large). */
function clusterPolicySchema() {
  if (compiled) return compiled;
  const crd = parse(fs.readFileSync(contractPath(CRD_FILE), 'utf8'));
  const version = (crd.spec.versions as any[]).find(v => v.served && v.storage);
  if (!version) throw new Error(`${CRD_FILE} has no served storage version`);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('int64', true);
  ajv.addFormat('int32', true);
  compiled = {
    apiVersion: `${crd.spec.group}/${version.name}`,
    validate: ajv.compile(structuralSchema(version.schema.openAPIV3Schema)),
  };
  return compiled;
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
  if (!validate(policy)) {
    for (const e of validate.errors ?? []) {
      const extra =
        e.params && 'additionalProperty' in e.params
          ? ` (${(e.params as any).additionalProperty})`
          : '';
      problems.push(`ClusterPolicy${e.instancePath} ${e.message}${extra}`);
    }
  }
  return problems;
}

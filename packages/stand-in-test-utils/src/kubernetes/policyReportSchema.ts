import fs from 'node:fs';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { structuralSchema } from '../crdSchema';
import { contractPath } from '../vendored';

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

interface CompiledCrd {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  validate: ValidateFunction;
}

const compiled = new Map<PolicyReportResource, CompiledCrd>();

/** The CRD's served storage version, compiled once per process. */
export function policyReportCrd(resource: PolicyReportResource): CompiledCrd {
  const hit = compiled.get(resource);
  if (hit) return hit;
  const { file } = POLICY_REPORT_RESOURCES[resource];
  const crd = parse(fs.readFileSync(contractPath(file), 'utf8'));
  const version = (crd.spec.versions as any[]).find(v => v.served && v.storage);
  if (!version) throw new Error(`${file} has no served storage version`);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('int64', true);
  ajv.addFormat('int32', true);
  const entry: CompiledCrd = {
    group: crd.spec.group,
    version: version.name,
    kind: crd.spec.names.kind,
    listKind: crd.spec.names.listKind,
    namespaced: crd.spec.scope === 'Namespaced',
    validate: ajv.compile(structuralSchema(version.schema.openAPIV3Schema)),
  };
  compiled.set(resource, entry);
  return entry;
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
  if (!crd.validate(report)) {
    for (const e of crd.validate.errors ?? []) {
      const extra =
        e.params && 'additionalProperty' in e.params
          ? ` (${(e.params as any).additionalProperty})`
          : '';
      problems.push(`${crd.kind}${e.instancePath} ${e.message}${extra}`);
    }
  }
  return problems;
}

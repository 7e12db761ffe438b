import fs from 'node:fs';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { contractPath } from './vendored';

/**
 * Rewrites a Kubernetes structural schema into plain JSON schema: objects
 * with `properties` accept nothing else unless the schema preserves unknown
 * fields, and `x-kubernetes-int-or-string` becomes a union.
 */
export function structuralSchema(node: any): any {
  if (Array.isArray(node)) return node.map(structuralSchema);
  if (!node || typeof node !== 'object') return node;
  const out: any = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === 'properties'
        ? Object.fromEntries(
            Object.entries(value as object).map(([k, v]) => [
              k,
              structuralSchema(v),
            ]),
          )
        : structuralSchema(value);
  }
  if (out['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    !out['x-kubernetes-preserve-unknown-fields']
  ) {
    out.additionalProperties = false;
  }
  return out;
}

/** A version of a vendored CRD, compiled for validation. */
export interface CompiledCrd {
  group: string;
  /** The version compiled: the one asked for, else the served storage version. */
  version: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  validate: ValidateFunction;
}

const compiledCrds = new Map<string, CompiledCrd>();

/** The CustomResourceDefinitions of a vendored file (one, or many as Istio's). */
export function crdsIn(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(contractPath(file), 'utf8'))
    .map(d => d.toJS())
    .filter(d => d?.kind === 'CustomResourceDefinition');
}

/**
 * The API server accepts apiVersion, kind and metadata on every custom
 * resource whether or not its CRD's schema lists them (Istio's do not), so
 * a root schema gets them when it lacks them.
 */
function withObjectMeta(schema: any): any {
  return {
    ...schema,
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...schema.properties,
    },
  };
}

/**
 * A CRD vendored in `contracts/` (e.g. `kyverno/...yaml`; `kind` picks one
 * of a file that holds several), compiled once per process and version: the
 * schemas are large. Without `version`, the served storage version; a
 * version the CRD does not serve is an error, as the API server refuses
 * objects in it.
 */
export function compileCrd(
  file: string,
  version?: string,
  kind?: string,
): CompiledCrd {
  const key = `${file}@${version ?? ''}#${kind ?? ''}`;
  const hit = compiledCrds.get(key);
  if (hit) return hit;
  const crd = crdsIn(file).find(c => !kind || c.spec.names.kind === kind);
  if (!crd) throw new Error(`${file} defines no ${kind}`);
  const served = (crd.spec.versions as any[]).find(v =>
    version ? v.name === version && v.served : v.served && v.storage,
  );
  if (!served) {
    throw new Error(
      version
        ? `${file} does not serve ${crd.spec.group}/${version}: a cluster with this release refuses ${crd.spec.names.kind} in that version`
        : `${file} has no served storage version`,
    );
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('int64', true);
  ajv.addFormat('int32', true);
  const entry: CompiledCrd = {
    group: crd.spec.group,
    version: served.name,
    kind: crd.spec.names.kind,
    listKind: crd.spec.names.listKind,
    namespaced: crd.spec.scope === 'Namespaced',
    validate: ajv.compile(
      structuralSchema(withObjectMeta(served.schema.openAPIV3Schema)),
    ),
  };
  compiledCrds.set(key, entry);
  return entry;
}

/** Ajv's errors as sentences that start with the kind and the field's path. */
export function schemaErrors(
  kind: string,
  validate: ValidateFunction,
): string[] {
  return (validate.errors ?? []).map(e => {
    const extra =
      e.params && 'additionalProperty' in e.params
        ? ` (${
            (e.params as { additionalProperty: string }).additionalProperty
          })`
        : '';
    return `${kind}${e.instancePath} ${e.message}${extra}`;
  });
}

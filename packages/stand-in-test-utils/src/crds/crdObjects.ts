import fs from 'node:fs';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { contractPath } from '../vendored';
import { structuralSchema } from '../crdSchema';

/**
 * The vendored CRD files of the add-ons whose objects the environment
 * template renders (each folder's README gives origin, commit and licence):
 * Istio 1.29 (`contracts/istio/`) and Velero 1.18.1 (`contracts/velero/`).
 */
const CRD_FILES = [
  'istio/crd-all.gen.yaml',
  'velero/velero.io_schedules.yaml',
  'velero/velero.io_backupstoragelocations.yaml',
  'velero/velero.io_volumesnapshotlocations.yaml',
];

interface ServedVersion {
  schema: unknown;
  validate?: ValidateFunction;
}

let byApiVersionKind: Map<string, ServedVersion> | undefined;

/** `<group>/<version> <Kind>` of every served version of the vendored CRDs. */
function servedVersions(): Map<string, ServedVersion> {
  if (byApiVersionKind) return byApiVersionKind;
  const map = new Map<string, ServedVersion>();
  for (const file of CRD_FILES) {
    const docs = parseAllDocuments(
      fs.readFileSync(contractPath(file), 'utf8'),
    ).map(d => d.toJS());
    for (const crd of docs) {
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const v of crd.spec.versions as any[]) {
        if (!v.served) continue;
        map.set(`${crd.spec.group}/${v.name} ${crd.spec.names.kind}`, {
          schema: withObjectMeta(v.schema.openAPIV3Schema),
        });
      }
    }
  }
  byApiVersionKind = map;
  return map;
}

/**
 * The API server accepts apiVersion, kind and metadata on every custom
 * resource, whether or not its CRD's schema lists them (Istio's do not):
 * the root schema gets them when missing.
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

/** Whether a vendored CRD serves this object's apiVersion and kind. */
export function hasVendoredCrd(object: unknown): boolean {
  const o = object as { apiVersion?: unknown; kind?: unknown };
  return servedVersions().has(`${String(o?.apiVersion)} ${String(o?.kind)}`);
}

/**
 * Every problem of a custom resource against the `openAPIV3Schema` of the
 * served version of its vendored CRD, as the API server would check it with
 * strict field validation (unknown fields refused, enums and types held);
 * empty when a cluster with the pinned release accepts its shape. The CEL
 * rules (`x-kubernetes-validations`) and what the controller then does are
 * left to a real cluster. An apiVersion and kind no vendored CRD serves is
 * a problem too.
 */
export function crdObjectProblems(object: unknown): string[] {
  const o = object as { apiVersion?: unknown; kind?: unknown };
  const key = `${String(o?.apiVersion)} ${String(o?.kind)}`;
  const version = servedVersions().get(key);
  if (!version) {
    return [`no vendored CRD serves ${key}`];
  }
  if (!version.validate) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat('int64', true);
    ajv.addFormat('int32', true);
    version.validate = ajv.compile(structuralSchema(version.schema));
  }
  const validate = version.validate;
  if (validate(object)) return [];
  return (validate.errors ?? []).map(e => {
    const extra =
      e.params && 'additionalProperty' in e.params
        ? ` (${(e.params as any).additionalProperty})`
        : '';
    return `${String(o.kind)}${e.instancePath} ${e.message}${extra}`;
  });
}

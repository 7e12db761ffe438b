import { compileCrd, crdsIn, schemaErrors } from './crdSchema';

/**
 * The vendored CRD files of the custom resources Groundwork renders (each
 * folder's README gives the release they come from): External Secrets,
 * Prometheus Operator, Istio and Velero.
 */
const CRD_FILES = [
  'external-secrets/external-secrets.io_externalsecrets.yaml',
  'external-secrets/external-secrets.io_secretstores.yaml',
  'external-secrets/external-secrets.io_clustersecretstores.yaml',
  'prometheus-operator/monitoring.coreos.com_servicemonitors.yaml',
  'istio/crd-all.gen.yaml',
  'velero/velero.io_schedules.yaml',
  'velero/velero.io_backupstoragelocations.yaml',
  'velero/velero.io_volumesnapshotlocations.yaml',
];

let fileOfKind: Map<string, string> | undefined;

/** `group/Kind` to the file that defines it, read once. */
function filesByKind(): Map<string, string> {
  if (fileOfKind) return fileOfKind;
  fileOfKind = new Map();
  for (const file of CRD_FILES) {
    for (const crd of crdsIn(file)) {
      fileOfKind.set(`${crd.spec.group}/${crd.spec.names.kind}`, file);
    }
  }
  return fileOfKind;
}

function validatorFor(apiVersion: string, kind: string) {
  const [group, version] = apiVersion.split('/');
  const file = filesByKind().get(`${group}/${kind}`);
  if (!file || !version) {
    throw new Error(`no vendored CRD for ${apiVersion} ${kind}`);
  }
  return compileCrd(file, version, kind).validate;
}

/** Whether `customResourceProblems` knows the object's kind. */
export function hasVendoredCrd(object: unknown): boolean {
  const o = object as { apiVersion?: unknown; kind?: unknown };
  const group = String(o?.apiVersion ?? '').split('/')[0];
  return filesByKind().has(`${group}/${String(o?.kind)}`);
}

/**
 * Every problem of a custom resource against the `openAPIV3Schema` of the
 * served version of its vendored CRD, as the API server checks it with
 * strict field validation (unknown fields refused rather than pruned, enums
 * and required fields held); empty when a cluster running that release
 * accepts it. This checks shape only: what the controller then does is left
 * to a real cluster.
 */
export function customResourceProblems(object: unknown): string[] {
  const o = object as { apiVersion?: unknown; kind?: unknown };
  const label = `${String(o?.kind)}`;
  let validate: ReturnType<typeof validatorFor>;
  try {
    validate = validatorFor(String(o?.apiVersion), String(o?.kind));
  } catch (e) {
    return [(e as Error).message];
  }
  if (validate(object)) return [];
  return schemaErrors(label, validate);
}

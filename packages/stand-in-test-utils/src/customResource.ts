import { compileCrd, schemaErrors } from './crdSchema';

/**
 * The custom resources whose CRDs are vendored in `contracts/`, by
 * `group/Kind`: each folder's README gives the release they come from.
 */
const CRD_FILES: Record<string, string> = {
  'external-secrets.io/ExternalSecret':
    'external-secrets/external-secrets.io_externalsecrets.yaml',
  'external-secrets.io/SecretStore':
    'external-secrets/external-secrets.io_secretstores.yaml',
  'external-secrets.io/ClusterSecretStore':
    'external-secrets/external-secrets.io_clustersecretstores.yaml',
  'monitoring.coreos.com/ServiceMonitor':
    'prometheus-operator/monitoring.coreos.com_servicemonitors.yaml',
};

function validatorFor(apiVersion: string, kind: string) {
  const [group, version] = apiVersion.split('/');
  const file = CRD_FILES[`${group}/${kind}`];
  if (!file || !version) {
    throw new Error(`no vendored CRD for ${apiVersion} ${kind}`);
  }
  return compileCrd(file, version).validate;
}

/** Whether `customResourceProblems` knows the object's kind. */
export function hasVendoredCrd(object: unknown): boolean {
  const o = object as { apiVersion?: unknown; kind?: unknown };
  const group = String(o?.apiVersion ?? '').split('/')[0];
  return `${group}/${String(o?.kind)}` in CRD_FILES;
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

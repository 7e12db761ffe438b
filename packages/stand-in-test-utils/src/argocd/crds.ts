import { ValidateFunction } from 'ajv';
import { compileCrd, schemaErrors } from '../crdSchema';

/** The Argo CD kinds whose CRDs are vendored in `contracts/argocd/`. */
export type ArgoCdKind = 'Application' | 'AppProject';

const CRD_FILES: Record<ArgoCdKind, string> = {
  Application: 'argocd/application-crd.yaml',
  AppProject: 'argocd/appproject-crd.yaml',
};

const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * Validates Argo CD objects against the `openAPIV3Schema` of the served
 * version of their CRD, as the Kubernetes API server would with strict field
 * validation: unknown fields are refused (Kubernetes would silently prune
 * them, which hides typos), except where the schema preserves them.
 * `metadata` is checked by the Kubernetes object-meta rules the CRD schema
 * leaves out (name, namespace, label and annotation syntax).
 */
export class ArgoCdCrds {
  private static shared?: ArgoCdCrds;
  private readonly validators = new Map<ArgoCdKind, ValidateFunction>();
  /** `group/version` of the served version, e.g. `argoproj.io/v1alpha1`. */
  readonly apiVersions = new Map<ArgoCdKind, string>();

  /** One instance per process: compiling the Application schema takes a while. */
  static get(): ArgoCdCrds {
    ArgoCdCrds.shared ??= new ArgoCdCrds();
    return ArgoCdCrds.shared;
  }

  constructor() {
    for (const [kind, file] of Object.entries(CRD_FILES) as [
      ArgoCdKind,
      string,
    ][]) {
      const crd = compileCrd(file);
      this.apiVersions.set(kind, `${crd.group}/${crd.version}`);
      this.validators.set(kind, crd.validate);
    }
  }

  /** Every problem of `object` as a `kind`; empty when a real cluster accepts it. */
  validate(kind: ArgoCdKind, object: unknown): string[] {
    const problems: string[] = [];
    const validator = this.validators.get(kind)!;
    if (!validator(object)) problems.push(...schemaErrors(kind, validator));
    const o = object as {
      apiVersion?: unknown;
      kind?: unknown;
      metadata?: any;
    };
    if (
      o?.apiVersion !== undefined &&
      o.apiVersion !== this.apiVersions.get(kind)
    ) {
      problems.push(
        `${kind}/apiVersion must be ${this.apiVersions.get(kind)}, got ${String(
          o.apiVersion,
        )}`,
      );
    }
    if (o?.kind !== undefined && o.kind !== kind) {
      problems.push(`${kind}/kind must be ${kind}, got ${String(o.kind)}`);
    }
    problems.push(...objectMetaProblems(kind, o?.metadata));
    return problems;
  }

  /** Like `validate`, for a whole manifest: `kind` is read from the object. */
  validateManifest(object: unknown): string[] {
    const kind = (object as { kind?: string })?.kind;
    if (kind !== 'Application' && kind !== 'AppProject') {
      return [`kind must be Application or AppProject, got ${String(kind)}`];
    }
    if ((object as { apiVersion?: string }).apiVersion === undefined) {
      return [`${kind}/apiVersion is required in a manifest`];
    }
    return this.validate(kind, object);
  }
}

function objectMetaProblems(kind: ArgoCdKind, metadata: any): string[] {
  if (!metadata || typeof metadata !== 'object') return [];
  const problems: string[] = [];
  const at = `${kind}/metadata`;
  const { name, namespace, labels, annotations, finalizers } = metadata;
  if (typeof name !== 'string' || name === '') {
    problems.push(`${at}/name is required`);
  } else if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    problems.push(
      `${at}/name "${name}" must be a lower-case RFC 1123 subdomain (letters, digits, '-', '.'; at most 253)`,
    );
  }
  if (
    namespace !== undefined &&
    (typeof namespace !== 'string' ||
      namespace.length > 63 ||
      !DNS_LABEL.test(namespace))
  ) {
    problems.push(
      `${at}/namespace "${namespace}" must be a lower-case RFC 1123 label`,
    );
  }
  for (const [field, map] of [
    ['labels', labels],
    ['annotations', annotations],
  ] as const) {
    if (map === undefined || map === null) continue;
    if (typeof map !== 'object') {
      problems.push(`${at}/${field} must be a map of strings`);
      continue;
    }
    for (const [key, value] of Object.entries(map)) {
      const keyProblem = qualifiedKeyProblem(key);
      if (keyProblem)
        problems.push(`${at}/${field} key "${key}" ${keyProblem}`);
      if (typeof value !== 'string') {
        problems.push(`${at}/${field}/${key} must be a string`);
      } else if (
        field === 'labels' &&
        (value.length > 63 || !LABEL_VALUE.test(value))
      ) {
        problems.push(
          `${at}/labels/${key} value "${value}" must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
        );
      }
    }
  }
  if (finalizers !== undefined) {
    if (!Array.isArray(finalizers)) {
      problems.push(`${at}/finalizers must be a list of strings`);
    } else {
      for (const f of finalizers) {
        const problem =
          typeof f === 'string' ? qualifiedKeyProblem(f) : 'is not a string';
        if (problem) problems.push(`${at}/finalizers "${f}" ${problem}`);
      }
    }
  }
  return problems;
}

/** Kubernetes' qualified name rule for label keys, annotation keys, finalizers. */
function qualifiedKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'has more than one "/"';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (
    prefix !== undefined &&
    (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))
  ) {
    return 'has a prefix that is not a DNS subdomain';
  }
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return "must be at most 63 letters, digits, '-', '_' or '.' (after an optional DNS prefix and '/')";
  }
  return undefined;
}

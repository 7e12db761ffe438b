import { Entity, getEntitySourceLocation } from '@backstage/catalog-model';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import {
  ANNOTATION_TERRAFORM_CODE,
  parseMapAnnotation,
} from '@groundwork/plugin-groundwork-common';

/** Where the new-service template runs terraform:apply for an environment. */
export function defaultCodeFolder(environment: string): string {
  return `infra/envs/${environment}`;
}

/**
 * Characters a folder segment may hold. No `%` (a URL parser decodes
 * `%2e%2e` into `..`), no `?` or `#` (they would end the path of the URL),
 * no backslash, no whitespace or control characters.
 */
const SEGMENT = /^[A-Za-z0-9_.@+~-]+$/;

/**
 * A folder of the annotation (or the default) as a clean relative path
 * inside the repository, or why it is not one. Paths are data from the
 * entity's author: nothing absolute, no URL, no `..`, nothing that the
 * URL parser could read as something else.
 */
export function normalizeCodeFolder(
  folder: string,
): { folder: string } | { problem: string } {
  const value = folder.trim();
  if (!value) return { problem: 'is empty' };
  if (value.length > 400) return { problem: 'is longer than 400 characters' };
  if (value.startsWith('/') || value.startsWith('\\')) {
    return { problem: 'is absolute' };
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) {
    return { problem: 'is a URL or a drive, not a path in the repository' };
  }
  const segments = value.split('/').filter(s => s !== '' && s !== '.');
  if (segments.some(s => s === '..')) {
    return { problem: 'climbs out of its folder with ".."' };
  }
  const bad = segments.find(s => !SEGMENT.test(s));
  if (bad !== undefined) {
    return {
      problem: `holds "${bad}": a folder may hold letters, digits and . _ - @ + ~ only`,
    };
  }
  if (segments.length === 0) return { problem: 'is the repository root' };
  return { folder: segments.join('/') };
}

/** Where one environment's Terraform root module is, or why it cannot be told. */
export type CodeLocation =
  | { url: string; folder: string; repository: string }
  | { reason: string };

/**
 * The URL of an environment's root module: the entity's repository
 * (`backstage.io/source-location`, as the catalog sets it for a registered
 * repository: `url:https://github.com/acme/payments/tree/main/`), at the
 * folder `groundwork.dev/terraform-code` names for the environment, else
 * `infra/envs/<environment>`. Resolved by the portal's integrations
 * (`integrations.resolveUrl`) as the catalog resolves relative paths, and
 * refused when the result is not under the repository's URL.
 */
export function codeLocation(
  entity: Entity,
  environment: string,
  integrations: ScmIntegrationRegistry,
): CodeLocation {
  const annotations = entity.metadata.annotations ?? {};
  const { entries } = parseMapAnnotation(
    annotations[ANNOTATION_TERRAFORM_CODE],
  );
  const given = entries[environment];
  const normalized = normalizeCodeFolder(
    given ?? defaultCodeFolder(environment),
  );
  if ('problem' in normalized) {
    return {
      reason: given
        ? `${ANNOTATION_TERRAFORM_CODE} for ${environment} ("${given}") ${
            normalized.problem
          }: give the folder of the environment's root module relative to the repository, such as ${defaultCodeFolder(
            environment,
          )}.`
        : `The environment name "${environment}" cannot name a folder (${defaultCodeFolder(
            environment,
          )} ${normalized.problem}): set ${ANNOTATION_TERRAFORM_CODE} for it.`,
    };
  }
  let source;
  try {
    source = getEntitySourceLocation(entity);
  } catch {
    return {
      reason: `The entity has no backstage.io/source-location to read its Terraform code from: register it from its repository, or set the annotation (url:https://github.com/<owner>/<repo>/tree/main/).`,
    };
  }
  if (source.type !== 'url') {
    return {
      reason: `The entity's source location is of type "${source.type}": the drift check reads Terraform code from a repository URL only (backstage.io/source-location: url:https://...).`,
    };
  }
  let base: URL;
  try {
    base = new URL(source.target);
  } catch {
    return {
      reason: `The entity's source location "${source.target}" is not a URL.`,
    };
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    return {
      reason: `The entity's source location "${source.target}" is not an http(s) URL.`,
    };
  }
  // A folder of a repository: relative paths resolve below it, not beside it.
  if (!base.search && !base.hash && !base.pathname.endsWith('/')) {
    base.pathname = `${base.pathname}/`;
  }
  const repository = base.toString();
  const url = integrations.resolveUrl({
    url: normalized.folder,
    base: repository,
  });
  const resolved = new URL(url);
  // Belt and braces: the folder is checked above; the result must still be
  // on the repository's host, and under its URL where that is a path.
  if (
    resolved.origin !== base.origin ||
    (!base.search && !base.hash && !resolved.toString().startsWith(repository))
  ) {
    return {
      reason: `${normalized.folder} does not resolve inside the repository ${repository}.`,
    };
  }
  return { url, folder: normalized.folder, repository };
}

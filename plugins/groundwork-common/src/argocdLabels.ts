import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * Labels that `argocd:create-app` puts on every Application it creates, and
 * by which the platform-status collector finds it again. Label values are
 * limited to 63 characters of `[A-Za-z0-9._-]`, which Backstage entity names,
 * namespaces and kinds already satisfy; so the ref is split over three
 * labels rather than encoded into one.
 */
export const ARGOCD_LABEL_ENTITY_KIND = 'groundwork.dev/entity-kind';
export const ARGOCD_LABEL_ENTITY_NAMESPACE = 'groundwork.dev/entity-namespace';
export const ARGOCD_LABEL_ENTITY_NAME = 'groundwork.dev/entity-name';
export const ARGOCD_LABEL_ENVIRONMENT = 'groundwork.dev/environment';

/** Annotation with the full entity ref, for people reading the Application. */
export const ARGOCD_ANNOTATION_ENTITY_REF = 'groundwork.dev/entity-ref';

/**
 * Label selector for the collector's single list call per instance
 * (`GET /api/v1/applications?selector=...`): every Groundwork-managed app.
 */
export const ARGOCD_APP_SELECTOR = `${ARGOCD_LABEL_ENTITY_NAME},${ARGOCD_LABEL_ENVIRONMENT}`;

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function assertLabelValue(what: string, value: string) {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    throw new TypeError(
      `The ${what} "${value}" cannot be an Argo CD label value: use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.`,
    );
  }
}

/** The labels that identify an entity's Application for one environment. */
export function argoCdLabelsFor(
  entityRef: string | CompoundEntityRef,
  environment: string,
): Record<string, string> {
  const ref =
    typeof entityRef === 'string' ? parseEntityRef(entityRef) : entityRef;
  const labels = {
    [ARGOCD_LABEL_ENTITY_KIND]: ref.kind.toLocaleLowerCase('en-US'),
    [ARGOCD_LABEL_ENTITY_NAMESPACE]: ref.namespace,
    [ARGOCD_LABEL_ENTITY_NAME]: ref.name,
    [ARGOCD_LABEL_ENVIRONMENT]: environment,
  };
  for (const [key, value] of Object.entries(labels)) {
    assertLabelValue(key, value);
  }
  return labels;
}

/** The entity ref and environment an Application's labels point at, if any. */
export function entityFromArgoCdLabels(
  labels: Record<string, string> | undefined,
): { entityRef: string; environment: string } | undefined {
  const name = labels?.[ARGOCD_LABEL_ENTITY_NAME];
  const environment = labels?.[ARGOCD_LABEL_ENVIRONMENT];
  if (!name || !environment) return undefined;
  return {
    entityRef: stringifyEntityRef({
      kind: labels[ARGOCD_LABEL_ENTITY_KIND] ?? 'component',
      namespace: labels[ARGOCD_LABEL_ENTITY_NAMESPACE] ?? 'default',
      name,
    }),
    environment,
  };
}

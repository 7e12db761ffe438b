import { createTemplateGlobalFunction } from '@backstage/plugin-scaffolder-node/alpha';

/**
 * The annotations that bind a Kubernetes ServiceAccount to a cloud
 * identity, and what each value must look like. Only these may be patched:
 * the stack's output is data, and nothing else about the account changes.
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const IDENTITY_ANNOTATIONS: Record<string, RegExp> = {
  // Azure workload identity: the managed identity's client id, and its tenant.
  'azure.workload.identity/client-id': GUID,
  'azure.workload.identity/tenant-id': GUID,
  // GKE Workload Identity: the Google service account's email.
  'iam.gke.io/gcp-service-account':
    /^[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z][-a-z0-9]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/,
};

const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The Argo CD Application's `spec.source.kustomize` that gives a service's
 * ServiceAccount its cloud identity, when that identity exists only once
 * Terraform created it (GCP, Azure): a strategic-merge patch of the
 * account's annotations. `{}` when there is nothing to patch (AWS names its
 * role in the overlay). Throws on an annotation or value that is not an
 * identity binding, so a stack output cannot smuggle anything else in.
 */
export function serviceIdentityKustomize(
  serviceAccount: string,
  annotations: Record<string, unknown> | undefined | null,
): Record<string, unknown> {
  if (!annotations || Object.keys(annotations).length === 0) return {};
  if (!NAME.test(serviceAccount)) {
    throw new Error(
      `serviceIdentityKustomize: "${serviceAccount}" is not a ServiceAccount name.`,
    );
  }
  for (const [key, value] of Object.entries(annotations)) {
    const rule = IDENTITY_ANNOTATIONS[key];
    if (!rule) {
      throw new Error(
        `serviceIdentityKustomize: ${key} is not an identity annotation (${Object.keys(
          IDENTITY_ANNOTATIONS,
        ).join(', ')}).`,
      );
    }
    if (typeof value !== 'string' || !rule.test(value)) {
      throw new Error(
        `serviceIdentityKustomize: ${key} ${JSON.stringify(
          value,
        )} is not what the cloud gives (check the stack's service_account_annotations output).`,
      );
    }
  }
  const patch = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: serviceAccount, annotations },
  };
  return {
    patches: [
      {
        target: { kind: 'ServiceAccount', name: serviceAccount },
        // JSON is YAML: kustomize reads it as a strategic-merge patch.
        patch: JSON.stringify(patch),
      },
    ],
  };
}

/**
 * `${{ serviceIdentityKustomize(parameters.name, steps.terraform.output.outputs.service_account_annotations) }}`
 * for argocd:create-app's `source.kustomize`.
 */
export const serviceIdentityKustomizeGlobal = createTemplateGlobalFunction({
  id: 'serviceIdentityKustomize',
  description:
    "An Argo CD Application's source.kustomize that patches a ServiceAccount's cloud identity annotations (a Terraform output known only after apply, on GCP and Azure); {} when there are none.",
  schema: z =>
    z
      .function()
      .args(
        z.string().describe('The ServiceAccount (the service) name'),
        z
          .record(z.any())
          .nullish()
          .describe(
            "The stack's service_account_annotations output, if it has one",
          ),
      )
      .returns(z.record(z.any()).describe('source.kustomize')),
  examples: [
    {
      description: "The service's identity on its Application",
      example:
        'kustomize: ${{ serviceIdentityKustomize(parameters.name, steps.terraform.output.outputs.service_account_annotations) }}',
    },
  ],
  fn: (serviceAccount, annotations) =>
    serviceIdentityKustomize(serviceAccount, annotations) as any,
});

import type { z as zod } from 'zod/v3';

type Z = typeof zod;

const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function sourceSchema(z: Z) {
  return z
    .object({
      repoURL: z
        .string()
        .min(1)
        .describe('Git repository, Helm repository or OCI registry URL'),
      targetRevision: z
        .string()
        .optional()
        .describe(
          'Branch, tag or commit of a Git source, or chart version of a Helm source (default HEAD)',
        ),
      path: z
        .string()
        .optional()
        .describe('Directory in the Git repository with the manifests'),
      chart: z
        .string()
        .optional()
        .describe('Helm chart name, for a Helm repository source'),
      ref: z
        .string()
        .optional()
        .describe(
          'Name other sources use to refer to this one ($ref/values.yaml), in `sources`',
        ),
      helm: z
        .object({
          releaseName: z
            .string()
            .optional()
            .describe('Helm release name (default: the application name)'),
          valueFiles: z
            .array(z.string())
            .optional()
            .describe('Value files, relative to the source path or $ref/...'),
          values: z.string().optional().describe('Values as a YAML string'),
          valuesObject: z
            .record(z.unknown())
            .optional()
            .describe('Values as an object (wins over `values`)'),
          parameters: z
            .array(
              z
                .object({
                  name: z.string().describe('Helm parameter name'),
                  value: z.string().describe('Value'),
                  forceString: z
                    .boolean()
                    .optional()
                    .describe('Pass as a string (--set-string)'),
                })
                .strict(),
            )
            .optional()
            .describe('Helm --set parameters'),
          ignoreMissingValueFiles: z
            .boolean()
            .optional()
            .describe('Skip value files that do not exist'),
          skipCrds: z.boolean().optional().describe('Skip installing CRDs'),
          version: z.string().optional().describe('Helm version: v3'),
        })
        .strict()
        .optional()
        .describe('Helm options'),
      kustomize: z
        .object({
          namePrefix: z
            .string()
            .optional()
            .describe('Prefix for resource names'),
          nameSuffix: z
            .string()
            .optional()
            .describe('Suffix for resource names'),
          namespace: z.string().optional().describe('Namespace kustomize sets'),
          images: z
            .array(z.string())
            .optional()
            .describe('Image overrides, e.g. `ghcr.io/acme/app:1.2.3`'),
          commonLabels: z
            .record(z.string())
            .optional()
            .describe('Labels added to every resource'),
          commonAnnotations: z
            .record(z.string())
            .optional()
            .describe('Annotations added to every resource'),
          components: z
            .array(z.string())
            .optional()
            .describe('Kustomize components to include'),
          patches: z
            .array(
              z
                .object({
                  patch: z
                    .string()
                    .optional()
                    .describe('Inline strategic-merge or JSON6902 patch'),
                  path: z
                    .string()
                    .optional()
                    .describe('Patch file, relative to the source path'),
                  target: z
                    .object({
                      group: z.string().optional(),
                      version: z.string().optional(),
                      kind: z.string().optional(),
                      name: z.string().optional(),
                      namespace: z.string().optional(),
                      labelSelector: z.string().optional(),
                      annotationSelector: z.string().optional(),
                    })
                    .strict()
                    .optional()
                    .describe('Objects the patch applies to'),
                  options: z
                    .record(z.boolean())
                    .optional()
                    .describe('allowNameChange, allowKindChange'),
                })
                .strict(),
            )
            .optional()
            .describe(
              'Patches applied after the overlay, e.g. values known only once infrastructure exists',
            ),
          replicas: z
            .array(
              z
                .object({
                  name: z.string().describe('Workload name'),
                  count: z
                    .union([z.number().int(), z.string()])
                    .describe('Replica count'),
                })
                .strict(),
            )
            .optional()
            .describe('Replica overrides'),
        })
        .strict()
        .optional()
        .describe('Kustomize options'),
      directory: z
        .object({
          recurse: z.boolean().optional().describe('Include subdirectories'),
          include: z.string().optional().describe('Glob of files to include'),
          exclude: z.string().optional().describe('Glob of files to exclude'),
        })
        .strict()
        .optional()
        .describe('Plain-directory options'),
    })
    .strict();
}

/** The inputs of `argocd:create-app`. */
export function inputSchema(z: Z) {
  const source = sourceSchema(z);
  return z
    .object({
      mode: z
        .enum(['api', 'gitops'])
        .default('api')
        .describe(
          '`api` creates the Application through the Argo CD API; `gitops` commits its manifest to the GitOps repository of `argocd.gitops`',
        ),
      instance: z
        .string()
        .optional()
        .describe(
          'Name of a configured Argo CD instance (argocd.instances[].name); default: the environment’s argocdInstance, then argocd.defaultInstance. URLs and tokens come from config only.',
        ),
      name: z
        .string()
        .max(253)
        .regex(DNS_SUBDOMAIN, 'must be a lower-case RFC 1123 name')
        .describe('Application name, e.g. `payments-dev`'),
      appNamespace: z
        .string()
        .regex(DNS_LABEL, 'must be a lower-case RFC 1123 label')
        .optional()
        .describe(
          'Namespace of the Application resource, for apps in any namespace; default: the Argo CD control-plane namespace',
        ),
      entityRef: z
        .string()
        .describe(
          'Catalog entity the application delivers, e.g. `component:default/payments`',
        ),
      environment: z
        .string()
        .describe('Environment name from groundwork.environments, e.g. `dev`'),
      project: z
        .string()
        .regex(DNS_SUBDOMAIN, 'must be a lower-case RFC 1123 name')
        .default('default')
        .describe('Argo CD project (AppProject) of the application'),
      projectMode: z
        .enum(['reuse', 'create', 'merge'])
        .default('reuse')
        .describe(
          '`reuse` requires the project to exist; `create` creates it from `projectSpec`, or reuses it when it exists with the same spec; `merge` (a project shared by a team’s services) creates it from `projectSpec`, or adds to it the sourceRepos, destinations, clusterResourceWhitelist and sourceNamespaces it lacks, removing nothing and leaving the rest as it is (a namespaceResourceBlacklist entry it lacks is refused)',
        ),
      projectSpec: z
        .object({
          description: z.string().optional().describe('Project description'),
          sourceRepos: z
            .array(z.string())
            .optional()
            .describe(
              'Repositories apps of the project may use (globs); default: this application’s sources',
            ),
          destinations: z
            .array(
              z
                .object({
                  server: z.string().optional().describe('Cluster URL (glob)'),
                  name: z.string().optional().describe('Cluster name (glob)'),
                  namespace: z.string().describe('Namespace (glob)'),
                })
                .strict(),
            )
            .optional()
            .describe(
              'Where apps of the project may deploy; default: this application’s destination',
            ),
          sourceNamespaces: z
            .array(z.string())
            .optional()
            .describe('Namespaces Applications of this project may live in'),
          clusterResourceWhitelist: z
            .array(
              z
                .object({
                  group: z.string().describe('API group'),
                  kind: z.string().describe('Kind'),
                })
                .strict(),
            )
            .optional()
            .describe(
              'Cluster-scoped kinds apps may manage; default: none (namespaced resources only)',
            ),
          namespaceResourceBlacklist: z
            .array(
              z
                .object({
                  group: z.string().describe('API group'),
                  kind: z.string().describe('Kind'),
                })
                .strict(),
            )
            .optional()
            .describe('Namespaced kinds apps may not manage'),
        })
        .strict()
        .optional()
        .describe(
          'Spec of the project, with `projectMode: create` or `merge`; default: this application’s sources, destination and app namespace',
        ),
      source: source
        .optional()
        .describe('Where the manifests come from (one of source, sources)'),
      sources: z
        .array(source)
        .min(1)
        .optional()
        .describe('Several sources, e.g. a chart plus a values repository'),
      destination: z
        .object({
          server: z
            .string()
            .optional()
            .describe('Cluster API URL, e.g. https://kubernetes.default.svc'),
          name: z
            .string()
            .optional()
            .describe(
              'Cluster name as registered in Argo CD (instead of server)',
            ),
          namespace: z
            .string()
            .regex(DNS_LABEL, 'must be a lower-case RFC 1123 label')
            .describe('Namespace the resources go to'),
        })
        .strict()
        .describe('Target cluster (server or name) and namespace'),
      syncPolicy: z
        .object({
          automated: z
            .object({
              prune: z
                .boolean()
                .optional()
                .describe('Delete resources that left Git'),
              selfHeal: z
                .boolean()
                .optional()
                .describe('Revert changes made in the cluster'),
              allowEmpty: z
                .boolean()
                .optional()
                .describe('Allow syncing to no resources at all'),
            })
            .strict()
            .optional()
            .describe('Sync automatically when Git changes'),
          syncOptions: z
            .array(z.string())
            .optional()
            .describe(
              'Sync options, e.g. CreateNamespace=true, ServerSideApply=true',
            ),
          retry: z
            .object({
              limit: z
                .number()
                .int()
                .optional()
                .describe('Attempts (negative: unlimited)'),
              backoff: z
                .object({
                  duration: z
                    .string()
                    .optional()
                    .describe('First wait, e.g. 5s'),
                  factor: z
                    .number()
                    .int()
                    .optional()
                    .describe('Multiplier per attempt'),
                  maxDuration: z
                    .string()
                    .optional()
                    .describe('Longest wait, e.g. 3m'),
                })
                .strict()
                .optional()
                .describe('Backoff between attempts'),
            })
            .strict()
            .optional()
            .describe('Retry of failed syncs'),
        })
        .strict()
        .optional()
        .describe('Sync policy'),
      labels: z
        .record(z.string())
        .optional()
        .describe('Extra labels on the Application'),
      annotations: z
        .record(z.string())
        .optional()
        .describe('Extra annotations on the Application'),
      finalizer: z
        .boolean()
        .default(false)
        .describe(
          'Add resources-finalizer.argocd.argoproj.io, so deleting the Application deletes its resources',
        ),
      upsert: z
        .boolean()
        .default(true)
        .describe(
          'Update the Application (or manifest) when it exists with a different spec; false fails instead',
        ),
      validate: z
        .boolean()
        .default(true)
        .describe(
          'Let Argo CD check that the repository and path can be rendered (API mode)',
        ),
      waitFor: z
        .enum(['none', 'synced', 'healthy'])
        .default('none')
        .describe(
          'Wait until the application is synced, or synced and healthy',
        ),
      timeoutSeconds: z
        .number()
        .int()
        .positive()
        .max(3600)
        .default(300)
        .describe('How long to wait for `waitFor`'),
    })
    .strict();
}

/** The outputs of `argocd:create-app`. */
export function outputSchema(z: Z) {
  return z.object({
    appName: z.string().describe('Application name'),
    appNamespace: z.string().describe('Namespace of the Application resource'),
    project: z.string().describe('Argo CD project'),
    url: z.string().describe('Link to the application in the Argo CD UI'),
    change: z
      .enum(['created', 'updated', 'unchanged', 'committed', 'pull-request'])
      .describe('What the step changed'),
    syncStatus: z
      .string()
      .describe('Last seen sync status (Synced, OutOfSync, Unknown)'),
    healthStatus: z
      .string()
      .describe(
        'Last seen health status (Healthy, Progressing, Degraded, ...)',
      ),
    revision: z
      .string()
      .optional()
      .describe(
        'Synced revision (API mode), or the GitOps commit (GitOps mode)',
      ),
    pullRequestUrl: z
      .string()
      .optional()
      .describe('Pull request with the manifest (GitOps pull-request mode)'),
  });
}

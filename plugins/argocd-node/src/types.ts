/**
 * The parts of Argo CD's `v1alpha1Application` and `v1alpha1AppProject`
 * (swagger.json) that Groundwork reads and writes. Unknown fields pass
 * through untouched.
 */
export interface ArgoCdObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  resourceVersion?: string;
  [key: string]: unknown;
}

export interface ArgoCdApplication {
  apiVersion?: string;
  kind?: string;
  metadata: ArgoCdObjectMeta;
  spec: Record<string, unknown> & { project?: string };
  status?: {
    sync?: { status?: string; revision?: string; revisions?: string[] };
    health?: { status?: string; message?: string };
    operationState?: {
      phase?: string;
      message?: string;
      startedAt?: string;
      finishedAt?: string;
      syncResult?: { revision?: string; revisions?: string[] };
      operation?: {
        sync?: { revision?: string; revisions?: string[] };
        initiatedBy?: ArgoCdOperationInitiator;
      };
    };
    history?: ArgoCdRevisionHistory[] | null;
    /** `v1alpha1ApplicationSummary`: images of the app's live resources. */
    summary?: { images?: string[] | null; externalURLs?: string[] | null };
    conditions?: Array<{ type?: string; message?: string }>;
    reconciledAt?: string;
    [key: string]: unknown;
  };
}

/** `v1alpha1OperationInitiator`: who started a sync. */
export interface ArgoCdOperationInitiator {
  username?: string;
  automated?: boolean;
}

/**
 * `v1alpha1RevisionHistory`: one successful sync. `id` is an int64, which
 * Argo CD's gRPC gateway writes as a JSON string (protojson); older
 * servers and hand-written status may hold a number.
 */
export interface ArgoCdRevisionHistory {
  id?: number | string;
  revision?: string;
  revisions?: string[];
  deployedAt?: string;
  deployStartedAt?: string;
  source?: {
    repoURL?: string;
    path?: string;
    chart?: string;
    targetRevision?: string;
  };
  sources?: Array<{ repoURL?: string; chart?: string }>;
  initiatedBy?: ArgoCdOperationInitiator;
}

/** `v1alpha1RevisionMetadata`: a Git commit as Argo CD's repo server reads it. */
export interface ArgoCdRevisionMetadata {
  /** e.g. "Jane Doe <jane@example.com>" */
  author?: string;
  date?: string;
  message?: string;
  tags?: string[] | null;
  signatureInfo?: string;
}

export interface ArgoCdApplicationList {
  items?: ArgoCdApplication[] | null;
  metadata?: { resourceVersion?: string };
}

export interface ArgoCdAppProject {
  apiVersion?: string;
  kind?: string;
  metadata: ArgoCdObjectMeta;
  spec: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** `v1alpha1ApplicationTree`: the live resources of an app. */
export interface ArgoCdResourceTree {
  nodes?: Array<{
    group?: string;
    version?: string;
    kind?: string;
    namespace?: string;
    name?: string;
    health?: { status?: string; message?: string };
    [key: string]: unknown;
  }> | null;
  [key: string]: unknown;
}

/**
 * `v1alpha1Cluster`: a cluster Argo CD deploys to. Argo CD never answers
 * credentials (bearer token, password, key data, exec args and env).
 */
export interface ArgoCdCluster {
  server: string;
  name: string;
  config: {
    /** EKS: Argo CD runs `argocd-k8s-auth aws` as its own (IRSA) identity, assuming roleARN. */
    awsAuthConfig?: { clusterName: string; roleARN?: string };
    /** A credential plugin, e.g. `argocd-k8s-auth gcp` or `argocd-k8s-auth azure`. */
    execProviderConfig?: {
      command: string;
      args?: string[];
      env?: Record<string, string>;
      apiVersion: string;
      installHint?: string;
    };
    tlsClientConfig?: {
      caData?: string;
      serverName?: string;
      insecure?: boolean;
    };
    [key: string]: unknown;
  };
  namespaces?: string[];
  clusterResources?: boolean;
  project?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  connectionState?: { status?: string; message?: string };
  info?: { serverVersion?: string; connectionState?: { status?: string } };
  [key: string]: unknown;
}

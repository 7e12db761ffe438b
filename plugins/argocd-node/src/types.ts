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
    };
    history?: Array<{
      id?: number | string;
      revision?: string;
      deployedAt?: string;
    }>;
    conditions?: Array<{ type?: string; message?: string }>;
    reconciledAt?: string;
    [key: string]: unknown;
  };
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

/**
 * The parts of Argo CD's `v1alpha1Application` (swagger.json) that
 * Groundwork reads and writes. Unknown fields pass through untouched.
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
      syncResult?: { revision?: string };
    };
    history?: Array<{
      id?: number | string;
      revision?: string;
      deployedAt?: string;
    }>;
    reconciledAt?: string;
    [key: string]: unknown;
  };
}

export interface ArgoCdApplicationList {
  items?: ArgoCdApplication[] | null;
  metadata?: { resourceVersion?: string };
}

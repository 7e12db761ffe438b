import type { JsonObject } from '@backstage/types';

/**
 * Where a request stands. `requested` waits for a decision; an approved
 * request is applied at once and ends `applied`, or `failed` (and can be
 * applied again); a rejected one changes nothing.
 */
export type RequestState =
  | 'requested'
  | 'approved'
  | 'rejected'
  | 'applied'
  | 'failed';

/** One change a request makes when applied, as a reviewer reads it. */
export interface RequestChange {
  /** The system it changes, e.g. `github`. */
  system: string;
  /** What changes, e.g. `team groundwork-demo/payments (member)`. */
  target: string;
  /** After applying: done, unchanged, failed, with the reason. */
  status?: 'pending' | 'done' | 'unchanged' | 'failed';
  detail?: string;
}

/** One step in a request's life, in order: who did what, when. */
export interface RequestEvent {
  at: string;
  /** The person (entity ref) or plugin (`plugin:requests`) that acted. */
  actor: string;
  action: 'requested' | 'approved' | 'rejected' | 'applied' | 'apply-failed';
  comment?: string;
}

/**
 * A change one person asks for and another decides: today access (a
 * persona's grants waiting for approval).
 */
export interface GroundworkRequest {
  id: string;
  /** Which applier handles it, e.g. `access`. */
  kind: string;
  state: RequestState;
  /** Derived from what it applies, never the requester's own words. */
  title: string;
  /** Why it needs a decision, e.g. `it-admin is a privileged persona`. */
  reason: string;
  /** The person who asked (entity ref). */
  requestedBy: string;
  /** The person it is about, when it is about one (entity ref); they cannot decide it either. */
  subject?: string;
  /** Groups whose members may decide it. */
  approverGroups: string[];
  /** What applying it changes; after applying, with each change's status. */
  changes: RequestChange[];
  /** What the applier needs, as validated when the request was made. */
  payload: JsonObject;
  createdAt: string;
  updatedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  comment?: string;
  appliedAt?: string;
  /** Why applying failed; the request can be applied again. */
  error?: string;
  /** The scaffolder task that asked, when one did. */
  taskId?: string;
  events?: RequestEvent[];
}

/** What a plugin (or person) sends to ask for something. */
export interface NewRequest {
  kind: string;
  payload: JsonObject;
  reason: string;
  taskId?: string;
}

/** The list route's answer. */
export interface RequestList {
  items: GroundworkRequest[];
}

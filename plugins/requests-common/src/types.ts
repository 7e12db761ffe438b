import type { JsonObject } from '@backstage/types';

/**
 * Where a request stands. `requested` waits for a decision; an approved
 * request is applied at once and ends `applied` (in force), or `failed` (and
 * can be applied again); a rejected one changes nothing. An applied request
 * with an end ends `expired` when its time is up, or `revoked` when a person
 * ends it early, in both cases only once its revocation is verified.
 */
export type RequestState =
  | 'requested'
  | 'approved'
  | 'rejected'
  | 'applied'
  | 'failed'
  | 'expired'
  | 'revoked';

/** Every state, in the order a request moves through them. */
export const REQUEST_STATES: readonly RequestState[] = [
  'requested',
  'approved',
  'rejected',
  'applied',
  'failed',
  'expired',
  'revoked',
];

/** The kinds Groundwork ships appliers for; a module may add others. */
export const ACCESS_REQUEST_KIND = 'access';
export const WAIVER_REQUEST_KIND = 'waiver';
export const BUDGET_REQUEST_KIND = 'budget';

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
  action:
    | 'requested'
    | 'approved'
    | 'rejected'
    | 'applied'
    | 'apply-failed'
    /** The requester was told it ends within a day. */
    | 'expiry-notice'
    /** Revocation ran but did not hold (or could not be verified); retried. */
    | 'revoke-failed'
    | 'expired'
    | 'revoked';
  comment?: string;
}

/**
 * A change one person asks for and another decides: access (a persona's
 * grants, or a temporary grant that expires), a policy waiver, or a budget
 * change. Waivers, budgets and temporary access carry `expiresAt`.
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
  /** The catalog entity it concerns (a waiver's or budget's component, a system). */
  entityRef?: string;
  /** The environment it concerns, by its name in `groundwork.environments`. */
  environment?: string;
  /** When what it grants ends (ISO 8601, UTC); absent for grants that do not expire. */
  expiresAt?: string;
  /** When the requester was told it ends within a day. */
  expiryNoticeAt?: string;
  /** When it stopped applying: expiry or revocation, once verified. */
  endedAt?: string;
  /** The person who ended it early (entity ref). */
  revokedBy?: string;
  /** Why the last revocation attempt did not hold; retried until it does. */
  revokeError?: string;
  events?: RequestEvent[];
}

/** A waiver request's payload: one rule, for matching resources of one entity in one environment. */
export interface WaiverRequestPayload {
  entityRef: string;
  environment: string;
  /** Rule id, e.g. `GW-AWS-004` (a pack or team rule). */
  rule: string;
  /** Resource address pattern; `*` matches any run of characters. */
  resource: string;
  /** ISO 8601 instant it ends; at most `groundwork.requests.maxDuration` away. */
  expiresAt: string;
  /** The rule's title and severity, filled in by the applier for reviewers. */
  ruleTitle?: string;
  ruleSeverity?: string;
}

/** A budget request's payload: a monthly budget for one entity in one environment until a date. */
export interface BudgetRequestPayload {
  entityRef: string;
  environment: string;
  /** The new monthly budget, in the configured currency. */
  monthlyBudget: number;
  expiresAt: string;
  /** What config gives today (null: no budget), filled in by the applier for reviewers. */
  currentBudget?: number | null;
}

/**
 * A waiver or budget in force, as the governance gate and platform status
 * read them: only `applied` requests whose `expiresAt` is still ahead.
 */
export interface InForceWaiver extends WaiverRequestPayload {
  requestId: string;
  reason: string;
  requestedBy: string;
  approvedBy: string;
  approvedAt: string;
}

export interface InForceBudget extends BudgetRequestPayload {
  requestId: string;
  reason: string;
  requestedBy: string;
  approvedBy: string;
  approvedAt: string;
}

/** `GET /in-force?entityRef=&environment=`: what approved requests change now. */
export interface InForceList {
  waivers: InForceWaiver[];
  budgets: InForceBudget[];
}

/**
 * One person's access to one system in one environment, as the access
 * review shows it: where it comes from and whether GitHub agrees.
 */
export interface AccessReviewEntry {
  /** The person (entity ref), and their GitHub login. */
  person: string;
  githubLogin?: string;
  /** System entity ref, or the team, when the grant is a team's. */
  system: string;
  environment?: string;
  /** What the grant is, e.g. `github team acme/payments (member)`. */
  grant: string;
  /** Through a persona (the access repository) or a request. */
  via: { persona?: string; requestId?: string; file?: string };
  since?: string;
  until?: string;
  /** What GitHub reports for the membership the grant stands for. */
  github: 'member' | 'pending' | 'absent' | 'unknown';
  /** Present when the access repository and GitHub disagree, in words. */
  mismatch?: string;
}

/** `GET /access-review`: entries, and when GitHub was asked. */
export interface AccessReview {
  generatedAt: string;
  entries: AccessReviewEntry[];
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

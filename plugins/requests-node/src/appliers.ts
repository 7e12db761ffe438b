import {
  createExtensionPoint,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
  AccessReviewEntry,
  GroundworkRequest,
  RequestChange,
} from '@groundwork/plugin-requests-common';
import type { JsonObject } from '@backstage/types';

/**
 * Knows one kind of request: checks what is asked, says what approving it
 * changes, and applies it. The requests backend stores, shows and decides;
 * the applier is the only code that touches the outside world.
 */
export interface RequestApplier {
  /** The kind it handles, e.g. `access`. */
  kind: string;
  /**
   * Checks a payload when a request is made and returns it normalised;
   * throws an InputError saying what to fix. Runs again before applying.
   */
  validate(payload: unknown): Promise<JsonObject>;
  /**
   * What approving the request changes, derived from the payload alone so
   * that a reviewer reads what will happen, not what the requester says.
   */
  describe(payload: JsonObject): Promise<{
    title: string;
    /** The person it is about (entity ref), who may not decide it. */
    subject?: string;
    changes: RequestChange[];
    /** The catalog entity it concerns, for filters and the entity's page. */
    entityRef?: string;
    /** The environment it concerns. */
    environment?: string;
    /**
     * When what it grants ends (ISO 8601). The applier checks it against
     * the configured maximum in `validate`; the backend expires it then.
     */
    expiresAt?: string;
    /**
     * Who may decide it besides `groundwork.permissions.approverGroups`,
     * e.g. the entity's owner for a waiver outside production (group refs).
     */
    approverGroups?: string[];
  }>;
  /**
   * Applies an approved request. Idempotent: a failed request is applied
   * again from the start. Returns the changes with their status; throws
   * when it could not finish, after recording what it did.
   */
  apply(
    request: GroundworkRequest,
    options: { logger: LoggerService; signal?: AbortSignal },
  ): Promise<{ changes: RequestChange[] }>;
  /**
   * Takes back what `apply` granted, when the request expires or a person
   * ends it early, and checks that it is gone (e.g. the GitHub membership
   * answers 404). `verified: false`, or a throw, leaves the request in force
   * and the backend tries again on its next run. Idempotent. Kinds whose
   * effect ends on its own with `expiresAt` (waivers, budgets: the gate
   * reads only what is in force) need no `revoke`.
   */
  revoke?(
    request: GroundworkRequest,
    options: { logger: LoggerService; signal?: AbortSignal },
  ): Promise<{ changes: RequestChange[]; verified: boolean }>;
  /**
   * Who has access today through this kind, for the access review: what
   * the source of truth (e.g. the access repository) grants, compared with
   * what the outside system reports. `requests` are this kind's applied
   * requests, so that grants made by request are shown with their end.
   */
  review?(options: {
    requests: GroundworkRequest[];
    logger: LoggerService;
    signal?: AbortSignal;
  }): Promise<AccessReviewEntry[]>;
}

export interface RequestAppliersExtensionPoint {
  addApplier(applier: RequestApplier): void;
}

/** Modules of the requests plugin add the appliers of their kinds here. */
export const requestAppliersExtensionPoint =
  createExtensionPoint<RequestAppliersExtensionPoint>({
    id: 'groundwork.requests.appliers',
  });

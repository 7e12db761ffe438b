import {
  createExtensionPoint,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
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
}

export interface RequestAppliersExtensionPoint {
  addApplier(applier: RequestApplier): void;
}

/** Modules of the requests plugin add the appliers of their kinds here. */
export const requestAppliersExtensionPoint =
  createExtensionPoint<RequestAppliersExtensionPoint>({
    id: 'groundwork.requests.appliers',
  });

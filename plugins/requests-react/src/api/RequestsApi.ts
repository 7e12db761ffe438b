import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AccessReview,
  GroundworkRequest,
  InForceList,
  NewRequest,
  RequestState,
} from '@groundwork/plugin-requests-common';

/** The requests a person can see, and whether they may decide any. */
export interface RequestListResponse {
  items: GroundworkRequest[];
  canDecide: boolean;
}

/** Talks to the requests backend as the signed-in person. */
export interface RequestsApi {
  list(query?: { states?: RequestState[] }): Promise<RequestListResponse>;
  get(id: string): Promise<GroundworkRequest>;
  /** Asks for something: a waiver, a budget, temporary access. */
  create(request: NewRequest): Promise<GroundworkRequest>;
  approve(id: string, comment?: string): Promise<GroundworkRequest>;
  reject(id: string, comment: string): Promise<GroundworkRequest>;
  /** Applies a failed request again. */
  apply(id: string): Promise<GroundworkRequest>;
  /** Ends an applied request before it expires (an approver, or its requester). */
  revoke(id: string, comment: string): Promise<GroundworkRequest>;
  /** Who has access where, and whether GitHub agrees; approvers only (403 otherwise). */
  accessReview(): Promise<AccessReview>;
  /** The waivers and budgets approved requests set now. */
  inForce(query?: {
    entityRef?: string;
    environment?: string;
  }): Promise<InForceList>;
}

export const requestsApiRef = createApiRef<RequestsApi>({
  id: 'plugin.groundwork.requests',
});

import { createApiRef } from '@backstage/core-plugin-api';
import type {
  GroundworkRequest,
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
  approve(id: string, comment?: string): Promise<GroundworkRequest>;
  reject(id: string, comment: string): Promise<GroundworkRequest>;
  /** Applies a failed request again. */
  apply(id: string): Promise<GroundworkRequest>;
}

export const requestsApiRef = createApiRef<RequestsApi>({
  id: 'plugin.groundwork.requests',
});

import { useApiHolder } from '@backstage/core-plugin-api';
import { requestsApiRef } from '@groundwork/plugin-requests-react';

/**
 * Whether the app installed the requests plugin (its API is registered):
 * the "Request a waiver/budget" buttons, which open the requests plugin's
 * dialog, show only then. Without it platform status renders as before.
 */
export function useRequestsAvailable(): boolean {
  return useApiHolder().get(requestsApiRef) !== undefined;
}

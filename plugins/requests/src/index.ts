/**
 * Groundwork requests in the portal: what waits for a second person's
 * approval, and deciding it. This entry point serves apps on the legacy
 * frontend system; apps on the new one install
 * `@groundwork/plugin-requests/alpha`.
 *
 * @packageDocumentation
 */

export {
  requestsPlugin,
  RequestsPage,
  EntityRequestAccessCard,
} from './plugin';
export { requestsApiRef } from './api/RequestsApi';
export type { RequestsApi, RequestListResponse } from './api/RequestsApi';
export { RequestsClient } from './api/RequestsClient';
export { HomePageMyRequests } from './components/HomePageMyRequests';
// Re-exported from the -react package for apps that import them from here;
// other plugins import them from @groundwork/plugin-requests-react.
export {
  RequestWaiverButton,
  RequestBudgetButton,
  RequestAccessButton,
  NewRequestDialog,
  buildNewRequest,
  validateRequestForm,
  type RequestFormValues,
} from '@groundwork/plugin-requests-react';

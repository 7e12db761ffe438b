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
export {
  RequestWaiverButton,
  RequestBudgetButton,
  RequestAccessButton,
} from './components/RequestButtons';
export { NewRequestDialog } from './components/NewRequestDialog';
export {
  buildNewRequest,
  validateRequestForm,
  type RequestFormValues,
} from './lib/requestForm';

/**
 * What other plugins need to let people ask for something through
 * Groundwork requests: the API ref, the "New request" dialog and the
 * prefilled "Request a waiver / budget / access" buttons. The buttons work
 * only where `@groundwork/plugin-requests` is installed (it registers the
 * API); check with `useApiHolder().get(requestsApiRef)`.
 *
 * @packageDocumentation
 */

export { requestsApiRef } from './api/RequestsApi';
export type { RequestsApi, RequestListResponse } from './api/RequestsApi';
export { NewRequestDialog } from './components/NewRequestDialog';
export {
  RequestWaiverButton,
  RequestBudgetButton,
  RequestAccessButton,
} from './components/RequestButtons';
export {
  buildNewRequest,
  validateRequestForm,
  expiresAtOf,
  type RequestFormValues,
  type RequestFormErrors,
  type FormKind,
} from './lib/requestForm';
export { errorMessage } from './lib/errorMessage';

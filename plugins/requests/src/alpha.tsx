/**
 * Groundwork requests for apps on the new frontend system.
 *
 * @packageDocumentation
 */

export { requestsPlugin as default } from './alpha/plugin';
export {
  requestAccessEntityCard,
  requestsApi,
  requestsPage,
} from './alpha/extensions';

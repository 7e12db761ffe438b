// The API's ref and type live in the -react package, so other plugins can
// use them without importing this plugin.
export {
  requestsApiRef,
  type RequestsApi,
  type RequestListResponse,
} from '@groundwork/plugin-requests-react';

/**
 * What Groundwork's backend tests share.
 *
 * @packageDocumentation
 */
export { actorPreservingMockAuth } from './auth';
export {
  groundworkPermissionFeatures,
  userInfoFromMemberships,
} from './permissions';
export { createTestCatalog, type TestCatalog } from './catalog';
export { testComponent, testEnvironmentsConfig } from './platformStatus';
export {
  startBackendWithManualTasks,
  startPlatformStatusBackend,
} from './tasks';

/**
 * Groundwork platform status: environments, delivery, cost and compliance
 * on every catalog entity, and a portfolio page.
 *
 * This entry point serves apps on the legacy frontend system and holds what
 * both systems share (the API and the availability check). Apps on the new
 * frontend system install `@groundwork/plugin-platform-status/alpha`.
 *
 * @packageDocumentation
 */

export {
  platformStatusPlugin,
  EntityPlatformStatusCard,
  EntityPlatformStatusContent,
  PlatformStatusPage,
} from './plugin';
export { platformStatusApiRef } from './api/PlatformStatusApi';
export type { PlatformStatusApi, OverviewQuery } from './api/PlatformStatusApi';
export { PlatformStatusClient } from './api/PlatformStatusClient';
export { isPlatformStatusAvailable } from './lib/availability';
export { HomePageNeedsAttention } from './components/HomePageNeedsAttention/HomePageNeedsAttention';

/**
 * Groundwork platform status for apps on the new frontend system.
 *
 * @packageDocumentation
 */

export { platformStatusPlugin as default } from './alpha/plugin';
export {
  platformStatusApi,
  platformStatusEntityCard,
  platformStatusEntityContent,
  platformStatusPage,
  platformStatusRollupCard,
} from './alpha/extensions';

/**
 * Groundwork platform-status backend plugin.
 *
 * @packageDocumentation
 */

export { platformStatusPlugin as default } from './plugin';

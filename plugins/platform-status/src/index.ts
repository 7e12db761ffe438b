/**
 * Groundwork platform status: environments, delivery, cost and compliance
 * on every catalog entity.
 *
 * @packageDocumentation
 */

export { platformStatusPlugin as default } from './plugin';

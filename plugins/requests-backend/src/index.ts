/**
 * Groundwork requests backend: changes asked for by one person and approved
 * by another.
 *
 * @packageDocumentation
 */
export { requestsPlugin as default } from './plugin';
export { requestsClockServiceRef, type RequestsClock } from './service/clock';

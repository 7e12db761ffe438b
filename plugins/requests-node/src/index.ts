/**
 * What other backend plugins use with Groundwork requests.
 *
 * @packageDocumentation
 */
export * from './appliers';
export * from './requestsService';

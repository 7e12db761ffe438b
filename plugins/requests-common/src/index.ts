/**
 * Types shared by the Groundwork requests plugin's front and back end.
 *
 * @packageDocumentation
 */
export * from './types';

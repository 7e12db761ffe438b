/**
 * Types, annotations, Argo CD labels and permissions shared by the
 * Groundwork platform-status front end, back end and the scaffolder
 * actions that report into it.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './findings';
export * from './reports';
export * from './status';
export * from './drift';
export * from './permissions';
export * from './rollup';

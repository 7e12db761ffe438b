/**
 * What Groundwork's backend plugins share: asking the permission framework
 * whether a person may change an entity or a production environment, with
 * errors that say who may instead.
 *
 * @packageDocumentation
 */
export * from './authorize';
export * from './migrations';
export * from './permissionsConfig';

/**
 * What Groundwork's backend plugins share: asking the permission framework
 * whether a person may change an entity or a production environment, with
 * errors that say who may instead; and the GitHub client every plugin uses,
 * with one retry and rate-limit policy.
 *
 * @packageDocumentation
 */
export * from './authorize';
export * from './github';
export * from './migrations';
export * from './permissionsConfig';
export * from './retry';
export * from './terraform';

/**
 * Groundwork's suite-wide vocabulary: the permissions its plugins ask the
 * permission framework about.
 *
 * @packageDocumentation
 */
export * from './permissions';

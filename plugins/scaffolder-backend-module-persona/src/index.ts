/**
 * Groundwork scaffolder module: persona.
 *
 * @packageDocumentation
 */

export { scaffolderModulePersona as default } from './module';

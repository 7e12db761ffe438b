/**
 * Groundwork scaffolder module: argocd.
 *
 * @packageDocumentation
 */

export { scaffolderModuleArgocd as default } from './module';

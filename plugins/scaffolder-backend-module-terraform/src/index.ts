/**
 * Groundwork scaffolder module: terraform.
 *
 * @packageDocumentation
 */

export { scaffolderModuleTerraform as default } from './module';

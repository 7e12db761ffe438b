/**
 * Groundwork's suite-wide scaffolder module: the `hcl` template filter and
 * the groundwork:entity:require-new action.
 *
 * @packageDocumentation
 */

export { scaffolderModuleGroundwork as default } from './module';
export {
  createRequireNewEntityAction,
  parseNewEntityRef,
} from './actions/requireNewEntity';
export type { RequireNewEntityActionOptions } from './actions/requireNewEntity';
export { hclTemplateFilter } from './filters/hcl';
export {
  CHOOSABLE_ADDONS,
  PLATFORM_ADDONS,
  platformAddonsFor,
  platformAddonsKustomize,
  platformAddonsProjectSpec,
} from './globals/platformAddons';
export type { ClusterKind, PlatformAddon } from './globals/platformAddons';

/**
 * What other workspace packages reuse of the templates' test setup:
 * `packages/journeys` registers these templates in a real catalog and runs
 * them with the real actions, against the same test portal's environments
 * and catalog entities as the dry runs here.
 *
 * @packageDocumentation
 */

export {
  CENTRAL_ARGOCD_ROLE,
  ENVIRONMENTS,
  TEMPLATES_DIR,
  TEMPLATE_NAMES,
  TEST_CONFIG,
  loadTemplate,
} from './testing/portal';
export { ENTITIES } from './testing/catalog';
export { cloudOf } from './testing/cloud';

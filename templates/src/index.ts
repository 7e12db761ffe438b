/**
 * What other workspace packages reuse of the templates' test setup:
 * `packages/journeys` registers these templates in a real catalog and runs
 * them with the real actions, against the same test portal's environments
 * and catalog entities as the dry runs here.
 *
 * @packageDocumentation
 */

export {
  ENVIRONMENTS,
  TEMPLATES_DIR,
  TEMPLATE_NAMES,
  TEST_CONFIG,
  loadTemplate,
} from './__testUtils__/scaffolder';
export { ENTITIES } from './__testUtils__/catalog';
export { cloudOf } from './__testUtils__/cloud';

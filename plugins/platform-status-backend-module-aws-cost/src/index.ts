/**
 * AWS Cost Explorer actuals for Groundwork platform status.
 *
 * @packageDocumentation
 */

export { platformStatusModuleAwsCost as default } from './module';
export { AwsCostExplorerSource } from './AwsCostExplorerSource';
export type { AwsCostExplorerConfig } from './config';

/**
 * Terraform drift for Groundwork platform status: HCP Terraform health
 * assessments, and a `terraform plan -refresh-only` runner.
 *
 * @packageDocumentation
 */

export { platformStatusModuleTerraformDrift as default } from './module';
export { HcpAssessmentSource } from './HcpAssessmentSource';
export type { HcpAssessmentOptions } from './HcpAssessmentSource';
export {
  CliRefreshOnlySource,
  backendForLocation,
} from './cli/CliRefreshOnlySource';
export type { StackCode } from './cli/CliRefreshOnlySource';
export { runRefreshOnly, refreshOnlyCommands } from './cli/refreshOnly';
export type { CliSettings } from './cli/refreshOnly';
export { driftedResources } from './resourceDrift';
export { readCliSettings, readHcpSettings } from './config';

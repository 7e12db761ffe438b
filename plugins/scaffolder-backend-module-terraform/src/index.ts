/**
 * Groundwork scaffolder module: `terraform:apply`, a governed Terraform run
 * (plan, policy and budget gate, apply) behind a template step, locally or
 * on HCP Terraform / Terraform Enterprise.
 *
 * @packageDocumentation
 */

export { scaffolderModuleTerraform as default } from './module';
export { createTerraformApplyAction } from './actions/terraformApply';
export type { TerraformApplyActionOptions } from './actions/terraformApply';
export { readTerraformConfig } from './config';
export type { TerraformConfig } from './config';
export { infrastructureRunReportFromGovernance } from './report/fromGovernance';
export type { RunDetails } from './report/fromGovernance';

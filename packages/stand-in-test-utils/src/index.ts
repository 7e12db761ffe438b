/**
 * Stand-ins for the systems Groundwork talks to but that cannot run on a
 * test machine. Each one checks what it receives against the real contract
 * (vendored in `contracts/`, `@octokit/openapi`, Kubernetes schemas).
 * Real Terraform plans to feed them are vendored in `fixtures/terraform-plans/`.
 *
 * @packageDocumentation
 */

export * from './argocd';
export * from './github/repos';
export * from './contract';
export { contractPath, planFixturePath } from './vendored';
export { clusterPolicyProblems } from './kyverno/clusterPolicy';
export { customResourceProblems, hasVendoredCrd } from './customResource';
export { validateKubernetesObjects } from './kubernetesSchemas';
export * from './kubernetes';
export * from './github';
export * from './github/hosting';
export { createTerraformStandIn, generatePlanDocument } from './terraform';
export type {
  TerraformStandIn,
  TerraformStandInOptions,
  TerraformCall,
} from './terraform';
export { HcpStandIn } from './hcp/HcpStandIn';
export type { HcpStandInOptions, HcpRun } from './hcp/HcpStandIn';
export { HCP_TERRAFORM_API } from './hcp/contract';
export * from './aws';
export { PortalStandIns, DEFAULT_NEWCOMERS } from './portal/portalStandIns';
export type {
  PortalStandInsOptions,
  PortalStandInsReport,
} from './portal/portalStandIns';
export { SlackStandIn } from './slack/SlackStandIn';
export type { SlackMessage, SlackStandInOptions } from './slack/SlackStandIn';

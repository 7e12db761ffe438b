export { KubernetesApiStandIn } from './KubernetesApiStandIn';
export type {
  KubernetesCall,
  KubernetesStandInIdentity,
  KubernetesStandInOptions,
} from './KubernetesApiStandIn';
export { policyReportProblems } from './policyReportSchema';
export type { PolicyReportResource } from './policyReportSchema';

/** Regions are read from the plan; see plan/region.ts. */
export {
  awsRegion,
  azureRegion,
  gcpRegion,
  DEFAULT_AWS_REGION,
} from '../plan/region';
export type { ResolvedRegion } from '../plan/region';

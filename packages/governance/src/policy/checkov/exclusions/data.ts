import type { CoverageExclusion } from './types';

/** Checkov checks in this area that have no Groundwork rule, and why. */
export const EXCLUSIONS: readonly CoverageExclusion[] = [
  {
    checkov: 'CKV_AWS_96',
    reason: 'duplicate',
    coveredBy: 'GW-AWS-011',
    note: 'Checkov asks whether an aws_rds_cluster has storage_encrypted = true; GW-AWS-011 already judges storage_encrypted on aws_rds_cluster, Aurora included.',
  },
  {
    checkov: 'CKV_AWS_143',
    reason: 'judged-wrong',
    note: 'The check only reads the AWS provider v3 inline object_lock_configuration.object_lock_enabled, whose only valid value is "Enabled", so it cannot fail on a configuration Terraform accepts. Requiring WORM object lock on every bucket would also block ordinary deletes; the pack leaves it to buckets that need retention.',
  },
];

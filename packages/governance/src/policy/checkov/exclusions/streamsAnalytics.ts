import type { CoverageExclusion } from './types';

/** Checkov checks in this area that have no Groundwork rule, and why. */
export const EXCLUSIONS: readonly CoverageExclusion[] = [
  {
    checkov: 'CKV_AWS_114',
    reason: 'judged-wrong',
    note:
      'realm is a required argument of kerberos_attributes in the AWS provider, so every valid plan ' +
      'with the block already has it; the check cannot fail on a plan Terraform accepts.',
  },
];

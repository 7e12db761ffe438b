import { EXCLUSIONS as azure } from './azure';
import { EXCLUSIONS as computeNetwork } from './computeNetwork';
import { EXCLUSIONS as data } from './data';
import { EXCLUSIONS as identityAudit } from './identityAudit';
import { EXCLUSIONS as streamsAnalytics } from './streamsAnalytics';
import { EXCLUSIONS as finops } from './finops';
import { EXCLUSIONS as gcp } from './gcp';
import { EXCLUSIONS as graph } from './graph';
import type { CoverageExclusion } from './types';

export type { CoverageExclusion, ExclusionReason } from './types';

/** Every line of the coverage table that says why a check has no rule. */
export const EXCLUSIONS: readonly CoverageExclusion[] = [
  ...computeNetwork,
  ...data,
  ...streamsAnalytics,
  ...identityAudit,
  ...gcp,
  ...azure,
  ...graph,
  ...finops,
];

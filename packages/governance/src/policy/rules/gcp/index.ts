import {
  gcpBlockProjectSshKeys,
  gcpDefaultServiceAccount,
  gcpFirewallAdminPorts,
  gcpNoPublicIp,
  gcpShieldedVm,
} from './compute';
import { cloudSqlPublicNetwork } from './sql';
import { gcpPublicIamMember, gcsUniformAccess } from './storage';
import type { Rule } from '../../types';

/** The Google Cloud rules. */
export const GCP_RULES: readonly Rule[] = [
  gcpNoPublicIp,
  gcpShieldedVm,
  gcpBlockProjectSshKeys,
  gcpDefaultServiceAccount,
  gcpFirewallAdminPorts,
  gcsUniformAccess,
  gcpPublicIamMember,
  cloudSqlPublicNetwork,
];

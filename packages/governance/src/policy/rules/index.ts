import type { Rule } from '../types';
import { budgetDefined } from './aws/budgets';
import {
  cloudtrailKms,
  cloudtrailLogging,
  cloudtrailMultiRegion,
  cloudtrailValidation,
} from './aws/cloudtrail';
import { imdsV2 } from './aws/ec2';
import { ecrImmutableTags, ecrScanOnPush } from './aws/ecr';
import {
  eksControlPlaneLogging,
  eksPublicEndpoint,
  eksSecretsEncryption,
} from './aws/eks';
import { iamAdminPolicy } from './aws/iam';
import { kmsRotation } from './aws/kms';
import { lbHttps, lbTlsPolicy } from './aws/loadBalancers';
import { snsEncryption } from './aws/messaging';
import {
  rdsBackupRetention,
  rdsDeletionProtection,
  rdsEncryption,
  rdsMultiAz,
  rdsPublicAccess,
} from './aws/rds';
import {
  s3AccessLogging,
  s3Encryption,
  s3PublicAccessBlock,
  s3PublicAcl,
  s3Versioning,
} from './aws/s3';
import {
  lambdaEnvironmentSecrets,
  userDataSecrets,
  variableDefaultSecrets,
} from './aws/secrets';
import { adminPortsFromWorld, allPortsFromWorld } from './aws/securityGroups';
import {
  dynamodbPitr,
  ebsVolumeEncryption,
  efsEncryption,
  elasticacheEncryption,
  instanceVolumeEncryption,
} from './aws/storage';
import { mandatoryTags } from './aws/tags';
import { vpcFlowLogs } from './aws/vpc';
import { linuxVmPasswordAuth, keyVaultPurgeProtection } from './azure/compute';
import { firewallThreatIntel, nsgAdminPorts } from './azure/network';
import {
  storageHttpsOnly,
  storageMinTls,
  storageNoPublicBlobs,
} from './azure/storage';
import {
  gcpBlockProjectSshKeys,
  gcpDefaultServiceAccount,
  gcpFirewallAdminPorts,
  gcpNoPublicIp,
  gcpShieldedVm,
} from './gcp/compute';
import { cloudSqlPublicNetwork } from './gcp/sql';
import { gcpPublicIamMember, gcsUniformAccess } from './gcp/storage';
import {
  externalDataSource,
  localExecProvisioner,
  remoteExecProvisioner,
  remoteStateDataSource,
} from './terraform/codeExecution';

const ALL: Rule[] = [
  mandatoryTags,
  adminPortsFromWorld,
  allPortsFromWorld,
  s3PublicAccessBlock,
  s3Encryption,
  s3Versioning,
  s3AccessLogging,
  s3PublicAcl,
  ebsVolumeEncryption,
  instanceVolumeEncryption,
  rdsEncryption,
  rdsPublicAccess,
  rdsBackupRetention,
  rdsMultiAz,
  rdsDeletionProtection,
  efsEncryption,
  kmsRotation,
  imdsV2,
  cloudtrailMultiRegion,
  cloudtrailValidation,
  cloudtrailLogging,
  cloudtrailKms,
  vpcFlowLogs,
  eksPublicEndpoint,
  eksSecretsEncryption,
  eksControlPlaneLogging,
  lbHttps,
  lbTlsPolicy,
  iamAdminPolicy,
  lambdaEnvironmentSecrets,
  userDataSecrets,
  variableDefaultSecrets,
  ecrScanOnPush,
  ecrImmutableTags,
  dynamodbPitr,
  budgetDefined,
  snsEncryption,
  elasticacheEncryption,
  gcpNoPublicIp,
  gcpShieldedVm,
  gcpBlockProjectSshKeys,
  gcpDefaultServiceAccount,
  gcpFirewallAdminPorts,
  gcsUniformAccess,
  gcpPublicIamMember,
  cloudSqlPublicNetwork,
  nsgAdminPorts,
  storageMinTls,
  storageHttpsOnly,
  storageNoPublicBlobs,
  linuxVmPasswordAuth,
  keyVaultPurgeProtection,
  firewallThreatIntel,
  externalDataSource,
  localExecProvisioner,
  remoteExecProvisioner,
  remoteStateDataSource,
];

/** Every rule of the pack, ordered by id. */
export const RULES: readonly Rule[] = [...ALL].sort((a, b) =>
  a.id.localeCompare(b.id),
);

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(
  RULES.map(r => [r.id, r]),
);

if (RULES_BY_ID.size !== RULES.length) {
  throw new Error(
    'Two policy rules share an id; rule ids must be unique and stable.',
  );
}

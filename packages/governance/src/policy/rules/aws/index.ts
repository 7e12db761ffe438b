import { budgetDefined } from './budgets';
import {
  cloudtrailKms,
  cloudtrailLogging,
  cloudtrailMultiRegion,
  cloudtrailValidation,
} from './cloudtrail';
import { imdsV2 } from './ec2';
import { ecrImmutableTags, ecrScanOnPush } from './ecr';
import {
  eksControlPlaneLogging,
  eksPublicEndpoint,
  eksSecretsEncryption,
} from './eks';
import { iamAdminPolicy } from './iam';
import { kmsRotation } from './kms';
import { lbHttps, lbTlsPolicy } from './loadBalancers';
import { snsEncryption } from './messaging';
import {
  rdsBackupRetention,
  rdsDeletionProtection,
  rdsEncryption,
  rdsMultiAz,
  rdsPublicAccess,
} from './rds';
import {
  s3AccessLogging,
  s3Encryption,
  s3PublicAccessBlock,
  s3PublicAcl,
  s3Versioning,
} from './s3';
import {
  lambdaEnvironmentSecrets,
  userDataSecrets,
  variableDefaultSecrets,
} from './secrets';
import { adminPortsFromWorld, allPortsFromWorld } from './securityGroups';
import {
  dynamodbPitr,
  ebsVolumeEncryption,
  efsEncryption,
  elasticacheEncryption,
  instanceVolumeEncryption,
} from './storage';
import { mandatoryTags } from './tags';
import { vpcFlowLogs } from './vpc';
import { AWS_COMPUTE_NETWORK_RULES } from './computeNetwork';
import { AWS_DATA_RULES } from './data';
import { AWS_IDENTITY_AUDIT_RULES } from './identityAudit';
import { AWS_STREAMS_ANALYTICS_RULES } from './streamsAnalytics';
import type { Rule } from '../../types';

/** The AWS rules: the founding pack, then one list per area. */
export const AWS_RULES: readonly Rule[] = [
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
  ...AWS_COMPUTE_NETWORK_RULES,
  ...AWS_DATA_RULES,
  ...AWS_STREAMS_ANALYTICS_RULES,
  ...AWS_IDENTITY_AUDIT_RULES,
];

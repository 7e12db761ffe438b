import {
  bigQueryDatasetCmek,
  bigQueryDatasetNotPublic,
  bigQueryTableDeletionProtection,
} from './bigquery';
import {
  gcsAccessLogging,
  gcsPublicAccessPrevention,
  gcsVersioning,
} from './buckets';
import {
  gcpBlockProjectSshKeys,
  gcpDefaultServiceAccount,
  gcpFirewallAdminPorts,
  gcpNoPublicIp,
  gcpShieldedVm,
} from './compute';
import { dnsSec, dnsSecNoRsaSha1 } from './dns';
import {
  gcpFirewallDatabasePorts,
  gcpFirewallFtp,
  gcpFirewallHttp,
} from './firewall';
import { cloudFunctionIngress, gcpPublicIamMoreTypes } from './functions';
import {
  gkeBinaryAuthorization,
  gkeClusterLabels,
  gkeControlPlaneAccess,
  gkeGoogleGroupsRbac,
  gkeSeparateNodePools,
  gkeIntegrityMonitoring,
  gkeIntranodeVisibility,
  gkeLegacyAbacOff,
  gkeLogging,
  gkeMetadataServer,
  gkeMonitoring,
  gkeNetworkPolicy,
  gkeNoClientCertificate,
  gkeNodeAutoRepair,
  gkeNodeAutoUpgrade,
  gkePrivateNodes,
  gkeReleaseChannel,
  gkeSecureBoot,
  gkeShieldedNodes,
} from './gke';
import {
  gcpNoBasicRoles,
  gcpNoBroadImpersonation,
  gcpNoDefaultServiceAccountGrants,
  gcpServiceAccountNotAdmin,
} from './iam';
import {
  gcpInstanceOsLoginKept,
  gcpNoIpForwarding,
  gcpNoSerialPort,
  gcpProjectOsLogin,
} from './instances';
import {
  dataFusionObservability,
  gcpCustomerManagedKeys,
  gcpManagedWorkersPrivate,
  notebookShieldedVm,
} from './managed';
import { kmsKeyNotPublic, kmsKeyRotation } from './kms';
import {
  bigtableDeletionProtection,
  dataprocInternalIpOnly,
  gcpSslPolicyStrong,
  gkeContainerOptimizedOs,
  gkeVpcNative,
  spannerDeletionProtection,
  spannerDropProtection,
  workloadIdentityProviderCondition,
} from './platform';
import { redisAuth, redisTransitEncryption } from './redis';
import { cloudSqlPublicNetwork } from './sql';
import {
  mysqlLocalInfileOff,
  postgresLogCheckpoints,
  postgresLogConnections,
  postgresLogDisconnections,
  postgresLogLockWaits,
  postgresLogHostname,
  postgresLogMinDuration,
  postgresLogMinErrorStatement,
  postgresLogMinMessages,
  postgresLogStatement,
  postgresLogTempFiles,
  postgresPgAudit,
  sqlServerContainedAuthOff,
  sqlServerCrossDbChainingOff,
} from './sqlFlags';
import {
  cloudSqlBackups,
  cloudSqlNoPublicIp,
  cloudSqlRequireTls,
} from './sqlInstance';
import { gcpPublicIamMember, gcsUniformAccess } from './storage';
import {
  gcpProjectNoDefaultNetwork,
  gcpSubnetFlowLogs,
  gcpSubnetPrivateGoogleAccess,
} from './vpc';
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
  // Cloud SQL
  cloudSqlRequireTls,
  cloudSqlNoPublicIp,
  cloudSqlBackups,
  mysqlLocalInfileOff,
  postgresLogConnections,
  postgresLogDisconnections,
  postgresLogStatement,
  postgresLogMinDuration,
  postgresPgAudit,
  postgresLogLockWaits,
  postgresLogCheckpoints,
  sqlServerCrossDbChainingOff,
  sqlServerContainedAuthOff,
  // GKE
  gkePrivateNodes,
  gkeLegacyAbacOff,
  gkeNoClientCertificate,
  gkeNetworkPolicy,
  gkeMetadataServer,
  gkeSecureBoot,
  gkeIntegrityMonitoring,
  gkeShieldedNodes,
  gkeReleaseChannel,
  gkeNodeAutoUpgrade,
  gkeNodeAutoRepair,
  gkeLogging,
  gkeMonitoring,
  gkeControlPlaneAccess,
  gkeBinaryAuthorization,
  gkeIntranodeVisibility,
  // Compute Engine
  gcpNoSerialPort,
  gcpNoIpForwarding,
  gcpInstanceOsLoginKept,
  gcpProjectOsLogin,
  gcpFirewallDatabasePorts,
  gcpFirewallFtp,
  gcpFirewallHttp,
  // Networks and projects
  gcpSubnetFlowLogs,
  gcpSubnetPrivateGoogleAccess,
  gcpProjectNoDefaultNetwork,
  // Cloud Storage
  gcsPublicAccessPrevention,
  gcsVersioning,
  gcsAccessLogging,
  // KMS and IAM
  kmsKeyRotation,
  kmsKeyNotPublic,
  gcpNoBasicRoles,
  gcpNoBroadImpersonation,
  gcpServiceAccountNotAdmin,
  gcpNoDefaultServiceAccountGrants,
  // DNS, BigQuery, Memorystore, Cloud Functions
  dnsSec,
  dnsSecNoRsaSha1,
  bigQueryDatasetNotPublic,
  bigQueryDatasetCmek,
  bigQueryTableDeletionProtection,
  redisAuth,
  redisTransitEncryption,
  cloudFunctionIngress,
  gcpPublicIamMoreTypes,
  // Further Cloud SQL flags
  postgresLogMinMessages,
  postgresLogMinErrorStatement,
  postgresLogHostname,
  postgresLogTempFiles,
  // Load balancing, GKE images and networking, data stores, identity federation
  gcpSslPolicyStrong,
  gkeContainerOptimizedOs,
  gkeVpcNative,
  spannerDeletionProtection,
  spannerDropProtection,
  bigtableDeletionProtection,
  dataprocInternalIpOnly,
  workloadIdentityProviderCondition,
  // Customer-managed keys and managed services
  gcpCustomerManagedKeys,
  gcpManagedWorkersPrivate,
  dataFusionObservability,
  notebookShieldedVm,
  gkeSeparateNodePools,
  gkeClusterLabels,
  gkeGoogleGroupsRbac,
];

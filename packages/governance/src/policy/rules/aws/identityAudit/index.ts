import type { Rule } from '../../../types';
import {
  alarmActionsEnabled,
  cloudtrailSnsTopic,
  guarddutyEnabled,
  logGroupKms,
  logGroupRetentionSet,
  logGroupRetentionYear,
} from './audit';
import {
  iamCredentialsExposure,
  iamDataExfiltration,
  iamPermissionsManagement,
  iamPrivilegeEscalation,
  iamRestrictableOnStar,
  iamStarAction,
  iamUnconstrainedWrite,
} from './iamPolicies';
import {
  githubOidcTrust,
  noIamUsers,
  noUserPolicies,
  roleTrustNotPublic,
  roleTrustNotWholeAccount,
  rootAccessKey,
} from './iamPrincipals';
import {
  kmsKeyEnabled,
  kmsPolicyNotPublic,
  secretsManagerCmk,
  ssmParameterCmk,
} from './kmsSecrets';
import {
  passwordLowercase,
  passwordMaxAge,
  passwordMinLength,
  passwordNumbers,
  passwordReuse,
  passwordSymbols,
  passwordUppercase,
} from './passwordPolicy';

/** AWS identity and audit rules (KMS, secrets, IAM, Cognito, CloudTrail, CloudWatch, Config, GuardDuty, Security Hub, budgets). */
export const AWS_IDENTITY_AUDIT_RULES: readonly Rule[] = [
  cloudtrailSnsTopic,
  logGroupKms,
  logGroupRetentionSet,
  logGroupRetentionYear,
  alarmActionsEnabled,
  guarddutyEnabled,
  rootAccessKey,
  passwordMinLength,
  passwordLowercase,
  passwordNumbers,
  passwordReuse,
  passwordSymbols,
  passwordUppercase,
  passwordMaxAge,
  iamPrivilegeEscalation,
  iamCredentialsExposure,
  iamDataExfiltration,
  iamPermissionsManagement,
  iamUnconstrainedWrite,
  iamRestrictableOnStar,
  iamStarAction,
  roleTrustNotPublic,
  roleTrustNotWholeAccount,
  githubOidcTrust,
  noIamUsers,
  noUserPolicies,
  kmsKeyEnabled,
  kmsPolicyNotPublic,
  secretsManagerCmk,
  ssmParameterCmk,
];

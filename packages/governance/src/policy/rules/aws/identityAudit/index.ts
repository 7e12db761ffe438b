import type { Rule } from '../../../types';

/** AWS identity and audit rules (KMS, secrets, IAM, Cognito, CloudTrail, CloudWatch, Config, GuardDuty, Security Hub, budgets). */
export const AWS_IDENTITY_AUDIT_RULES: readonly Rule[] = [];

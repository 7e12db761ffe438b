import type { Rule } from '../../../types';

/** AWS data, identity and audit rules (S3, databases, caches, streams, queues, KMS, secrets, IAM, CloudTrail, CloudWatch, Config). */
export const AWS_DATA_IDENTITY_RULES: readonly Rule[] = [];

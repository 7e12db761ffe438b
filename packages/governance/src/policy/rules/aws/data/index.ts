import type { Rule } from '../../../types';

/** AWS data rules (S3, databases, caches, search, file systems, backups). */
export const AWS_DATA_RULES: readonly Rule[] = [];

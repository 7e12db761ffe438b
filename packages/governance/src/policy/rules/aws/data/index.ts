import type { Rule } from '../../../types';

/** AWS data rules (S3, databases, caches, search, streams, queues, backups, analytics). */
export const AWS_DATA_RULES: readonly Rule[] = [];

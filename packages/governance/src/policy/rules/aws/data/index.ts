import type { Rule } from '../../../types';
import { CACHE_RULES } from './caches';
import { DOCDB_NEPTUNE_RULES } from './docdbNeptune';
import { DYNAMODB_RULES } from './dynamodb';
import { SEARCH_RULES } from './opensearch';
import { RDS_RULES } from './rds';
import { REDSHIFT_RULES } from './redshift';
import { S3_RULES } from './s3';
import { STORAGE_BACKUP_RULES } from './storageBackup';

/** AWS data rules (S3, databases, caches, search, file systems, backups). */
export const AWS_DATA_RULES: readonly Rule[] = [
  ...S3_RULES,
  ...RDS_RULES,
  ...DYNAMODB_RULES,
  ...CACHE_RULES,
  ...DOCDB_NEPTUNE_RULES,
  ...REDSHIFT_RULES,
  ...SEARCH_RULES,
  ...STORAGE_BACKUP_RULES,
];

import type { Rule } from '../../types';
import {
  idleElasticIp,
  natPerVpc,
  previousGenerationInstance,
} from './compute';
import {
  bucketLifecycle,
  logGroupRetention,
  oversizedNonProductionDatabase,
} from './data';
import { gp2ToGp3, unattachedVolume } from './storage';

/** Rules that find money: each finding says what the change would save per month. */
export const FINOPS_RULES: readonly Rule[] = [
  gp2ToGp3,
  unattachedVolume,
  previousGenerationInstance,
  idleElasticIp,
  natPerVpc,
  oversizedNonProductionDatabase,
  logGroupRetention,
  bucketLifecycle,
];

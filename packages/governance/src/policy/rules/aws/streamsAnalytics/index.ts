import type { Rule } from '../../../types';

/** AWS streaming, messaging and analytics rules (Kinesis, Firehose, MSK, MQ, SNS, SQS, Athena, Glue, SageMaker, EMR, AppSync, Transfer). */
export const AWS_STREAMS_ANALYTICS_RULES: readonly Rule[] = [];

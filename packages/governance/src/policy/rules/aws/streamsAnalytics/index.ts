import type { Rule } from '../../../types';
import {
  athenaEncryption,
  athenaEnforceConfiguration,
  glueCatalogEncryption,
} from './analytics';
import { appsyncFieldLogs, appsyncLogging } from './appsync';
import {
  firehoseCmk,
  firehoseEncryption,
  kinesisStreamCmk,
  kinesisStreamEncryption,
} from './kinesis';
import {
  mqAuditLogs,
  mqCmk,
  mqCurrentVersion,
  mqGeneralLogs,
  mqMinorUpgrades,
  mqPrivate,
} from './mq';
import { mskEncryption, mskLogging, mskPrivate } from './msk';
import {
  sagemakerImdsV2,
  sagemakerInVpc,
  sagemakerKms,
  sagemakerNoDirectInternet,
  sagemakerNoRoot,
} from './sagemaker';
import {
  sqsEncryption,
  sqsPolicyNoAllActions,
  sqsPolicyNotPublic,
} from './sqs';
import {
  transferNotPublic,
  transferSecureProtocols,
  transferSecurityPolicy,
} from './transfer';

/** AWS streaming, messaging and analytics rules (Kinesis, Firehose, MSK, MQ, SNS, SQS, Athena, Glue, SageMaker, EMR, AppSync, Transfer). */
export const AWS_STREAMS_ANALYTICS_RULES: readonly Rule[] = [
  kinesisStreamEncryption,
  kinesisStreamCmk,
  firehoseEncryption,
  firehoseCmk,
  mskEncryption,
  mskLogging,
  mskPrivate,
  mqPrivate,
  mqGeneralLogs,
  mqAuditLogs,
  mqMinorUpgrades,
  mqCmk,
  mqCurrentVersion,
  sqsEncryption,
  sqsPolicyNotPublic,
  sqsPolicyNoAllActions,
  athenaEncryption,
  athenaEnforceConfiguration,
  glueCatalogEncryption,
  sagemakerNoDirectInternet,
  sagemakerKms,
  sagemakerInVpc,
  sagemakerNoRoot,
  sagemakerImdsV2,
  appsyncLogging,
  appsyncFieldLogs,
  transferNotPublic,
  transferSecureProtocols,
  transferSecurityPolicy,
];

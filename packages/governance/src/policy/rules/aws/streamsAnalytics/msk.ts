import { blocks, maskHidesAnyAt } from '../../../../plan/values';
import {
  fail,
  hiddenUntilApply,
  pass,
  resourceRule,
  worstOf,
} from '../../helpers';
import { expectValue, isTrueValue, tfDoc } from '../identityAudit/support';

export const mskEncryption = resourceRule(
  {
    id: 'GW-AWS-305',
    title:
      'MSK clusters encrypt traffic between clients, brokers and within the cluster',
    severity: 'high',
    resourceTypes: ['aws_msk_cluster'],
    rationale:
      "Kafka traffic carries the application's events; plaintext between clients and brokers, or " +
      'between brokers, can be read by anything on the network path.',
    remediation: {
      text: 'Keep encryption_in_transit.client_broker = "TLS" and in_cluster = true (both are the defaults).',
      terraform:
        'resource "aws_msk_cluster" "events" {\n  cluster_name           = "events"\n  kafka_version          = "3.6.0"\n  number_of_broker_nodes = 3\n  encryption_info {\n    encryption_at_rest_kms_key_arn = aws_kms_key.msk.arn\n    encryption_in_transit {\n      client_broker = "TLS"\n      in_cluster    = true\n    }\n  }\n}',
    },
    references: { checkov: ['CKV_AWS_81'], docs: [tfDoc('aws_msk_cluster')] },
  },
  (cluster, ctx) => {
    const transit = ['encryption_info', 0, 'encryption_in_transit', 0];
    const worst = worstOf([
      expectValue(ctx, cluster, [...transit, 'client_broker'], {
        label: 'encryption_info.encryption_in_transit.client_broker',
        compliant: v => v === 'TLS',
        providerDefault: 'TLS',
        passMessage: 'client_broker is TLS',
        failMessage:
          'encryption_in_transit.client_broker allows plaintext; set it to "TLS"',
      }),
      expectValue(ctx, cluster, [...transit, 'in_cluster'], {
        label: 'encryption_info.encryption_in_transit.in_cluster',
        compliant: isTrueValue,
        providerDefault: true,
        passMessage: 'in_cluster is true',
        failMessage:
          'encryption_in_transit.in_cluster is false; set it to true',
      }),
    ]);
    return (
      worst ??
      pass(
        'Encrypted in transit (client_broker TLS, in_cluster true); at rest always',
      )
    );
  },
);

const LOG_SINKS = ['cloudwatch_logs', 'firehose', 's3'];

export const mskLogging = resourceRule(
  {
    id: 'GW-AWS-306',
    title: 'MSK clusters send broker logs somewhere',
    severity: 'medium',
    resourceTypes: ['aws_msk_cluster'],
    rationale:
      'Broker logs are the record of authentication failures and client errors; without them an ' +
      'incident on the cluster cannot be investigated.',
    remediation: {
      text: 'Add logging_info.broker_logs with at least one sink enabled.',
      terraform:
        'resource "aws_msk_cluster" "events" {\n  cluster_name = "events"\n  logging_info {\n    broker_logs {\n      cloudwatch_logs {\n        enabled   = true\n        log_group = aws_cloudwatch_log_group.msk.name\n      }\n    }\n  }\n}',
    },
    references: { checkov: ['CKV_AWS_80'], docs: [tfDoc('aws_msk_cluster')] },
  },
  (cluster, ctx) => {
    const read = ctx.read(cluster, ['logging_info', 0, 'broker_logs', 0]);
    if (read.state === 'unknown')
      return hiddenUntilApply('logging_info.broker_logs');
    const logs = blocks(read.value)[0];
    const on = LOG_SINKS.filter(s =>
      blocks(logs?.[s]).some(b => isTrueValue(b.enabled ?? false)),
    );
    if (on.length > 0) return pass(`Broker logs go to ${on.join(', ')}`);
    // enabled = var.x inside a sink block: not known to be off.
    if (maskHidesAnyAt(cluster.afterUnknown, ['logging_info']))
      return hiddenUntilApply('logging_info.broker_logs');
    return fail(
      'No logging_info.broker_logs sink is enabled; enable cloudwatch_logs, firehose or s3',
    );
  },
);

export const mskPrivate = resourceRule(
  {
    id: 'GW-AWS-307',
    title: 'MSK brokers have no public IP addresses',
    severity: 'critical',
    resourceTypes: ['aws_msk_cluster'],
    rationale:
      'Public broker endpoints put the Kafka listeners on the internet, leaving authentication as ' +
      'the only barrier to the event data.',
    remediation: {
      text: 'Leave connectivity_info.public_access.type at "DISABLED" and reach brokers through the VPC.',
      terraform:
        'resource "aws_msk_cluster" "events" {\n  cluster_name = "events"\n  broker_node_group_info {\n    instance_type   = "kafka.m5.large"\n    client_subnets  = var.private_subnet_ids\n    security_groups = [aws_security_group.msk.id]\n    connectivity_info {\n      public_access {\n        type = "DISABLED"\n      }\n    }\n  }\n}',
    },
    references: { checkov: ['CKV_AWS_291'], docs: [tfDoc('aws_msk_cluster')] },
  },
  (cluster, ctx) =>
    expectValue(
      ctx,
      cluster,
      [
        'broker_node_group_info',
        0,
        'connectivity_info',
        0,
        'public_access',
        0,
        'type',
      ],
      {
        label: 'broker_node_group_info.connectivity_info.public_access.type',
        compliant: v => v !== 'SERVICE_PROVIDED_EIPS',
        providerDefault: 'DISABLED',
        passMessage:
          'Brokers are private: public_access.type is not SERVICE_PROVIDED_EIPS',
        failMessage:
          'connectivity_info.public_access.type is SERVICE_PROVIDED_EIPS; set it to "DISABLED"',
      },
    ),
);

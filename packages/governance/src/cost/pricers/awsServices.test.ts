import { planOf, ResourceSpec } from '../../__testUtils__/plans';
import { estimateCost } from '../estimate';
import type { EstimateOptions } from '../types';

/** Estimates one plan (us-east-1 unless a region is given) and returns a line getter. */
function estimate(
  specs: ResourceSpec[],
  options: EstimateOptions = {},
  region = 'us-east-1',
) {
  const e = estimateCost(
    planOf(specs, { aws: { region: { constant_value: region } } }),
    options,
  );
  return (address: string) => {
    const l = e.resources.find(r => r.address === address);
    if (!l) throw new Error(`no line for ${address}`);
    return l;
  };
}

const parts = (l: {
  components: Array<{ quantity: number; unitPrice: number; monthly: number }>;
}) => l.components.map(c => [c.quantity, c.unitPrice, c.monthly]);

describe('AWS container, database and analytics services', () => {
  const line = estimate(
    [
      {
        type: 'aws_ecs_task_definition',
        name: 'app',
        after: { family: 'app', cpu: '512', memory: '1024' },
      },
      {
        type: 'aws_ecs_service',
        name: 'web',
        after: { launch_type: 'FARGATE', desired_count: 3 },
        unknown: { task_definition: true },
        config: {
          task_definition: {
            references: [
              'aws_ecs_task_definition.app.arn',
              'aws_ecs_task_definition.app',
            ],
          },
        },
      },
      {
        type: 'aws_ecs_service',
        name: 'orphan',
        after: {
          launch_type: 'FARGATE',
          desired_count: 1,
          task_definition: 'arn:aws:ecs:elsewhere',
        },
      },
      {
        type: 'aws_ecs_service',
        name: 'ec2',
        after: { launch_type: 'EC2', desired_count: 5 },
      },
      {
        type: 'aws_rds_cluster_instance',
        name: 'aurora',
        after: { engine: 'aurora-postgresql', instance_class: 'db.r6g.large' },
      },
      {
        type: 'aws_rds_cluster_instance',
        name: 'big',
        after: { engine: 'aurora-mysql', instance_class: 'db.r7g.16xlarge' },
      },
      {
        type: 'aws_rds_cluster',
        name: 'aurora',
        after: { engine: 'aurora-postgresql' },
      },
      {
        type: 'aws_dynamodb_table',
        name: 'prov',
        after: {
          billing_mode: 'PROVISIONED',
          read_capacity: 10,
          write_capacity: 5,
        },
      },
      {
        type: 'aws_dynamodb_table',
        name: 'ondemand',
        after: { billing_mode: 'PAY_PER_REQUEST' },
      },
      {
        type: 'aws_msk_cluster',
        name: 'kafka',
        after: {
          number_of_broker_nodes: 3,
          broker_node_group_info: [
            {
              instance_type: 'kafka.m5.large',
              storage_info: [{ ebs_storage_info: [{ volume_size: 100 }] }],
            },
          ],
        },
      },
      {
        type: 'aws_opensearch_domain',
        name: 'search',
        after: {
          cluster_config: [
            { instance_type: 'r6g.large.search', instance_count: 2 },
          ],
          ebs_options: [
            { ebs_enabled: true, volume_size: 50, volume_type: 'gp3' },
          ],
        },
      },
      {
        type: 'aws_elasticsearch_domain',
        name: 'legacy',
        after: {
          cluster_config: [
            { instance_type: 't3.small.elasticsearch', instance_count: 1 },
          ],
        },
      },
      {
        type: 'aws_redshift_cluster',
        name: 'dw',
        after: { node_type: 'ra3.xlplus', number_of_nodes: 2 },
      },
      { type: 'aws_kinesis_stream', name: 'prov', after: { shard_count: 4 } },
      {
        type: 'aws_kinesis_stream',
        name: 'od',
        after: { stream_mode_details: [{ stream_mode: 'ON_DEMAND' }] },
      },
      {
        type: 'aws_mq_broker',
        name: 'mq',
        after: {
          engine_type: 'ActiveMQ',
          host_instance_type: 'mq.m5.large',
          deployment_mode: 'ACTIVE_STANDBY_MULTI_AZ',
        },
      },
      {
        type: 'aws_mq_broker',
        name: 'rabbit',
        after: { engine_type: 'RabbitMQ', host_instance_type: 'mq.m5.large' },
      },
      {
        type: 'aws_docdb_cluster_instance',
        name: 'doc',
        after: { instance_class: 'db.r5.large' },
      },
      {
        type: 'aws_neptune_cluster_instance',
        name: 'graph',
        after: { instance_class: 'db.t3.medium' },
      },
      {
        type: 'aws_elasticache_serverless_cache',
        name: 'cache',
        after: { engine: 'redis' },
      },
      {
        type: 'aws_sagemaker_notebook_instance',
        name: 'nb',
        after: { instance_type: 'ml.t3.medium' },
      },
      {
        type: 'aws_glue_job',
        name: 'etl',
        after: { worker_type: 'G.1X', number_of_workers: 10 },
      },
      {
        type: 'aws_lambda_function',
        name: 'fn',
        after: { function_name: 'fn', memory_size: 2048 },
      },
      {
        type: 'aws_lambda_provisioned_concurrency_config',
        name: 'half',
        after: { function_name: 'fn', provisioned_concurrent_executions: 1 },
      },
      {
        type: 'aws_lambda_provisioned_concurrency_config',
        name: 'pc',
        after: { function_name: 'fn', provisioned_concurrent_executions: 2 },
      },
    ],
    {
      usage: {
        'aws_rds_cluster.aurora': { storageGb: 100, monthlyIoRequests: 50e6 },
        'aws_dynamodb_table.ondemand': {
          monthlyWriteRequestUnits: 10e6,
          monthlyReadRequestUnits: 40e6,
          storageGb: 20,
        },
        'aws_dynamodb_table.prov': { storageGb: 4 },
        'aws_redshift_cluster.dw': { storageGb: 1000 },
        'aws_kinesis_stream.od': { monthlyIngestGb: 100 },
        'aws_glue_job.etl': { monthlyHours: 20 },
        'aws_lambda_provisioned_concurrency_config.half': { monthlyHours: 100 },
      },
    },
  );

  it('prices a Fargate service from its task definition × desired count', () => {
    // 3 tasks × 0.5 vCPU × 730 h = 1,095 vCPU-h × 0.04048 = 44.3256
    // 3 tasks × 1 GB × 730 h = 2,190 GB-h × 0.004445 = 9.73455
    expect(parts(line('aws_ecs_service.web'))).toEqual([
      [1095, 0.04048, 44.3256],
      [2190, 0.004445, 9.7346],
    ]);
    expect(line('aws_ecs_service.orphan')).toMatchObject({
      status: 'unpriced',
    });
    expect(line('aws_ecs_service.orphan').reason).toContain('task_definition');
    // EC2 launch type: the instances are what cost money.
    expect(line('aws_ecs_service.ec2')).toMatchObject({
      status: 'priced',
      monthly: 0,
    });
  });

  it('prices Aurora instances by class, and cluster storage and I/O from usage', () => {
    // db.r6g.large 0.26 × 730 = 189.8
    expect(line('aws_rds_cluster_instance.aurora').monthly).toBeCloseTo(
      189.8,
      4,
    );
    expect(line('aws_rds_cluster_instance.big')).toMatchObject({
      status: 'unpriced',
      reason:
        'no price for Aurora aurora-mysql class "db.r7g.16xlarge" in us-east-1 in the price table',
    });
    // 100 GB × 0.10 = 10; 50 M I/O × 0.20 = 10
    expect(parts(line('aws_rds_cluster.aurora'))).toEqual([
      [100, 0.1, 10],
      [50, 0.2, 10],
    ]);
  });

  it('prices DynamoDB provisioned capacity by the hour and on-demand from usage', () => {
    // WCU 5 × 730 × 0.00065 = 2.3725; RCU 10 × 730 × 0.00013 = 0.949; storage 4 × 0.25 = 1
    expect(parts(line('aws_dynamodb_table.prov'))).toEqual([
      [3650, 0.00065, 2.3725],
      [7300, 0.00013, 0.949],
      [4, 0.25, 1],
    ]);
    // 10 M WRU × 0.625 = 6.25; 40 M RRU × 0.125 = 5; 20 GB × 0.25 = 5
    const od = line('aws_dynamodb_table.ondemand');
    expect(od.status).toBe('usage-priced');
    expect(od.monthly).toBeCloseTo(16.25, 4);
  });

  it('prices brokers, clusters and domains by node-hour with their storage', () => {
    // 3 × kafka.m5.large 0.21 × 730 = 459.9; 3 × 100 GB × 0.10 = 30
    expect(line('aws_msk_cluster.kafka').monthly).toBeCloseTo(489.9, 4);
    // 2 × r6g.large.search 0.167 × 730 = 243.82; 2 × 50 GB gp3 × 0.122 = 12.2
    expect(line('aws_opensearch_domain.search').monthly).toBeCloseTo(256.02, 4);
    // t3.small.elasticsearch is priced as t3.small.search: 0.036 × 730 = 26.28
    expect(line('aws_elasticsearch_domain.legacy').monthly).toBeCloseTo(
      26.28,
      4,
    );
    // 2 × ra3.xlplus 1.086 × 730 = 1,585.56; managed storage 1,000 GB × 0.024 = 24
    expect(line('aws_redshift_cluster.dw').monthly).toBeCloseTo(1609.56, 4);
    // active/standby: 2 × mq.m5.large 0.288 × 730 = 420.48
    expect(line('aws_mq_broker.mq').monthly).toBeCloseTo(420.48, 4);
    expect(line('aws_mq_broker.rabbit').reason).toContain('only ActiveMQ');
    // db.r5.large 0.277 × 730 = 202.21; db.t3.medium 0.098 × 730 = 71.54
    expect(line('aws_docdb_cluster_instance.doc').monthly).toBeCloseTo(
      202.21,
      4,
    );
    expect(line('aws_neptune_cluster_instance.graph').monthly).toBeCloseTo(
      71.54,
      4,
    );
    // 1 GB minimum × 0.125 × 730 = 91.25
    expect(line('aws_elasticache_serverless_cache.cache').monthly).toBeCloseTo(
      91.25,
      4,
    );
    // ml.t3.medium 0.05 × 730 = 36.5
    expect(line('aws_sagemaker_notebook_instance.nb').monthly).toBeCloseTo(
      36.5,
      4,
    );
  });

  it('prices Kinesis shards or on-demand stream hours, and Glue DPU-hours', () => {
    // 4 shards × 730 × 0.015 = 43.8
    expect(line('aws_kinesis_stream.prov').monthly).toBeCloseTo(43.8, 4);
    // 730 × 0.04 = 29.2; 100 GB × 0.08 = 8
    expect(line('aws_kinesis_stream.od').monthly).toBeCloseTo(37.2, 4);
    // 10 G.1X workers = 10 DPUs × 20 h = 200 DPU-h × 0.44 = 88
    expect(parts(line('aws_glue_job.etl'))).toEqual([[200, 0.44, 88]]);
  });

  it('prices provisioned concurrency from the function memory it points at', () => {
    // 2 × 2 GB × 730 h × 3,600 s = 10,512,000 GB-s × 0.0000041667 = 43.80035, rounded to 43.8004
    expect(parts(line('aws_lambda_provisioned_concurrency_config.pc'))).toEqual(
      [[10512000, 0.0000041667, 43.8004]],
    );
    // 100 hours from usage: 1 × 2 GB × 100 h × 3,600 s = 720,000 GB-s × 0.0000041667 = 3.0000
    expect(
      line('aws_lambda_provisioned_concurrency_config.half').monthly,
    ).toBeCloseTo(3, 3);
  });
});

describe('AWS messaging, API, monitoring and network services', () => {
  const line = estimate(
    [
      { type: 'aws_sqs_queue', name: 'q', after: {} },
      { type: 'aws_sqs_queue', name: 'fifo', after: { fifo_queue: true } },
      { type: 'aws_sns_topic', name: 't', after: {} },
      { type: 'aws_api_gateway_rest_api', name: 'rest', after: {} },
      {
        type: 'aws_apigatewayv2_api',
        name: 'http',
        after: { protocol_type: 'HTTP' },
      },
      {
        type: 'aws_apigatewayv2_api',
        name: 'ws',
        after: { protocol_type: 'WEBSOCKET' },
      },
      { type: 'aws_cloudfront_distribution', name: 'cdn', after: {} },
      {
        type: 'aws_cloudwatch_metric_alarm',
        name: 'a',
        after: { period: 300 },
      },
      {
        type: 'aws_cloudwatch_metric_alarm',
        name: 'fast',
        after: { period: 10 },
      },
      { type: 'aws_cloudwatch_composite_alarm', name: 'c', after: {} },
      { type: 'aws_cloudwatch_dashboard', name: 'd', after: {} },
      {
        type: 'aws_vpc_endpoint',
        name: 'gw',
        after: { vpc_endpoint_type: 'Gateway' },
      },
      {
        type: 'aws_vpc_endpoint',
        name: 'iface',
        after: { vpc_endpoint_type: 'Interface', subnet_ids: ['a', 'b', 'c'] },
      },
      { type: 'aws_vpn_connection', name: 'vpn', after: {} },
      {
        type: 'aws_ec2_transit_gateway_vpc_attachment',
        name: 'tgw',
        after: {},
      },
      { type: 'aws_ecr_repository', name: 'ecr', after: {} },
      { type: 'aws_efs_file_system', name: 'efs', after: {} },
      { type: 'aws_kinesis_firehose_delivery_stream', name: 'fh', after: {} },
      {
        type: 'aws_sfn_state_machine',
        name: 'sfn',
        after: { type: 'STANDARD' },
      },
      {
        type: 'aws_wafv2_web_acl',
        name: 'waf',
        after: { rule: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
      },
      {
        type: 'aws_route53_health_check',
        name: 'hc',
        after: { type: 'HTTPS_STR_MATCH', request_interval: 10 },
      },
      {
        type: 'aws_route53_resolver_endpoint',
        name: 'r',
        after: { ip_address: [{}, {}, {}] },
      },
      { type: 'aws_cloudtrail', name: 'trail', after: {} },
      { type: 'aws_config_config_rule', name: 'rule', after: {} },
      { type: 'aws_backup_vault', name: 'vault', after: {} },
      {
        type: 'aws_transfer_server',
        name: 'sftp',
        after: { protocols: ['SFTP', 'FTPS'] },
      },
      {
        type: 'aws_directory_service_directory',
        name: 'ad',
        after: { type: 'SimpleAD', size: 'Small' },
      },
      {
        type: 'aws_directory_service_directory',
        name: 'msad',
        after: { type: 'MicrosoftAD', edition: 'Standard' },
      },
      { type: 'aws_ec2_client_vpn_endpoint', name: 'cvpn', after: {} },
      {
        type: 'aws_ec2_client_vpn_network_association',
        name: 'assoc',
        after: {},
      },
      { type: 'aws_globalaccelerator_accelerator', name: 'ga', after: {} },
      {
        type: 'aws_codebuild_project',
        name: 'cb',
        after: {
          environment: [
            { compute_type: 'BUILD_GENERAL1_MEDIUM', type: 'LINUX_CONTAINER' },
          ],
        },
      },
      { type: 'aws_ssm_parameter', name: 'std', after: { tier: 'Standard' } },
      { type: 'aws_ssm_parameter', name: 'adv', after: { tier: 'Advanced' } },
      { type: 'aws_athena_workgroup', name: 'wg', after: {} },
      {
        type: 'aws_networkfirewall_firewall',
        name: 'nfw',
        after: { subnet_mapping: [{}, {}] },
      },
      { type: 'aws_acmpca_certificate_authority', name: 'ca', after: {} },
      { type: 'aws_kms_external_key', name: 'ext', after: {} },
      { type: 'aws_kms_replica_key', name: 'rep', after: {} },
      { type: 'aws_ebs_snapshot', name: 'snap', after: {} },
      {
        type: 'aws_flow_log',
        name: 'fl',
        after: { log_destination_type: 's3' },
      },
      { type: 'aws_cloudwatch_event_bus', name: 'bus', after: {} },
      { type: 'aws_appsync_graphql_api', name: 'gql', after: {} },
      { type: 'aws_docdb_cluster', name: 'doc', after: {} },
    ],
    {
      usage: {
        'aws_sqs_queue.*': { monthlyRequests: 10e6 },
        'aws_sns_topic.t': { monthlyRequests: 2e6 },
        'aws_api_gateway_rest_api.rest': { monthlyRequests: 1e6 },
        'aws_apigatewayv2_api.http': { monthlyRequests: 5e6 },
        'aws_apigatewayv2_api.ws': { monthlyMessages: 3e6 },
        'aws_cloudfront_distribution.cdn': {
          monthlyDataTransferGb: 1000,
          monthlyRequests: 2e6,
        },
        'aws_vpc_endpoint.iface': { monthlyDataProcessedGb: 100 },
        'aws_ec2_transit_gateway_vpc_attachment.tgw': {
          monthlyDataProcessedGb: 500,
        },
        'aws_ecr_repository.ecr': { storageGb: 50 },
        'aws_efs_file_system.efs': { storageGb: 10 },
        'aws_kinesis_firehose_delivery_stream.fh': { monthlyIngestGb: 1000 },
        'aws_sfn_state_machine.sfn': { monthlyTransitions: 1e6 },
        'aws_wafv2_web_acl.waf': { monthlyRequests: 10e6 },
        'aws_cloudtrail.trail': { monthlyEvents: 1e6, monthlyDataEvents: 5e6 },
        'aws_config_config_rule.rule': { monthlyEvents: 20000 },
        'aws_backup_vault.vault': { storageGb: 200 },
        'aws_ec2_client_vpn_endpoint.cvpn': { monthlyHours: 1000 },
        'aws_codebuild_project.cb': { monthlyBuildMinutes: 600 },
        'aws_athena_workgroup.wg': { monthlyDataScannedTb: 3 },
        'aws_ebs_snapshot.snap': { storageGb: 100 },
        'aws_flow_log.fl': { monthlyIngestGb: 40 },
        'aws_cloudwatch_event_bus.bus': { monthlyRequests: 3e6 },
        'aws_appsync_graphql_api.gql': { monthlyRequests: 2e6 },
      },
    },
  );
  const monthly = (a: string) => line(a).monthly;

  it('prices per-request services from usage figures', () => {
    expect(monthly('aws_sqs_queue.q')).toBeCloseTo(4, 4); // 10 M × 0.40
    expect(monthly('aws_sqs_queue.fifo')).toBeCloseTo(5, 4); // 10 M × 0.50
    expect(monthly('aws_sns_topic.t')).toBeCloseTo(1, 4); // 2 M × 0.50
    expect(monthly('aws_api_gateway_rest_api.rest')).toBeCloseTo(3.5, 4); // 1 M × 3.50
    expect(monthly('aws_apigatewayv2_api.http')).toBeCloseTo(5, 4); // 5 M × 1.00
    expect(monthly('aws_apigatewayv2_api.ws')).toBeCloseTo(3, 4); // 3 M messages × 1.00
    // 1,000 GB × 0.085 = 85; 2 M HTTPS = 200 × 10k × 0.01 = 2
    expect(monthly('aws_cloudfront_distribution.cdn')).toBeCloseTo(87, 4);
    expect(monthly('aws_sfn_state_machine.sfn')).toBeCloseTo(25, 4); // 1,000 × 1k × 0.025
    // 1 M management = 10 × 100k × 2 = 20; 5 M data = 50 × 100k × 0.10 = 5
    expect(monthly('aws_cloudtrail.trail')).toBeCloseTo(25, 4);
    expect(monthly('aws_config_config_rule.rule')).toBeCloseTo(20, 4); // 20,000 × 0.001
    expect(monthly('aws_codebuild_project.cb')).toBeCloseTo(6, 4); // 600 min × 0.01
    expect(monthly('aws_athena_workgroup.wg')).toBeCloseTo(15, 4); // 3 TB × 5
    expect(monthly('aws_flow_log.fl')).toBeCloseTo(10, 4); // 40 GB × 0.25 (to S3)
    expect(monthly('aws_cloudwatch_event_bus.bus')).toBeCloseTo(3, 4); // 3 M × 1
    expect(monthly('aws_appsync_graphql_api.gql')).toBeCloseTo(8, 4); // 2 M × 4
    expect(monthly('aws_kinesis_firehose_delivery_stream.fh')).toBeCloseTo(
      29,
      4,
    ); // 1,000 × 0.029
  });

  it('prices stored GB from usage figures', () => {
    expect(monthly('aws_ecr_repository.ecr')).toBeCloseTo(5, 4); // 50 × 0.10
    expect(monthly('aws_efs_file_system.efs')).toBeCloseTo(3, 4); // 10 × 0.30
    expect(monthly('aws_backup_vault.vault')).toBeCloseTo(10, 4); // 200 × 0.05
    expect(monthly('aws_ebs_snapshot.snap')).toBeCloseTo(5, 4); // 100 × 0.05
    expect(line('aws_docdb_cluster.doc')).toMatchObject({
      status: 'usage-priced',
      monthly: 0,
      reason: 'priced by stored GB and I/O requests; no usage figure given',
    });
  });

  it('prices alarms, dashboards, keys and CAs by the month', () => {
    expect(monthly('aws_cloudwatch_metric_alarm.a')).toBeCloseTo(0.1, 4);
    expect(monthly('aws_cloudwatch_metric_alarm.fast')).toBeCloseTo(0.3, 4); // high resolution
    expect(monthly('aws_cloudwatch_composite_alarm.c')).toBeCloseTo(0.5, 4);
    expect(monthly('aws_cloudwatch_dashboard.d')).toBe(3);
    expect(monthly('aws_kms_external_key.ext')).toBe(1);
    expect(monthly('aws_kms_replica_key.rep')).toBe(1);
    expect(monthly('aws_acmpca_certificate_authority.ca')).toBe(400);
    expect(monthly('aws_ssm_parameter.std')).toBe(0);
    expect(monthly('aws_ssm_parameter.adv')).toBeCloseTo(0.05, 4);
    // WAF: ACL 5 + 3 rules × 1 + 10 M requests × 0.60 = 14
    expect(monthly('aws_wafv2_web_acl.waf')).toBeCloseTo(14, 4);
    // non-AWS HTTPS string match, fast interval: 0.75 + 3 features × 2 = 6.75
    expect(monthly('aws_route53_health_check.hc')).toBeCloseTo(6.75, 4);
  });

  it('prices network attachments and endpoints by the hour', () => {
    expect(monthly('aws_vpc_endpoint.gw')).toBe(0);
    // 3 AZs × 730 × 0.01 = 21.9; 100 GB × 0.01 = 1
    expect(monthly('aws_vpc_endpoint.iface')).toBeCloseTo(22.9, 4);
    expect(monthly('aws_vpn_connection.vpn')).toBeCloseTo(36.5, 4); // 730 × 0.05
    // 730 × 0.05 = 36.5; 500 GB × 0.02 = 10
    expect(monthly('aws_ec2_transit_gateway_vpc_attachment.tgw')).toBeCloseTo(
      46.5,
      4,
    );
    expect(monthly('aws_route53_resolver_endpoint.r')).toBeCloseTo(273.75, 4); // 3 ENIs × 730 × 0.125
    expect(monthly('aws_transfer_server.sftp')).toBeCloseTo(438, 4); // 2 protocols × 730 × 0.30
    // two domain controllers: 2 × 730 × 0.05 = 73; Microsoft AD Standard 2 × 730 × 0.06 = 87.6
    expect(monthly('aws_directory_service_directory.ad')).toBeCloseTo(73, 4);
    expect(monthly('aws_directory_service_directory.msad')).toBeCloseTo(
      87.6,
      4,
    );
    expect(monthly('aws_ec2_client_vpn_endpoint.cvpn')).toBeCloseTo(50, 4); // 1,000 h × 0.05
    expect(monthly('aws_ec2_client_vpn_network_association.assoc')).toBeCloseTo(
      73,
      4,
    ); // 730 × 0.10
    expect(monthly('aws_globalaccelerator_accelerator.ga')).toBeCloseTo(
      18.25,
      4,
    ); // 730 × 0.025
    expect(monthly('aws_networkfirewall_firewall.nfw')).toBeCloseTo(576.7, 4); // 2 × 730 × 0.395
  });
});

describe('AWS service prices by region', () => {
  it('prices same-everywhere services in Europe and reports regional ones unpriced', () => {
    const line = estimate(
      [
        { type: 'aws_cloudwatch_dashboard', name: 'd', after: {} },
        { type: 'aws_ecr_repository', name: 'ecr', after: {} },
      ],
      { usage: { 'aws_ecr_repository.ecr': { storageGb: 10 } } },
      'eu-west-1',
    );
    expect(line('aws_cloudwatch_dashboard.d').monthly).toBe(3);
    expect(line('aws_ecr_repository.ecr')).toMatchObject({
      status: 'unpriced',
      reason: 'no price for Image storage in eu-west-1 in the price table',
    });
  });

  it('takes a missing service price from --prices overrides, and checks its kind', () => {
    const specs = [{ type: 'aws_ecr_repository', name: 'ecr', after: {} }];
    const line = estimate(
      specs,
      {
        usage: { 'aws_ecr_repository.ecr': { storageGb: 10 } },
        prices: {
          aws: { 'eu-west-1': { services: { ecrStorageGbMonth: 0.1 } } },
        },
      },
      'eu-west-1',
    );
    expect(line('aws_ecr_repository.ecr').monthly).toBeCloseTo(1, 4); // 10 GB × 0.10
    expect(() =>
      estimate(specs, {
        prices: {
          aws: {
            'us-east-1': {
              services: { sqsStandardPerMillion: '0.4' as never },
            },
          },
        },
      }),
    ).toThrow(
      'aws.us-east-1.services.sqsStandardPerMillion: expected number, found string',
    );
  });
});

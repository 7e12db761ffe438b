/**
 * The AWS resource types whose every Checkov check Groundwork answers for:
 * by a rule, or by a line in the coverage table saying why not.
 *
 * The list is every AWS type that Groundwork itself creates (the module
 * factory, the templates, the shared fixture plans), then the types a
 * startup's Terraform most often holds beyond those (load balancing,
 * delivery, containers, managed data stores, streams). Each type belongs to
 * one area, and each area keeps its own exclusions, so that the people who
 * write an area's rules also write why a check has none.
 */
export type AwsArea =
  | 'compute-network'
  | 'data'
  | 'streams-analytics'
  | 'identity-audit';

const COMPUTE_NETWORK = [
  // EC2 and images
  'aws_instance',
  'aws_launch_template',
  'aws_launch_configuration',
  'aws_autoscaling_group',
  'aws_ebs_volume',
  'aws_ebs_snapshot',
  'aws_ebs_encryption_by_default',
  'aws_ami',
  'aws_eip',
  'aws_network_interface',
  // VPC
  'aws_vpc',
  'aws_default_vpc',
  'aws_subnet',
  'aws_route_table',
  'aws_internet_gateway',
  'aws_nat_gateway',
  'aws_flow_log',
  'aws_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
  'aws_default_security_group',
  'aws_network_acl',
  'aws_network_acl_rule',
  'aws_default_network_acl',
  'aws_vpc_endpoint',
  // Load balancing, edge and APIs
  'aws_elb',
  'aws_lb',
  'aws_alb',
  'aws_lb_listener',
  'aws_lb_target_group',
  'aws_cloudfront_distribution',
  'aws_wafv2_web_acl',
  'aws_acm_certificate',
  'aws_route53_zone',
  'aws_route53_record',
  'aws_api_gateway_rest_api',
  'aws_api_gateway_stage',
  'aws_api_gateway_method',
  'aws_apigatewayv2_api',
  'aws_apigatewayv2_stage',
  // Functions, containers and build
  'aws_lambda_function',
  'aws_lambda_permission',
  'aws_lambda_function_url',
  'aws_ecs_cluster',
  'aws_ecs_service',
  'aws_ecs_task_definition',
  'aws_eks_cluster',
  'aws_eks_node_group',
  'aws_ecr_repository',
  'aws_ecr_repository_policy',
  'aws_codebuild_project',
  'aws_sfn_state_machine',
] as const;

const DATA = [
  // S3
  'aws_s3_bucket',
  'aws_s3_bucket_acl',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_logging',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_object',
  'aws_s3_bucket_object_lock_configuration',
  // Databases and caches
  'aws_db_instance',
  'aws_db_parameter_group',
  'aws_db_subnet_group',
  'aws_db_snapshot',
  'aws_db_cluster_snapshot',
  'aws_rds_cluster',
  'aws_rds_cluster_instance',
  'aws_dynamodb_table',
  'aws_dax_cluster',
  'aws_elasticache_cluster',
  'aws_elasticache_replication_group',
  'aws_memorydb_cluster',
  'aws_docdb_cluster',
  'aws_neptune_cluster',
  'aws_redshift_cluster',
  'aws_elasticsearch_domain',
  'aws_opensearch_domain',
  'aws_efs_file_system',
  'aws_backup_vault',
  'aws_dms_replication_instance',
] as const;

const STREAMS_ANALYTICS = [
  // Streams and messaging
  'aws_kinesis_stream',
  'aws_kinesis_firehose_delivery_stream',
  'aws_msk_cluster',
  'aws_mq_broker',
  'aws_sns_topic',
  'aws_sqs_queue',
  'aws_sqs_queue_policy',
  // Analytics
  'aws_athena_workgroup',
  'aws_glue_data_catalog_encryption_settings',
  'aws_sagemaker_notebook_instance',
  'aws_emr_cluster',
  'aws_appsync_graphql_api',
  'aws_transfer_server',
] as const;

const IDENTITY_AUDIT = [
  // Keys, secrets and identity
  'aws_kms_key',
  'aws_secretsmanager_secret',
  'aws_ssm_parameter',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_policy',
  'aws_iam_user',
  'aws_iam_user_policy',
  'aws_iam_user_policy_attachment',
  'aws_iam_group_policy',
  'aws_iam_access_key',
  'aws_iam_instance_profile',
  'aws_iam_openid_connect_provider',
  'aws_iam_account_password_policy',
  'aws_cognito_user_pool',
  // Audit and account baseline
  'aws_cloudtrail',
  'aws_cloudwatch_log_group',
  'aws_cloudwatch_metric_alarm',
  'aws_cloudwatch_event_rule',
  'aws_config_configuration_recorder',
  'aws_guardduty_detector',
  'aws_securityhub_account',
  'aws_accessanalyzer_analyzer',
  'aws_budgets_budget',
] as const;

export const AWS_SCOPE: ReadonlyMap<string, AwsArea> = new Map([
  ...COMPUTE_NETWORK.map(t => [t, 'compute-network'] as const),
  ...DATA.map(t => [t, 'data'] as const),
  ...STREAMS_ANALYTICS.map(t => [t, 'streams-analytics'] as const),
  ...IDENTITY_AUDIT.map(t => [t, 'identity-audit'] as const),
]);

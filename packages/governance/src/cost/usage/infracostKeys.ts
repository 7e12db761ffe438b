import type { UsageFigureName } from './figures';

/**
 * How an Infracost usage key becomes an estimator figure: the figure, a
 * factor to multiply by (e.g. requests/s → requests a month) and, for keys
 * whose value is a map (CloudFront's per-region figures, S3's storage
 * classes), the sub-key that is read.
 */
export type KeySpec =
  | UsageFigureName
  | [UsageFigureName, number]
  | [UsageFigureName, number, string];

export interface TypeKeys {
  /** Keys read into figures. */
  read: Record<string, KeySpec>;
  /**
   * Keys Infracost knows for the type that this estimate does not price
   * (reserved terms, secondary dimensions): read without a warning, and
   * named in a note so their cost is known to be missing.
   */
  notPriced?: string;
}

const SECONDS_A_MONTH = 730 * 3600;

/*
 * Key names from Infracost's infracost-usage-example.yml and the
 * `infracost_usage` field tags of internal/resources/{aws,google,azure}/*.go
 * (github.com/infracost/infracost, Apache-2.0; read, not copied: the table
 * below is this estimator's own mapping onto its figures).
 */
export const INFRACOST_KEYS: Readonly<Record<string, TypeKeys>> = {
  aws_lambda_function: {
    read: {
      monthly_requests: 'monthlyRequests',
      request_duration_ms: 'averageDurationMs',
    },
  },
  aws_s3_bucket: {
    read: { standard: ['storageGb', 1, 'storage_gb'] },
    notPriced:
      'object_tags intelligent_tiering standard_infrequent_access one_zone_infrequent_access glacier_flexible_retrieval glacier_deep_archive glacier_instant_retrieval',
  },
  aws_cloudwatch_log_group: {
    read: {
      storage_gb: 'storageGb',
      monthly_data_ingested_gb: 'monthlyIngestGb',
    },
    notPriced: 'monthly_data_scanned_gb',
  },
  aws_nat_gateway: {
    read: { monthly_data_processed_gb: 'monthlyDataProcessedGb' },
  },
  aws_dynamodb_table: {
    read: {
      monthly_write_request_units: 'monthlyWriteRequestUnits',
      monthly_read_request_units: 'monthlyReadRequestUnits',
      storage_gb: 'storageGb',
    },
    notPriced:
      'pitr_backup_storage_gb on_demand_backup_storage_gb monthly_data_restored_gb monthly_streams_read_request_units',
  },
  aws_sqs_queue: {
    read: { monthly_requests: 'monthlyRequests' },
    notPriced: 'request_size_kb',
  },
  aws_sns_topic: {
    read: { monthly_requests: 'monthlyRequests' },
    notPriced:
      'request_size_kb http_subscriptions email_subscriptions kinesis_subscriptions mobile_push_subscriptions macos_subscriptions sms_subscriptions sms_notification_price',
  },
  aws_cloudfront_distribution: {
    read: {
      monthly_data_transfer_to_internet_gb: ['monthlyDataTransferGb', 1, 'us'],
      monthly_https_requests: ['monthlyRequests', 1, 'us'],
    },
    notPriced:
      'monthly_data_transfer_to_origin_gb monthly_http_requests monthly_shield_requests monthly_invalidation_requests monthly_encryption_requests monthly_log_lines custom_ssl_certificates',
  },
  aws_api_gateway_rest_api: { read: { monthly_requests: 'monthlyRequests' } },
  aws_apigatewayv2_api: {
    read: {
      monthly_requests: 'monthlyRequests',
      monthly_messages: 'monthlyMessages',
    },
    notPriced: 'request_size_kb message_size_kb monthly_connection_mins',
  },
  aws_vpc_endpoint: {
    read: { monthly_data_processed_gb: 'monthlyDataProcessedGb' },
  },
  aws_vpn_connection: { read: {}, notPriced: 'monthly_data_processed_gb' },
  aws_ec2_transit_gateway_vpc_attachment: {
    read: { monthly_data_processed_gb: 'monthlyDataProcessedGb' },
  },
  aws_ecr_repository: { read: { storage_gb: 'storageGb' } },
  aws_efs_file_system: {
    read: { storage_gb: 'storageGb' },
    notPriced:
      'infrequent_access_storage_gb monthly_infrequent_access_read_gb monthly_infrequent_access_write_gb',
  },
  aws_kinesis_stream: {
    read: {
      monthly_on_demand_data_in_gb: 'monthlyIngestGb',
      monthly_provisioned_put_units: 'monthlyRequests',
    },
    notPriced:
      'monthly_on_demand_data_out_gb monthly_on_demand_efo_data_out_gb monthly_on_demand_extended_retention_gb monthly_on_demand_long_term_retention_gb monthly_provisioned_extended_retention_gb monthly_provisioned_long_term_retention_gb monthly_provisioned_long_term_retrieval_gb monthly_provisioned_efo_data_out_gb monthly_provisioned_efo_consumer_hours',
  },
  aws_kinesis_firehose_delivery_stream: {
    read: { monthly_data_ingested_gb: 'monthlyIngestGb' },
  },
  aws_mq_broker: { read: { storage_size_gb: 'storageGb' } },
  aws_redshift_cluster: {
    read: { managed_storage_gb: 'storageGb' },
    notPriced:
      'excess_concurrency_scaling_secs spectrum_data_scanned_tb backup_storage_gb',
  },
  aws_rds_cluster: {
    read: {
      storage_gb: 'storageGb',
      write_requests_per_sec: ['monthlyIoRequests', SECONDS_A_MONTH],
      read_requests_per_sec: ['monthlyIoRequests', SECONDS_A_MONTH],
    },
    notPriced:
      'capacity_units_per_hr backup_snapshot_size_gb average_statements_per_hr change_records_per_statement backtrack_window_hrs snapshot_export_size_gb',
  },
  aws_rds_cluster_instance: {
    // Serverless v2 ACUs per hour → ACU-hours a month.
    read: { capacity_units_per_hr: ['monthlyHours', 730] },
    notPriced:
      'monthly_cpu_credit_hrs vcpu_count monthly_additional_performance_insights_requests reserved_instance_term reserved_instance_payment_option',
  },
  aws_docdb_cluster: {
    read: { storage_gb: 'storageGb', monthly_io_requests: 'monthlyIoRequests' },
    notPriced: 'backup_storage_gb',
  },
  aws_docdb_cluster_instance: {
    read: {},
    notPriced: 'data_storage_gb monthly_io_requests monthly_cpu_credit_hrs',
  },
  aws_neptune_cluster: {
    read: { storage_gb: 'storageGb', monthly_io_requests: 'monthlyIoRequests' },
    notPriced: 'backup_storage_gb',
  },
  aws_neptune_cluster_instance: {
    read: {},
    notPriced: 'monthly_cpu_credit_hrs',
  },
  aws_sfn_state_machine: {
    read: {
      monthly_transitions: 'monthlyTransitions',
      monthly_requests: 'monthlyRequests',
    },
    notPriced: 'memory_mb workflow_duration_ms',
  },
  aws_wafv2_web_acl: {
    read: { monthly_requests: 'monthlyRequests' },
    notPriced: 'rule_group_rules managed_rule_group_rules',
  },
  aws_route53_health_check: { read: {}, notPriced: 'endpoint_type' },
  aws_route53_resolver_endpoint: {
    read: { monthly_queries: 'monthlyQueries' },
  },
  aws_cloudtrail: {
    read: {
      monthly_additional_management_events: 'monthlyEvents',
      monthly_data_events: 'monthlyDataEvents',
    },
    notPriced: 'monthly_insight_events',
  },
  aws_config_config_rule: {
    read: { monthly_rule_evaluations: 'monthlyEvents' },
  },
  aws_backup_vault: {
    read: {
      monthly_efs_warm_backup_gb: 'storageGb',
      monthly_ebs_snapshot_gb: 'storageGb',
    },
    notPriced:
      'monthly_efs_warm_restore_gb monthly_efs_cold_restore_gb monthly_efs_item_restore_requests monthly_efs_cold_backup_gb monthly_rds_snapshot_gb monthly_aurora_snapshot_gb monthly_dynamodb_backup_gb monthly_dynamodb_restore_gb monthly_fsx_windows_backup_gb monthly_fsx_lustre_backup_gb',
  },
  aws_lambda_provisioned_concurrency_config: {
    read: { memory_mb: 'memoryMb', monthly_duration_hrs: 'monthlyHours' },
    notPriced: 'request_duration_ms monthly_requests architecture',
  },
  aws_transfer_server: {
    read: {
      monthly_data_downloaded_gb: 'monthlyDataTransferGb',
      monthly_data_uploaded_gb: 'monthlyDataTransferGb',
    },
  },
  aws_directory_service_directory: {
    read: {},
    notPriced: 'additional_domain_controllers shared_accounts',
  },
  aws_codebuild_project: {
    read: { monthly_build_mins: 'monthlyBuildMinutes' },
  },
  aws_ssm_parameter: {
    read: {},
    notPriced:
      'api_throughput_limit monthly_api_interactions parameter_storage_hrs',
  },
  aws_glue_job: { read: { monthly_hours: 'monthlyHours' } },
  aws_networkfirewall_firewall: {
    read: { monthly_data_processed_gb: 'monthlyDataProcessedGb' },
  },
  aws_acmpca_certificate_authority: { read: {}, notPriced: 'monthly_requests' },
  aws_ebs_snapshot: {
    read: {},
    notPriced:
      'monthly_list_block_requests monthly_get_block_requests monthly_put_block_requests fast_snapshot_restore_hours',
  },
  aws_cloudwatch_event_bus: {
    read: { monthly_custom_events: 'monthlyRequests' },
    notPriced:
      'monthly_third_party_events monthly_archive_processing_gb archive_storage_gb monthly_schema_discovery_events',
  },
  aws_secretsmanager_secret: { read: {}, notPriced: 'monthly_requests' },
  aws_instance: {
    read: { monthly_hrs: 'monthlyHours' },
    notPriced:
      'operating_system reserved_instance_type reserved_instance_term reserved_instance_payment_option monthly_cpu_credit_hrs vcpu_count',
  },
  aws_eks_node_group: {
    read: {},
    notPriced:
      'instances operating_system reserved_instance_type reserved_instance_term reserved_instance_payment_option monthly_cpu_credit_hrs vcpu_count',
  },
  aws_db_instance: {
    read: {},
    notPriced:
      'additional_backup_storage_gb monthly_standard_io_requests monthly_additional_performance_insights_requests reserved_instance_term reserved_instance_payment_option monthly_cpu_credit_hrs',
  },
  aws_ebs_volume: { read: {}, notPriced: 'monthly_standard_io_requests' },
  aws_elasticache_cluster: {
    read: {},
    notPriced:
      'snapshot_storage_size_gb reserved_instance_term reserved_instance_payment_option',
  },
  aws_elasticache_replication_group: {
    read: {},
    notPriced:
      'snapshot_storage_size_gb reserved_instance_term reserved_instance_payment_option',
  },
  aws_elb: { read: {}, notPriced: 'monthly_data_processed_gb' },
  aws_lb: {
    read: {},
    notPriced:
      'new_connections active_connections processed_bytes_gb rule_evaluations',
  },
  aws_alb: {
    read: {},
    notPriced:
      'new_connections active_connections processed_bytes_gb rule_evaluations',
  },
  google_storage_bucket: {
    read: { storage_gb: 'storageGb' },
    notPriced:
      'monthly_class_a_operations monthly_class_b_operations monthly_data_retrieval_gb monthly_egress_data_transfer_gb',
  },
  google_artifact_registry_repository: {
    read: { storage_gb: 'storageGb' },
    notPriced: 'monthly_egress_data_transfer_gb',
  },
  google_bigquery_dataset: {
    read: { monthly_queries_tb: 'monthlyDataScannedTb' },
  },
  google_bigquery_table: {
    read: {
      monthly_active_storage_gb: 'storageGb',
      monthly_long_term_storage_gb: 'longTermStorageGb',
    },
    notPriced:
      'monthly_streaming_inserts_mb monthly_storage_write_api_gb monthly_storage_read_api_tb',
  },
  google_cloud_run_service: {
    read: {
      monthly_requests: 'monthlyRequests',
      average_request_duration_ms: 'averageDurationMs',
      concurrent_requests_per_instance: 'concurrency',
      instance_hrs: 'monthlyHours',
    },
  },
  google_cloud_run_v2_service: {
    read: {
      monthly_requests: 'monthlyRequests',
      average_request_duration_ms: 'averageDurationMs',
      concurrent_requests_per_instance: 'concurrency',
      instance_hrs: 'monthlyHours',
    },
  },
  google_cloudfunctions_function: {
    read: {
      monthly_function_invocations: 'monthlyRequests',
      request_duration_ms: 'averageDurationMs',
    },
    notPriced: 'monthly_outbound_data_gb',
  },
  google_compute_router_nat: {
    read: {
      assigned_vms: 'instances',
      monthly_data_processed_gb: 'monthlyDataProcessedGb',
    },
  },
  google_container_cluster: {
    read: {},
    notPriced:
      'autopilot_vcpu_count autopilot_memory_gb autopilot_ephemeral_storage_gb nodes node_pool[0]',
  },
  google_container_node_pool: { read: {}, notPriced: 'nodes' },
  google_compute_forwarding_rule: {
    read: { monthly_ingress_data_gb: 'monthlyDataProcessedGb' },
  },
  google_compute_global_forwarding_rule: {
    read: { monthly_ingress_data_gb: 'monthlyDataProcessedGb' },
  },
  google_compute_instance: { read: {}, notPriced: 'monthly_hrs' },
  google_compute_snapshot: { read: { storage_gb: 'storageGb' } },
  google_kms_crypto_key: {
    read: {},
    notPriced: 'key_versions monthly_key_operations',
  },
  google_logging_project_sink: {
    read: { monthly_logging_data_gb: 'monthlyIngestGb' },
  },
  google_pubsub_subscription: {
    read: {
      monthly_message_data_tb: 'monthlyMessageDataTb',
      storage_gb: 'storageGb',
    },
    notPriced: 'snapshot_storage_gb',
  },
  google_pubsub_topic: {
    read: { monthly_message_data_tb: 'monthlyMessageDataTb' },
  },
  google_secret_manager_secret: {
    read: { monthly_access_operations: 'monthlyOperations' },
    notPriced: 'active_secret_versions monthly_rotation_notifications',
  },
  google_sql_database_instance: { read: {}, notPriced: 'backup_storage_gb' },
  azurerm_api_management: {
    read: { monthly_api_calls: 'monthlyRequests' },
    notPriced: 'self_hosted_gateway_count',
  },
  azurerm_application_insights: {
    read: { monthly_data_ingested_gb: 'monthlyIngestGb' },
  },
  azurerm_application_gateway: {
    read: {},
    notPriced:
      'monthly_data_processed_gb monthly_v2_capacity_units capacity_units',
  },
  azurerm_bastion_host: { read: {}, notPriced: 'monthly_outbound_data_gb' },
  azurerm_function_app: {
    read: {
      monthly_executions: 'monthlyRequests',
      execution_duration_ms: 'averageDurationMs',
      memory_mb: 'memoryMb',
    },
    notPriced: 'instances',
  },
  azurerm_cosmosdb_account: {
    read: {
      storage_gb: 'storageGb',
      monthly_serverless_request_units: 'monthlyRequests',
    },
  },
  azurerm_cosmosdb_sql_container: {
    read: {},
    notPriced:
      'storage_gb monthly_serverless_request_units monthly_restored_data_gb monthly_analytical_storage_write_operations monthly_analytical_storage_read_operations max_request_units_utilization_percentage',
  },
  azurerm_cosmosdb_sql_database: {
    read: {},
    notPriced:
      'storage_gb monthly_serverless_request_units monthly_restored_data_gb monthly_analytical_storage_write_operations monthly_analytical_storage_read_operations max_request_units_utilization_percentage',
  },
  azurerm_eventhub_namespace: {
    read: { monthly_ingress_events: 'monthlyEvents' },
    notPriced:
      'retention_storage_gb throughput_or_capacity_units capture_enabled',
  },
  azurerm_log_analytics_workspace: {
    read: { monthly_log_data_ingestion_gb: 'monthlyIngestGb' },
    notPriced:
      'monthly_additional_log_data_retention_gb monthly_log_data_export_gb monthly_sentinel_data_ingestion_gb monthly_basic_log_data_ingestion_gb monthly_basic_log_search_gb monthly_archive_data_gb monthly_archive_data_restored_gb monthly_archive_data_searched_gb',
  },
  azurerm_kubernetes_cluster: {
    read: { default_node_pool: ['instances', 1, 'nodes'] },
    notPriced: 'load_balancer monthly_data_processed_gb monthly_hrs nodes',
  },
  azurerm_kubernetes_cluster_node_pool: {
    read: { nodes: 'instances' },
    notPriced: 'monthly_hrs',
  },
  azurerm_container_registry: {
    read: {},
    notPriced: 'storage_gb monthly_build_vcpu_hrs',
  },
  azurerm_firewall: { read: {}, notPriced: 'monthly_data_processed_gb' },
  azurerm_linux_virtual_machine: { read: {}, notPriced: 'monthly_hrs os_disk' },
  azurerm_windows_virtual_machine: {
    read: {},
    notPriced: 'monthly_hrs os_disk',
  },
  azurerm_linux_virtual_machine_scale_set: {
    read: { instances: 'instances' },
    notPriced: 'os_disk',
  },
  azurerm_windows_virtual_machine_scale_set: {
    read: { instances: 'instances' },
    notPriced: 'os_disk',
  },
  azurerm_lb: { read: { monthly_data_processed_gb: 'monthlyDataProcessedGb' } },
  azurerm_managed_disk: { read: {}, notPriced: 'monthly_disk_operations' },
  azurerm_mssql_database: {
    read: {},
    notPriced:
      'monthly_vcore_hours long_term_retention_storage_gb backup_storage_gb extra_data_storage_gb',
  },
  azurerm_nat_gateway: {
    read: { monthly_data_processed_gb: 'monthlyDataProcessedGb' },
  },
  azurerm_virtual_network_peering: {
    read: { monthly_data_transfer_gb: 'monthlyDataProcessedGb' },
  },
  azurerm_private_endpoint: {
    read: {
      monthly_inbound_data_processed_gb: 'monthlyDataProcessedGb',
      monthly_outbound_data_processed_gb: 'monthlyDataProcessedGb',
    },
  },
  azurerm_servicebus_namespace: {
    read: {},
    notPriced: 'monthly_messaging_operations monthly_brokered_connections',
  },
  azurerm_snapshot: { read: { storage_gb: 'storageGb' } },
  azurerm_storage_account: {
    read: { storage_gb: 'storageGb' },
    notPriced:
      'data_at_rest_storage_gb early_deletion_gb snapshots_storage_gb metadata_at_rest_storage_gb monthly_iterative_write_operations monthly_write_operations monthly_list_and_create_container_operations monthly_iterative_read_operations monthly_read_operations monthly_other_operations monthly_data_retrieval_gb monthly_data_write_gb blob_index_tags',
  },
  azurerm_virtual_network_gateway: {
    read: {},
    notPriced: 'p2s_connection monthly_data_transfer_gb',
  },
};

// Function apps on the newer resources take the same keys.
export const INFRACOST_KEY_ALIASES: Readonly<Record<string, string>> = {
  azurerm_linux_function_app: 'azurerm_function_app',
  azurerm_windows_function_app: 'azurerm_function_app',
};

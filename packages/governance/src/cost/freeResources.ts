/**
 * Resource types that cost nothing by themselves (their cost, if any, shows
 * up on the resources they configure). Listing them keeps coverage honest:
 * everything else without a pricer is reported as unpriced.
 */
const FREE_PATTERNS: readonly RegExp[] = [
  /^aws_iam_/,
  /^aws_default_/,
  /^aws_(vpc|subnet|internet_gateway|egress_only_internet_gateway|vpn_gateway|vpc_dhcp_options(_association)?|network_acl(_rule|_association)?|main_route_table_association)$/,
  /^aws_route(_table)?(_association)?$/,
  /^aws_(security_group|security_group_rule|vpc_security_group_(ingress|egress)_rule)$/,
  /^aws_s3_bucket_(public_access_block|acl|versioning|server_side_encryption_configuration|logging|policy|ownership_controls|lifecycle_configuration|cors_configuration|website_configuration|notification)$/,
  /^aws_db_(subnet|parameter|option)_group$/,
  /^aws_(lb|alb)_(target_group|target_group_attachment|listener|listener_rule|listener_certificate)$/,
  /^aws_(key_pair|launch_template|placement_group|network_interface|eip_association|volume_attachment|kms_alias)$/,
  /^aws_(lambda_permission|cloudwatch_event_rule|cloudwatch_event_target|budgets_budget|acm_certificate|acm_certificate_validation|route53_record|sns_topic_subscription|sqs_queue_policy|ecr_lifecycle_policy|ecr_repository_policy|elasticsearch_domain_policy)$/,
  /^(null_resource|terraform_data|random_[a-z_]+|time_[a-z_]+|tls_[a-z_]+|local_file|local_sensitive_file)$/,
  /^azurerm_(resource_group|virtual_network|subnet|network_security_group|network_security_rule|network_interface|role_assignment|subnet_network_security_group_association)$/,
  // Identities, budgets, associations and sub-resources whose cost shows up
  // on the server, account or destination they configure.
  /^azurerm_(user_assigned_identity|federated_identity_credential|consumption_budget_(resource_group|subscription)|subnet_nat_gateway_association|nat_gateway_public_ip_association|monitor_diagnostic_setting|storage_container|servicebus_queue|postgresql_flexible_server_(database|configuration|active_directory_administrator))$/,
  /^google_(compute_network|compute_subnetwork|compute_firewall|project_service|service_account|service_account_iam_[a-z]+)$/,
  /^google_(billing_budget|monitoring_notification_channel|kms_key_ring|sql_database|sql_user|project_service_identity|iam_workload_identity_pool|iam_workload_identity_pool_provider|service_networking_connection)$/,
  /_iam_(member|binding|policy)$/,
];

const cache = new Map<string, boolean>();

export function isFreeResourceType(type: string): boolean {
  let free = cache.get(type);
  if (free === undefined) {
    free = FREE_PATTERNS.some(re => re.test(type));
    cache.set(type, free);
  }
  return free;
}

import type { CloudContext } from '@groundwork/terraform-modules';
import { ENVIRONMENTS } from './portal';

/**
 * What an environment's account answers at plan time: the parameters the
 * platform layers publish in SSM, zones, the Route 53 zone. Used by the
 * plan synthesizer for rendered Terraform (TEST DATA, not a cloud).
 */
export function cloudOf(environment: string): CloudContext {
  const env = ENVIRONMENTS.find(e => e.name === environment);
  if (!env) throw new Error(`no test environment ${environment}`);
  const n = ENVIRONMENTS.indexOf(env) + 1;
  const issuer = `https://oidc.eks.${env.cloud.region}.amazonaws.com/id/EXAMPLE${n}D539D4633E53DE1B71EXAMPLE`;
  return {
    accountId: env.cloud.account,
    region: env.cloud.region,
    projectNumber: '100000000001',
    data: {
      'aws_ssm_parameter.cluster_oidc_provider_arn': {
        value: `arn:aws:iam::${
          env.cloud.account
        }:oidc-provider/${issuer.replace('https://', '')}`,
      },
      'aws_ssm_parameter.cluster_oidc_issuer': { value: issuer },
      'aws_ssm_parameter.vpc_id': { value: `vpc-0a1b2c3d4e5f6000${n}` },
      'aws_ssm_parameter.vpc_cidr': { value: '10.20.0.0/16' },
      'aws_ssm_parameter.private_subnet_ids': {
        value: `subnet-0a1b2c3d4e5f6${n}001,subnet-0a1b2c3d4e5f6${n}002,subnet-0a1b2c3d4e5f6${n}003`,
      },
      'aws_ssm_parameter.access_log_bucket': {
        value: `acme-access-logs-${env.name}-${env.cloud.account}`,
      },
      'aws_route53_zone.environment': {
        zone_id: 'Z0123456789EXAMPLE',
        name: `${env.name}.example.com`,
      },
      // Azure: the environment's cluster and network, found by name.
      ...azureEnvironment(env.name, env.cloud.account),
    },
  };
}

/** What an Azure environment's subscription answers about its platform layer. */
function azureEnvironment(name: string, subscription: string) {
  const group = `rg-acme-${name}-platform`;
  const vnet = `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.Network/virtualNetworks/vnet-platform-${name}`;
  return {
    'azurerm_resources.cluster': {
      resources: [
        {
          name: `platform-${name}`,
          resource_group_name: group,
          id: `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.ContainerService/managedClusters/platform-${name}`,
        },
      ],
    },
    'azurerm_kubernetes_cluster.platform': {
      oidc_issuer_url: `https://westeurope.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000001/${name}0c1d2e3f/`,
      kubelet_identity: [
        {
          object_id: '00000000-0000-0000-0000-0000000c0be1',
          client_id: '00000000-0000-0000-0000-0000000c0be2',
        },
      ],
    },
    'azurerm_resources.network': {
      resources: [
        { name: `vnet-platform-${name}`, resource_group_name: group, id: vnet },
      ],
    },
    'azurerm_subnet.nodes': { id: `${vnet}/subnets/snet-nodes` },
    'azurerm_subnet.database': { id: `${vnet}/subnets/snet-postgres` },
    'azurerm_private_dns_zone.postgres': {
      id: `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.Network/privateDnsZones/platform-${name}.private.postgres.database.azure.com`,
    },
  };
}

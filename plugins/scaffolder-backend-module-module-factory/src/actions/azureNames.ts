import { createHash } from 'node:crypto';

/**
 * Names of a service's Azure resources whose names are global (DNS names
 * under vault.azure.net, azurecr.io, blob.core.windows.net,
 * postgres.database.azure.com, servicebus.windows.net), so a service name alone can collide with
 * another tenant's. A short hash of subscription, environment and service
 * makes them unique yet the same on every render, which lets the service's
 * Terraform, its overlays and workload.yaml's key vault agree without
 * reading each other's outputs. Each fits its resource's naming rule.
 */
export interface AzureServiceNames {
  /** 3-24 letters, digits and single '-'. */
  keyVault: string;
  /** 5-50 letters and digits (the image registry, in the first environment). */
  registry: string;
  /** 3-24 lower-case letters and digits. */
  storageAccount: string;
  /** 3-63 lower-case letters, digits and '-'. */
  postgresServer: string;
  /**
   * The queue's Service Bus namespace (azure-queue): 6-50 letters, digits
   * and '-', a letter first, a letter or digit last, not ending in -sb or
   * -mgmt.
   */
  serviceBusNamespace: string;
  /**
   * Production's second key vault, in the paired region: a database's
   * geo-redundant backups are encrypted with a key there (azure-baseline).
   */
  geoKeyVault: string;
}

export function azureServiceNames(
  subscription: string,
  environment: string,
  service: string,
): AzureServiceNames {
  const hash = createHash('sha256')
    .update(`${subscription}/${environment}/${service}`)
    .digest('hex');
  const dashed = service.replace(/-+/g, '-');
  const plain = service.replace(/-/g, '');
  const cut = (s: string, n: number) => s.slice(0, n).replace(/-+$/, '');
  return {
    keyVault: `kv-${cut(dashed, 13)}-${hash.slice(0, 6)}`,
    registry: `${cut(plain, 40)}${hash.slice(0, 8)}`,
    storageAccount: `st${cut(plain, 14)}${hash.slice(0, 8)}`,
    geoKeyVault: `kv-${cut(dashed, 12)}-g${hash.slice(6, 12)}`,
    postgresServer: `psql-${cut(dashed, 40)}-${cut(
      environment,
      10,
    )}-${hash.slice(0, 6)}`,
    // Ends with the hash (hex, no '-'): never -sb or -mgmt.
    serviceBusNamespace: `sb-${cut(dashed, 36)}-${hash.slice(0, 8)}`,
  };
}

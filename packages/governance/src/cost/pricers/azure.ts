import { asNumber, blocks } from '../../plan/values';
import type { AzureRegionPrices } from '../prices/types';
import {
  component,
  hourly,
  known,
  optional,
  price,
  priced,
  Pricer,
  PricingInput,
  regionPricesOf,
  UnpricedError,
} from './common';
import { diskTier } from './azureDisks';
import { AZURE_SERVICE_PRICERS } from './azureServices';

function regionPrices(input: PricingInput) {
  return regionPricesOf(input, 'azure');
}

const DEFAULT_OS_DISK_GB = 30;

const azureLinuxVm: Pricer = input => {
  const prices = regionPrices(input);
  const size = known(input, 'size');
  if (typeof size !== 'string' || !size)
    throw new UnpricedError('size is not set');
  const osDisk = blocks(input.values.os_disk)[0] ?? {};
  const storageType =
    typeof osDisk.storage_account_type === 'string'
      ? osDisk.storage_account_type
      : 'Standard_LRS';
  let diskGb = asNumber(osDisk.disk_size_gb ?? null);
  if (diskGb === undefined) {
    input.assume(
      `OS disk size comes from the image; assumed ${DEFAULT_OS_DISK_GB} GB`,
    );
    diskGb = DEFAULT_OS_DISK_GB;
  }
  const tier = diskTier(storageType, diskGb);
  return priced(
    hourly(
      input,
      `Virtual machine (${size}, Linux, pay-as-you-go)`,
      price(prices.vms, size, 'VM size', input.region),
    ),
    component(
      `OS disk (${storageType} ${tier})`,
      'disks',
      1,
      price(prices.diskTiers, tier, 'disk tier', input.region),
    ),
  );
};

const azureFirewall: Pricer = input => {
  const prices = regionPrices(input);
  const tierValue = optional(input, 'sku_tier');
  const tier =
    typeof tierValue === 'string' && tierValue ? tierValue : 'Standard';
  if (tierValue === undefined)
    input.assume(
      'sku_tier not known at plan time; Standard assumed (the provider default)',
    );
  const hour =
    prices.firewallHour[tier as keyof AzureRegionPrices['firewallHour']];
  if (hour === undefined)
    throw new UnpricedError(
      `firewall tier "${tier}" is not in the price table`,
    );
  const hub = blocks(input.values.virtual_hub).length > 0;
  input.assume('data processed is usage-priced and not included');
  return priced(
    hourly(
      input,
      `Firewall deployment (${tier}${hub ? ', secured virtual hub' : ''})`,
      hour,
    ),
  );
};

const azurePublicIp: Pricer = input => {
  const prices = regionPrices(input);
  const sku = typeof input.values.sku === 'string' ? input.values.sku : 'Basic';
  const hour =
    prices.publicIpHour[sku as keyof AzureRegionPrices['publicIpHour']];
  if (hour === undefined)
    throw new UnpricedError(`public IP sku "${sku}" is not in the price table`);
  return priced(hourly(input, `Public IP address (${sku})`, hour));
};

/**
 * A registry bills its SKU by the day, storage up to the SKU's allowance
 * included; storage beyond it and data transfer are usage.
 */
const azureContainerRegistry: Pricer = input => {
  const prices = regionPrices(input);
  const sku = known(input, 'sku');
  const day =
    prices.containerRegistryDay[
      sku as keyof AzureRegionPrices['containerRegistryDay']
    ];
  if (day === undefined)
    throw new UnpricedError(
      `container registry sku "${String(sku)}" is not in the price table`,
    );
  input.assume(
    'storage beyond the SKU allowance and data transfer are usage-priced and not included',
  );
  return priced(
    component(
      `Container registry (${String(sku)})`,
      'days',
      input.table.hoursPerMonth / 24,
      day,
    ),
  );
};

/**
 * A Service Bus namespace bills by the hour: Standard a base charge with 13
 * million operations a month included, Premium per messaging unit
 * (`capacity`) with operations included. Basic has no base charge.
 */
const azureServiceBusNamespace: Pricer = input => {
  const prices = regionPrices(input);
  const sku = known(input, 'sku');
  if (sku === 'Basic') {
    return {
      status: 'usage-priced',
      components: [],
      reason: 'Basic is priced by operations only',
    };
  }
  const hour =
    prices.serviceBusHour[sku as keyof AzureRegionPrices['serviceBusHour']];
  if (hour === undefined)
    throw new UnpricedError(
      `Service Bus sku "${String(sku)}" is not in the price table`,
    );
  if (sku === 'Standard') {
    input.assume(
      'operations beyond the 13 million a month the base charge includes are usage-priced and not included',
    );
    return priced(
      hourly(input, 'Service Bus namespace (Standard, base)', hour),
    );
  }
  const units = asNumber(known(input, 'capacity') ?? null) ?? 1;
  return priced(
    hourly(
      input,
      `Service Bus messaging units (Premium, ${units})`,
      hour,
      Math.max(units, 1),
    ),
  );
};

export const AZURE_PRICERS: Readonly<Record<string, Pricer>> = {
  azurerm_linux_virtual_machine: azureLinuxVm,
  azurerm_firewall: azureFirewall,
  azurerm_public_ip: azurePublicIp,
  azurerm_container_registry: azureContainerRegistry,
  azurerm_servicebus_namespace: azureServiceBusNamespace,
  ...AZURE_SERVICE_PRICERS,
};

import { asNumber, blocks } from '../../plan/values';
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
import { GCP_SERVICE_PRICERS } from './gcpServices';

function regionPrices(input: PricingInput) {
  return regionPricesOf(input, 'gcp');
}

const DEFAULT_BOOT_GB = 10;

const googleComputeInstance: Pricer = input => {
  const prices = regionPrices(input);
  const machine = known(input, 'machine_type');
  if (typeof machine !== 'string' || !machine)
    throw new UnpricedError('machine_type is not set');
  input.assume('on-demand, no sustained-use or committed-use discount');
  const boot = blocks(blocks(input.values.boot_disk)[0]?.initialize_params)[0];
  const size = asNumber(boot?.size ?? null);
  const type =
    typeof boot?.type === 'string' && boot.type ? boot.type : undefined;
  if (size === undefined || !type) {
    input.assume(
      `boot disk ${
        size === undefined
          ? `size comes from the image; assumed ${DEFAULT_BOOT_GB} GB`
          : `${size} GB`
      }, ${type ?? 'type assumed pd-standard'}`,
    );
  }
  const diskType = type ?? 'pd-standard';
  return priced(
    hourly(
      input,
      `Instance usage (${machine})`,
      price(prices.machines, machine, 'machine type', input.region),
    ),
    component(
      `Boot disk (${diskType})`,
      'GB-months',
      size ?? DEFAULT_BOOT_GB,
      price(prices.disks, diskType, 'disk type', input.region),
    ),
  );
};

const googleComputeDisk: Pricer = input => {
  const prices = regionPrices(input);
  const size = asNumber(known(input, 'size') ?? null);
  if (size === undefined) throw new UnpricedError('size is not set');
  const type =
    typeof input.values.type === 'string' && input.values.type
      ? input.values.type
      : 'pd-standard';
  return priced(
    component(
      `Disk (${type})`,
      'GB-months',
      size,
      price(prices.disks, type, 'disk type', input.region),
    ),
  );
};

/** vCPUs and GB of memory of a Cloud SQL dedicated-core tier. */
function cloudSqlShape(tier: string): { vcpus: number; memoryGb: number } {
  const custom = /^db-custom-(\d+)-(\d+)$/.exec(tier);
  if (custom)
    return { vcpus: Number(custom[1]), memoryGb: Number(custom[2]) / 1024 };
  const n1 = /^db-n1-(standard|highmem)-(\d+)$/.exec(tier);
  if (n1) {
    const vcpus = Number(n1[2]);
    return { vcpus, memoryGb: vcpus * (n1[1] === 'standard' ? 3.75 : 6.5) };
  }
  throw new UnpricedError(
    `tier "${tier}" is not a dedicated-core tier the estimate knows (shared-core tiers are priced per instance)`,
  );
}

const googleSqlDatabaseInstance: Pricer = input => {
  const prices = regionPrices(input).cloudSql;
  if (!prices)
    throw new UnpricedError(
      `no Cloud SQL prices for region ${input.region} in the price table`,
    );
  const version = known(input, 'database_version');
  if (typeof version !== 'string' || !/^(POSTGRES|MYSQL)_/.test(version))
    throw new UnpricedError(
      `database_version ${String(
        version,
      )}: only MySQL and PostgreSQL are priced`,
    );
  const settings = blocks(input.values.settings)[0] ?? {};
  const tier = known(input, ['settings', 0, 'tier']);
  if (typeof tier !== 'string' || !tier)
    throw new UnpricedError('settings.tier is not set');
  const edition = optional(input, ['settings', 0, 'edition']);
  if (edition === 'ENTERPRISE_PLUS')
    throw new UnpricedError(
      'Enterprise Plus edition is not in the price table',
    );
  const { vcpus, memoryGb } = cloudSqlShape(tier);
  // A regional instance runs a standby in another zone, billed as much.
  const ha = settings.availability_type === 'REGIONAL' ? 2 : 1;
  const size = asNumber(optional(input, ['settings', 0, 'disk_size']) ?? null);
  if (size === undefined) input.assume('disk size assumed 10 GB');
  const hdd = settings.disk_type === 'PD_HDD';
  input.assume(
    'on-demand; storage at its initial size (automatic increases, backups and network not included)',
  );
  const suffix = ha === 2 ? ', high availability' : '';
  return priced(
    hourly(input, `vCPUs (${tier}${suffix})`, prices.vcpuHour, vcpus * ha),
    hourly(
      input,
      `Memory GB (${tier}${suffix})`,
      prices.memoryGbHour,
      memoryGb * ha,
    ),
    component(
      `Storage (${hdd ? 'HDD' : 'SSD'}${suffix})`,
      'GB-months',
      (size ?? 10) * ha,
      hdd ? prices.hddGbMonth : prices.ssdGbMonth,
    ),
  );
};

const googleKmsCryptoKey: Pricer = input => {
  const monthly = regionPrices(input).kmsKeyVersionMonth;
  if (monthly === undefined)
    throw new UnpricedError(`no Cloud KMS prices for region ${input.region}`);
  input.assume(
    'one active key version; each rotation adds a version, billed until it is destroyed',
  );
  return priced(component('Active key version', 'months', 1, monthly));
};

/** Storage-priced resources: nothing without a storageGb usage figure. */
const storageOnly =
  (name: string, pick: (input: PricingInput) => number | undefined): Pricer =>
  input => {
    const gb = input.usage?.storageGb;
    if (gb === undefined) {
      return {
        status: 'usage-priced',
        components: [],
        reason: 'priced by stored GB; no usage figure given',
      };
    }
    const unit = pick(input);
    if (unit === undefined)
      throw new UnpricedError(`no ${name} price for region ${input.region}`);
    input.assume('operations and network not included');
    return {
      status: 'usage-priced',
      reason: 'priced from the usage figures given',
      components: [component(name, 'GB-months', gb, unit)],
    };
  };

export const GCP_PRICERS: Readonly<Record<string, Pricer>> = {
  google_compute_instance: googleComputeInstance,
  google_compute_disk: googleComputeDisk,
  google_sql_database_instance: googleSqlDatabaseInstance,
  google_kms_crypto_key: googleKmsCryptoKey,
  google_storage_bucket: storageOnly(
    'Storage (Standard)',
    input => regionPrices(input).gcsStandardGbMonth,
  ),
  google_artifact_registry_repository: storageOnly(
    'Storage',
    input => regionPrices(input).artifactRegistryGbMonth,
  ),
  ...GCP_SERVICE_PRICERS,
};

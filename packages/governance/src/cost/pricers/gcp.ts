import { asNumber, blocks } from '../../plan/values';
import {
  component,
  hourly,
  known,
  price,
  priced,
  Pricer,
  PricingInput,
  regionPricesOf,
  UnpricedError,
} from './common';

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

export const GCP_PRICERS: Readonly<Record<string, Pricer>> = {
  google_compute_instance: googleComputeInstance,
  google_compute_disk: googleComputeDisk,
};

import { UnpricedError } from './common';

const TIER_SIZES: Array<[string, number]> = [
  ['4', 32],
  ['6', 64],
  ['10', 128],
  ['15', 256],
  ['20', 512],
  ['30', 1024],
];
const TIER_PREFIX: Record<string, string> = {
  Premium_LRS: 'P',
  StandardSSD_LRS: 'E',
  Standard_LRS: 'S',
};

/** Managed disks bill by the tier that holds the size (31 GB → P4/E4/S4 at 32 GiB). */
export function diskTier(storageType: string, sizeGb: number): string {
  const prefix = TIER_PREFIX[storageType];
  if (!prefix)
    throw new UnpricedError(
      `disk type "${storageType}" is not in the price table`,
    );
  const tier = TIER_SIZES.find(([, size]) => sizeGb <= size);
  if (!tier)
    throw new UnpricedError(`disks above 1 TiB are not in the price table`);
  return `${prefix}${tier[0]}`;
}

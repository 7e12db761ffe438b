import type { AwsEbsPrices } from '../prices/types';
import { component, UnpricedError } from './common';
import type { CostComponent } from '../types';

interface EbsVolumeSpec {
  label: string;
  type: string;
  sizeGb: number;
  iops?: number;
  throughput?: number;
}

const GP3_BASE_IOPS = 3000;
const GP3_BASE_THROUGHPUT = 125;
const IO2_TIER_LIMITS = [32000, 64000];

/** Monthly components of one EBS volume, shared by volumes and instance block devices. */
export function ebsComponents(
  spec: EbsVolumeSpec,
  prices: AwsEbsPrices,
): CostComponent[] {
  const { label, type, sizeGb } = spec;
  const iops = spec.iops ?? 0;
  switch (type) {
    case 'gp2':
    case 'st1':
    case 'sc1':
    case 'standard':
      return [
        component(
          `${label} storage (${type})`,
          'GB-months',
          sizeGb,
          prices[type],
        ),
      ];
    case 'gp3': {
      const out = [
        component(`${label} storage (gp3)`, 'GB-months', sizeGb, prices.gp3),
      ];
      if (iops > GP3_BASE_IOPS) {
        out.push(
          component(
            `${label} IOPS above ${GP3_BASE_IOPS} (gp3)`,
            'IOPS-months',
            iops - GP3_BASE_IOPS,
            prices.gp3Iops,
          ),
        );
      }
      const throughput = spec.throughput ?? 0;
      if (throughput > GP3_BASE_THROUGHPUT) {
        out.push(
          component(
            `${label} throughput above ${GP3_BASE_THROUGHPUT} MB/s (gp3)`,
            'MBps-months',
            throughput - GP3_BASE_THROUGHPUT,
            prices.gp3Throughput,
          ),
        );
      }
      return out;
    }
    case 'io1':
      return [
        component(`${label} storage (io1)`, 'GB-months', sizeGb, prices.io1),
        component(
          `${label} provisioned IOPS (io1)`,
          'IOPS-months',
          iops,
          prices.io1Iops,
        ),
      ];
    case 'io2': {
      const out = [
        component(`${label} storage (io2)`, 'GB-months', sizeGb, prices.io2),
      ];
      const tiers = [
        Math.min(iops, IO2_TIER_LIMITS[0]),
        Math.max(0, Math.min(iops, IO2_TIER_LIMITS[1]) - IO2_TIER_LIMITS[0]),
        Math.max(0, iops - IO2_TIER_LIMITS[1]),
      ];
      const names = ['up to 32,000', '32,001-64,000', 'above 64,000'];
      tiers.forEach((q, i) => {
        if (q > 0)
          out.push(
            component(
              `${label} IOPS ${names[i]} (io2)`,
              'IOPS-months',
              q,
              prices.io2IopsTiers[i],
            ),
          );
      });
      return out;
    }
    default:
      throw new UnpricedError(
        `EBS volume type "${type}" is not in the price table`,
      );
  }
}

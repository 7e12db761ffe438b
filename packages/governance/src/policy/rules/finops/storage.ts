import { ebsComponents } from '../../../cost/pricers/awsEbs';
import { asNumber } from '../../../plan/values';
import { notApplicable, pass, resourceRule } from '../helpers';
import { money, regionPrices, saving, warnSaving } from './support';

export const gp2ToGp3 = resourceRule(
  {
    id: 'GW-AWS-451',
    title: 'EBS volumes use gp3 rather than gp2',
    severity: 'low',
    resourceTypes: ['aws_ebs_volume'],
    rationale:
      'gp3 costs about 20% less per GB than gp2 and gives 3,000 IOPS and 125 MB/s at any size; ' +
      'gp2 is only kept by habit.',
    remediation: {
      text: 'Change type to gp3 (an in-place modification, no downtime).',
      terraform: [
        'resource "aws_ebs_volume" "data" {',
        '  availability_zone = "eu-west-1a"',
        '  size              = 500',
        '  type              = "gp3"',
        '}',
      ].join('\n'),
    },
    references: {
      docs: [
        'https://aws.amazon.com/ebs/pricing/',
        'https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html',
      ],
    },
  },
  (volume, ctx) => {
    const type = ctx.read(volume, ['type']);
    if (type.state !== 'known' && type.configured)
      return notApplicable('type is only known after apply.');
    const named =
      type.state === 'known' && typeof type.value === 'string' && type.value;
    const typeName = named || 'gp2';
    if (typeName !== 'gp2') return pass(`type is ${typeName}.`);
    const size = asNumber(volume.after?.size ?? null);
    const { region, prices } = regionPrices(ctx, volume);
    const what = `type is gp2${
      named ? '' : ' (not set; the EC2 default)'
    }; change it to gp3`;
    if (size === undefined || !prices)
      return warnSaving(
        `${what}. No figure: ${
          size === undefined ? 'size is not known' : `no prices for ${region}`
        }.`,
      );
    const monthly = size * (prices.ebs.gp2 - prices.ebs.gp3);
    return warnSaving(
      `${what}: saves about ${money(monthly)}/month.`,
      saving(
        monthly,
        `${size} GB × (gp2 ${prices.ebs.gp2} − gp3 ${prices.ebs.gp3}) USD/GB-month in ${region}`,
      ),
    );
  },
);

export const unattachedVolume = resourceRule(
  {
    id: 'GW-AWS-452',
    title: 'EBS volumes are attached to an instance',
    severity: 'low',
    resourceTypes: ['aws_ebs_volume'],
    rationale:
      'A volume nobody mounts is billed every month for its full size; unattached volumes are ' +
      'the most common leftover of a replaced instance.',
    remediation: {
      text: 'Attach the volume with aws_volume_attachment, or snapshot it and delete it.',
      terraform: [
        'resource "aws_volume_attachment" "data" {',
        '  device_name = "/dev/sdf"',
        '  volume_id   = aws_ebs_volume.data.id',
        '  instance_id = aws_instance.app.id',
        '}',
      ].join('\n'),
    },
    references: { docs: ['https://aws.amazon.com/ebs/pricing/'] },
  },
  (volume, ctx) => {
    const attachments = ctx.plan.relations.liveReferrers(
      volume,
      'aws_volume_attachment',
      'volume_id',
    );
    if (attachments.length > 0)
      return pass(`Attached by ${attachments[0].address}.`);
    const orphans = ctx.plan.relations.liveUnresolved(
      'aws_volume_attachment',
      'volume_id',
    );
    if (orphans.length > 0)
      return pass(
        `No attachment is tied to the volume, but ${orphans[0].address} could not be tied to a volume and may attach it.`,
      );
    const size = asNumber(volume.after?.size ?? null);
    const type =
      typeof volume.after?.type === 'string' ? volume.after.type : 'gp2';
    const { region, prices } = regionPrices(ctx, volume);
    const what =
      'No aws_volume_attachment attaches this volume: it is billed while unused';
    if (size === undefined || !prices)
      return warnSaving(
        `${what}. No figure: ${
          size === undefined ? 'size is not known' : `no prices for ${region}`
        }.`,
      );
    let monthly: number;
    try {
      monthly = ebsComponents(
        {
          label: 'Volume',
          type,
          sizeGb: size,
          iops: asNumber(volume.after?.iops ?? null),
          throughput: asNumber(volume.after?.throughput ?? null),
        },
        prices.ebs,
      ).reduce((sum, c) => sum + c.monthly, 0);
    } catch {
      return warnSaving(
        `${what}. No figure: ${type} is not in the price table.`,
      );
    }
    return warnSaving(
      `${what}; deleting it saves about ${money(monthly)}/month.`,
      saving(monthly, `${size} GB ${type} at ${region} EBS prices`),
    );
  },
);

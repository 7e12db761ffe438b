import { Config } from '@backstage/config';

export interface AwsCostExplorerConfig {
  /** Cost-allocation tag key whose values name entities, e.g. `groundwork:entity`. */
  tagKey: string;
  region: string;
  endpoint?: string;
  metric: string;
  credentials?: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  };
}

/** Reads `platformStatus.cost.aws`; undefined when it is absent. */
export function readAwsCostExplorerConfig(
  root: Config,
): AwsCostExplorerConfig | undefined {
  const aws = root.getOptionalConfig('platformStatus.cost.aws');
  if (!aws) return undefined;
  const accessKeyId = aws.getOptionalString('accessKeyId');
  const secretAccessKey = aws.getOptionalString('secretAccessKey');
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new TypeError(
      'platformStatus.cost.aws needs both accessKeyId and secretAccessKey, or neither (then the default AWS credential chain is used).',
    );
  }
  return {
    tagKey: aws.getString('tagKey'),
    region: aws.getOptionalString('region') ?? 'us-east-1',
    endpoint: aws.getOptionalString('endpoint'),
    metric: aws.getOptionalString('metric') ?? 'UnblendedCost',
    credentials:
      accessKeyId && secretAccessKey
        ? {
            accessKeyId,
            secretAccessKey,
            sessionToken: aws.getOptionalString('sessionToken'),
          }
        : undefined,
  };
}

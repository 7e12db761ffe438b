import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandInput,
  GetCostAndUsageCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import type { GroundworkEnvironment } from '@groundwork/plugin-groundwork-common';
import {
  CostActual,
  CostActualsResult,
  CostActualsSource,
  monthToDate,
} from '@groundwork/plugin-platform-status-node';
import type { AwsCostExplorerConfig } from './config';

const MAX_PAGES = 50;

/**
 * Actual cost from AWS Cost Explorer: one `GetCostAndUsage` query per cycle
 * (plus its pages), grouped by the cost-allocation tag and by linked account,
 * which tells environments apart when each has its own account
 * (`groundwork.environments[].cloud.account`).
 */
export class AwsCostExplorerSource implements CostActualsSource {
  readonly name = 'aws-cost-explorer';
  private readonly client: CostExplorerClient;

  constructor(
    private readonly config: AwsCostExplorerConfig,
    client?: CostExplorerClient,
  ) {
    this.client =
      client ??
      new CostExplorerClient({
        region: config.region,
        endpoint: config.endpoint,
        credentials: config.credentials,
        maxAttempts: 3,
      });
  }

  /** Accounts that belong to exactly one environment. */
  private accounts(environments: GroundworkEnvironment[]) {
    const byAccount = new Map<string, string[]>();
    for (const env of environments) {
      if (env.cloud?.provider !== 'aws') continue;
      const list = byAccount.get(env.cloud.account) ?? [];
      list.push(env.name);
      byAccount.set(env.cloud.account, list);
    }
    return new Map(
      [...byAccount]
        .filter(([, envs]) => envs.length === 1)
        .map(([account, envs]) => [account, envs[0]]),
    );
  }

  covers(environment: GroundworkEnvironment): boolean {
    return environment.cloud?.provider === 'aws';
  }

  async fetchMonthToDate(request: {
    allocations: string[];
    environments: GroundworkEnvironment[];
    now: Date;
    signal?: AbortSignal;
  }): Promise<CostActualsResult> {
    const period = monthToDate(request.now);
    const aws = request.environments.filter(e => this.covers(e));
    const accounts = this.accounts(aws);
    const shared = aws.filter(e => e.cloud && !accounts.has(e.cloud.account));
    if (shared.length > 0) {
      throw new Error(
        `The environments ${shared
          .map(e => e.name)
          .join(
            ', ',
          )} share an AWS account, so Cost Explorer cannot tell their spend apart; give each environment its own account in groundwork.environments[].cloud.account.`,
      );
    }
    const wanted = new Set(request.allocations);
    const tagKey = this.config.tagKey;
    const input: GetCostAndUsageCommandInput = {
      TimePeriod: { Start: period.start, End: period.end },
      Granularity: 'MONTHLY',
      Metrics: [this.config.metric],
      GroupBy: [
        { Type: 'TAG', Key: tagKey },
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
      ],
      Filter: {
        Dimensions: { Key: 'LINKED_ACCOUNT', Values: [...accounts.keys()] },
      },
    };
    const totals = new Map<string, CostActual>();
    let currency = 'USD';
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      let output: GetCostAndUsageCommandOutput;
      try {
        output = await this.client.send(
          new GetCostAndUsageCommand({ ...input, NextPageToken: token }),
          { abortSignal: request.signal },
        );
      } catch (error) {
        throw new Error(explain(error, tagKey));
      }
      for (const result of output.ResultsByTime ?? []) {
        for (const group of result.Groups ?? []) {
          const [tag, account] = group.Keys ?? [];
          // Tag group keys come back as `key$value`; `key$` is untagged spend.
          const allocation = tag?.slice(tag.indexOf('$') + 1) ?? '';
          const environment = account ? accounts.get(account) : undefined;
          if (!allocation || !environment || !wanted.has(allocation)) continue;
          const metric = group.Metrics?.[this.config.metric];
          const amount = Number(metric?.Amount ?? 0);
          if (!Number.isFinite(amount)) continue;
          if (metric?.Unit) currency = metric.Unit;
          const id = `${allocation}\n${environment}`;
          const sum = totals.get(id) ?? { allocation, environment, amount: 0 };
          sum.amount += amount;
          totals.set(id, sum);
        }
      }
      token = output.NextPageToken;
      if (!token) break;
    }
    return {
      currency,
      period,
      items: [...totals.values()].map(t => ({
        ...t,
        amount: Math.round(t.amount * 100) / 100,
      })),
    };
  }
}

function explain(error: unknown, tagKey: string): string {
  const e = error as { name?: string; message?: string };
  const base = `AWS Cost Explorer GetCostAndUsage failed: ${
    e.name ?? 'Error'
  }: ${e.message}`;
  switch (e.name) {
    case 'AccessDeniedException':
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'CredentialsProviderError':
      return `${base}. Give the backend's AWS identity ce:GetCostAndUsage (platformStatus.cost.aws credentials, or the default credential chain).`;
    case 'DataUnavailableException':
      return `${base}. Cost Explorer has no data for this period yet; it fills in within 24 hours of enabling it.`;
    case 'LimitExceededException':
      return `${base}. The Cost Explorer request quota was exceeded; lengthen platformStatus.cost.schedule.`;
    case 'ValidationException':
      return `${base}. Check that the cost-allocation tag "${tagKey}" is activated in the AWS Billing console.`;
    default:
      return base;
  }
}

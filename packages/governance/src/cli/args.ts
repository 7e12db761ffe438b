export type OutputFormat = 'table' | 'json' | 'markdown' | 'sarif';

export interface EvaluateArgs {
  command: 'evaluate';
  plan: string;
  policy?: string;
  environment?: string;
  format: OutputFormat;
  prices?: string;
  usage?: string;
  maxPlanMb?: number;
  /** Fetch prices from the providers' price APIs (through the disk cache). */
  livePrices?: boolean;
  /** Directory of the live price cache. */
  priceCache?: string;
}

interface RulesArgs {
  command: 'rules';
  format: OutputFormat;
}

type CliArgs =
  | EvaluateArgs
  | RulesArgs
  | { command: 'help' }
  | { command: 'version' };

/** A command line that cannot be run; the message says how to fix it. */
export class UsageError extends Error {}

const FORMATS: readonly OutputFormat[] = ['table', 'json', 'markdown', 'sarif'];
const VALUE_FLAGS = new Set([
  '--policy',
  '--environment',
  '--format',
  '--prices',
  '--usage',
  '--max-plan-mb',
  '--price-cache',
]);

export const USAGE = `Usage:
  groundwork-governance <plan.json|-> [--policy FILE] [--environment NAME]
                        [--format table|json|markdown|sarif] [--prices FILE]
                        [--usage FILE] [--max-plan-mb N]
                        [--live-prices [--price-cache DIR]]
  groundwork-governance rules [--format table|json|markdown]

--live-prices reads current list prices from the AWS Price List API,
the Azure Retail Prices API and (with GOOGLE_CLOUD_BILLING_API_KEY) the
Cloud Billing Catalog API for the regions and types the plan uses, cached
for 7 days in --price-cache DIR (default $XDG_CACHE_HOME/groundwork/prices);
offline, the cached or shipped prices are used and stderr says so.

Reads what \`terraform show -json plan.tfplan\` prints ("-" reads stdin).
--usage FILE takes usage figures by address (JSON or YAML) or an Infracost
usage file (infracost-usage.yml).
Exit status: 0 nothing blocks, 1 a failure at or above the environment's
blocking threshold, 2 bad input.`;

export function parseArgs(argv: readonly string[]): CliArgs {
  const values = new Map<string, string>();
  const positional: string[] = [];
  let livePrices = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { command: 'help' };
    if (arg === '--version') return { command: 'version' };
    if (arg === '--live-prices') {
      livePrices = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUE_FLAGS.has(flag)) {
      const value =
        eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value.`);
      values.set(flag, value);
    } else if (arg.startsWith('--')) {
      throw new UsageError(`Unknown option ${arg}.`);
    } else {
      positional.push(arg);
    }
  }
  const format = (values.get('--format') ?? 'table') as OutputFormat;
  if (!FORMATS.includes(format)) {
    throw new UsageError(
      `--format must be one of ${FORMATS.join(', ')}; got "${format}".`,
    );
  }
  if (positional[0] === 'rules') {
    if (format === 'sarif')
      throw new UsageError('rules can be listed as table, json or markdown.');
    return { command: 'rules', format };
  }
  if (positional.length !== 1) {
    throw new UsageError(
      positional.length === 0
        ? 'Pass the plan JSON file (or - for stdin).'
        : `Expected one plan file, got ${positional.join(' ')}.`,
    );
  }
  let maxPlanMb: number | undefined;
  if (values.has('--max-plan-mb')) {
    maxPlanMb = Number(values.get('--max-plan-mb'));
    if (!Number.isFinite(maxPlanMb) || maxPlanMb <= 0)
      throw new UsageError('--max-plan-mb must be a positive number.');
  }
  if (values.has('--price-cache') && !livePrices)
    throw new UsageError('--price-cache is only used with --live-prices.');
  return {
    command: 'evaluate',
    plan: positional[0],
    policy: values.get('--policy'),
    environment: values.get('--environment'),
    format,
    prices: values.get('--prices'),
    usage: values.get('--usage'),
    maxPlanMb,
    livePrices,
    priceCache: values.get('--price-cache'),
  };
}

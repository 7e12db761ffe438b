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
]);

export const USAGE = `Usage:
  groundwork-governance <plan.json|-> [--policy FILE] [--environment NAME]
                        [--format table|json|markdown|sarif] [--prices FILE]
                        [--usage FILE] [--max-plan-mb N]
  groundwork-governance rules [--format table|json|markdown]

Reads what \`terraform show -json plan.tfplan\` prints ("-" reads stdin).
--usage FILE takes usage figures by address (JSON or YAML) or an Infracost
usage file (infracost-usage.yml).
Exit status: 0 nothing blocks, 1 a failure at or above the environment's
blocking threshold, 2 bad input.`;

export function parseArgs(argv: readonly string[]): CliArgs {
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { command: 'help' };
    if (arg === '--version') return { command: 'version' };
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
  return {
    command: 'evaluate',
    plan: positional[0],
    policy: values.get('--policy'),
    environment: values.get('--environment'),
    format,
    prices: values.get('--prices'),
    usage: values.get('--usage'),
    maxPlanMb,
  };
}

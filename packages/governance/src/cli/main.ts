import { promises as fs, readFileSync } from 'fs';
import { dirname, join } from 'path';
import { estimateCost } from '../cost/estimate';
import {
  defaultPriceCacheDir as defaultPriceCacheDirOf,
  DiskPriceCache,
} from '../cost/live/diskCache';
import {
  defaultPriceFetchers,
  loadLivePrices,
  PriceFetchers,
} from '../cost/live/livePrices';
import { priceNeedsOfPlan } from '../cost/live/needs';
import { liveTable, PriceSourceInfo } from '../cost/live/snapshot';
import { CostInputError, mergePrices } from '../cost/mergePrices';
import { DEFAULT_PRICE_TABLE } from '../cost/prices/table';
import type { PriceOverrides } from '../cost/prices/types';
import type { UsageFigures } from '../cost/types';
import { fromInfracostUsage, isInfracostUsage } from '../cost/usage/infracost';
import { parse as parseYaml } from 'yaml';
import { decodePlanBytes } from '../plan/decode';
import { PlanParseError } from '../plan/errors';
import {
  DEFAULT_MAX_PLAN_BYTES,
  parsePlan,
  planTooLargeError,
} from '../plan/parsePlan';
import { evaluatePlan } from '../policy/evaluate';
import { loadPolicyFile, PolicyFileError } from '../policy/policyFile';
import { EvaluateArgs, parseArgs, USAGE, UsageError } from './args';
import { formatJson } from './format/json';
import { formatMarkdown } from './format/markdown';
import type { Report } from './format/report';
import { formatRules } from './format/rules';
import { formatSarif } from './format/sarif';
import { compileCustomRules } from '../policy/custom/compile';
import { formatTable } from './format/table';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  stdin?: NodeJS.ReadableStream;
  /** Environment (`GOOGLE_CLOUD_BILLING_API_KEY`, `XDG_CACHE_HOME`); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Price API clients for --live-prices; default the real ones. */
  priceFetchers?: PriceFetchers;
}

export const EXIT_OK = 0;
export const EXIT_BLOCKING = 1;
export const EXIT_BAD_INPUT = 2;

const FORMATTERS = {
  table: formatTable,
  json: formatJson,
  markdown: formatMarkdown,
  sarif: formatSarif,
};

/** This package's version, found from sources and from the built bundle alike. */
function toolVersion(): string {
  // This is a library and CLI, not a backend plugin: __dirname is the package's own.
  // eslint-disable-next-line no-restricted-syntax
  let dir = __dirname;
  for (let i = 0; i < 4; i++) {
    try {
      const pkg = JSON.parse(
        readFileSync(join(dir, 'package.json'), 'utf8'),
      ) as { name?: string; version?: string };
      if (pkg.name === '@groundwork/governance' && pkg.version)
        return pkg.version;
    } catch {
      // not here; look one directory up
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}

async function readPlanText(
  path: string,
  maxBytes: number,
  stdin?: NodeJS.ReadableStream,
): Promise<string> {
  if (path !== '-') {
    let size: number;
    try {
      size = (await fs.stat(path)).size;
    } catch (e) {
      throw new UsageError(
        `Cannot read the plan file ${path}: ${
          (e as NodeJS.ErrnoException).code ?? (e as Error).message
        }. Check the path.`,
      );
    }
    // Refuse before reading, so an oversized file never reaches memory.
    if (size > maxBytes) throw planTooLargeError(size, maxBytes);
    return decodePlanBytes(await fs.readFile(path));
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stdin ?? process.stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += buf.length;
    if (total > maxBytes) throw planTooLargeError(total, maxBytes);
    chunks.push(buf);
  }
  return decodePlanBytes(Buffer.concat(chunks));
}

async function readJsonFile<T>(path: string, what: string): Promise<T> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `Cannot read the ${what} file ${path}: ${
        (e as NodeJS.ErrnoException).code ?? (e as Error).message
      }.`,
    );
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new UsageError(
      `The ${what} file ${path} is not valid JSON: ${(e as Error).message}.`,
    );
  }
}

/**
 * A usage file: the estimator's own shape (JSON or YAML, figures by address
 * or pattern) or an Infracost usage file (`version` + `resource_usage`),
 * whose warnings go to stderr.
 */
async function readUsageFile(
  path: string,
  io: CliIo,
): Promise<Record<string, UsageFigures>> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `Cannot read the usage file ${path}: ${
        (e as NodeJS.ErrnoException).code ?? (e as Error).message
      }.`,
    );
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new UsageError(
      `The usage file ${path} is not valid JSON or YAML: ${
        (e as Error).message
      }.`,
    );
  }
  if (!isInfracostUsage(doc)) return doc as Record<string, UsageFigures>;
  const read = fromInfracostUsage(doc);
  for (const w of read.warnings) io.stderr(`warning: ${w}`);
  for (const n of read.notes) io.stderr(`note: ${n}`);
  return read.usage;
}

async function evaluate(args: EvaluateArgs, io: CliIo): Promise<number> {
  const maxBytes = args.maxPlanMb
    ? Math.floor(args.maxPlanMb * 1024 * 1024)
    : DEFAULT_MAX_PLAN_BYTES;
  const planText = await readPlanText(args.plan, maxBytes, io.stdin);
  const plan = parsePlan(planText, { maxBytes });
  const policy = args.policy ? await loadPolicyFile(args.policy) : undefined;
  const prices = args.prices
    ? await readJsonFile<PriceOverrides>(args.prices, 'prices')
    : undefined;
  const usage = args.usage ? await readUsageFile(args.usage, io) : undefined;
  let estimateOptions: Parameters<typeof estimateCost>[1] = { prices, usage };
  let priceTable = mergePrices(DEFAULT_PRICE_TABLE, prices);
  if (args.livePrices) {
    const live = await livePriceOptions(args, io, plan);
    // Overrides from --prices still win over live prices.
    priceTable = mergePrices(live.table, prices);
    estimateOptions = {
      usage,
      prices: priceTable,
      priceSources: live.sources,
    };
  }
  const evaluation = evaluatePlan(plan, {
    environment: args.environment,
    policy,
    // FinOps savings use the same prices and usage figures as the estimate.
    priceTable,
    usage,
  });
  const cost = estimateCost(plan, estimateOptions);
  const report: Report = {
    planPath: args.plan,
    planText,
    plan,
    evaluation,
    cost,
    toolVersion: toolVersion(),
    customRules: compileCustomRules(policy?.customRules),
  };
  io.stdout(FORMATTERS[args.format](report));
  return evaluation.summary.blocking ? EXIT_BLOCKING : EXIT_OK;
}

/**
 * Live prices for what the plan uses, through the disk cache; every
 * fallback (offline, failing API, no key) is a note on stderr, never an
 * error: the estimate then says which prices it used.
 */
async function livePriceOptions(
  args: EvaluateArgs,
  io: CliIo,
  plan: ReturnType<typeof parsePlan>,
): Promise<{
  table: typeof DEFAULT_PRICE_TABLE;
  sources: PriceSourceInfo[];
}> {
  const env = io.env ?? process.env;
  const { snapshots, notes } = await loadLivePrices({
    needs: priceNeedsOfPlan(plan, DEFAULT_PRICE_TABLE),
    cache: new DiskPriceCache(args.priceCache ?? defaultPriceCacheDirOf(env)),
    fetchers:
      io.priceFetchers ??
      defaultPriceFetchers({
        gcp: { apiKey: env.GOOGLE_CLOUD_BILLING_API_KEY || undefined },
      }),
  });
  for (const note of notes) io.stderr(`note: ${note}\n`);
  return liveTable(DEFAULT_PRICE_TABLE, snapshots, new Date());
}

/** Runs the CLI; returns the exit status instead of exiting, for tests and embedding. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
        io.stdout(USAGE);
        return EXIT_OK;
      case 'version':
        io.stdout(toolVersion());
        return EXIT_OK;
      case 'rules':
        io.stdout(formatRules(args.format));
        return EXIT_OK;
      default:
        return await evaluate(args, io);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`error: ${e.message}\n\n${USAGE}`);
      return EXIT_BAD_INPUT;
    }
    if (e instanceof CostInputError) {
      io.stderr(`error: ${e.message}\nFix the --prices / --usage file.`);
      return EXIT_BAD_INPUT;
    }
    if (e instanceof PlanParseError || e instanceof PolicyFileError) {
      io.stderr(`error: ${e.message}`);
      return EXIT_BAD_INPUT;
    }
    throw e;
  }
}

/**
 * Terraform plan governance: reads `terraform show -json` output and answers
 * whether the plan complies with the policy pack and what it will cost.
 *
 * @packageDocumentation
 */

export {
  parsePlan,
  planFromDocument,
  DEFAULT_MAX_PLAN_BYTES,
} from './plan/parsePlan';
export type { ParsePlanOptions } from './plan/parsePlan';
export { loadPlanFile } from './plan/loadPlanFile';
export { PlanParseError } from './plan/errors';
export type { PlanErrorKind } from './plan/errors';
export type {
  Plan,
  PlanResource,
  ResourceAction,
  DriftEntry,
  PlanVariable,
  JsonValue,
  JsonObject,
} from './plan/types';
export type { RelationIndex, LinkVia } from './plan/relations';
export { planSummaryOf } from './plan/summary';
export type { PlanChangeCounts, PlanSummary } from './plan/summary';

export {
  parsePolicy,
  loadPolicyFile,
  PolicyFileError,
  closestRuleId,
} from './policy/policyFile';
export type {
  PolicyFile,
  EnvironmentPolicy,
  RuleOverride,
} from './policy/policyFile';
export { POLICY_JSON_SCHEMA } from './policy/schema';
export type { SchemaIssue } from './policy/schema';
export {
  evaluatePlan,
  resolveEnvironment,
  isBlocking,
  DEFAULT_REQUIRED_TAGS,
  DEFAULT_ENVIRONMENT,
} from './policy/evaluate';
export type { EvaluateOptions, ResolvedEnvironment } from './policy/evaluate';
export { complianceScore, SEVERITY_WEIGHTS } from './policy/score';
export { listRules, remediationOf } from './policy/listRules';
export { SEVERITIES, SEVERITY_RANK, VERDICTS } from './policy/types';
export type {
  Severity,
  Verdict,
  Finding,
  Waiver,
  AppliedWaiver,
  Evaluation,
  EvaluationSummary,
  RuleMetadata,
  RuleReferences,
  CloudProvider,
} from './policy/types';

export {
  estimateCost,
  PRICED_RESOURCE_TYPES,
  pricedResourceTypes,
} from './cost/estimate';
export { parseInfracostUsage } from './cost/usage/infracost';
export type { InfracostUsage } from './cost/usage/infracost';
export { DEFAULT_PRICE_TABLE, PRICE_TABLE_DATE } from './cost/prices/table';
export { CostInputError } from './cost/mergePrices';
export type { PriceTable, PriceOverrides } from './cost/prices/types';
export type {
  Estimate,
  CostLineItem,
  CostComponent,
  CostStatus,
  UnpricedResource,
  UsageFigures,
  EstimateOptions,
} from './cost/types';

export { governPlan } from './govern';
export type { GovernOptions, GovernResult } from './govern';

export { runCli, EXIT_OK, EXIT_BLOCKING, EXIT_BAD_INPUT } from './cli/main';
export type { CliIo } from './cli/main';

export {
  liveTable,
  shippedSource,
  ageInDays,
  asSnapshot,
  regionKey,
  PRICE_PROVIDERS,
  LIVE_SOURCE_OF,
} from './cost/live/snapshot';
export type {
  PriceSnapshot,
  PriceSourceInfo,
  PriceProvider,
  LivePriceSource,
} from './cost/live/snapshot';
export { AwsPriceClient } from './cost/live/aws';
export type { AwsPriceClientOptions, AwsPriceNeeds } from './cost/live/aws';
export { AzurePriceClient } from './cost/live/azure';
export type {
  AzurePriceClientOptions,
  AzurePriceNeeds,
} from './cost/live/azure';
export { GcpPriceClient, GCP_MACHINE_SHAPES } from './cost/live/gcp';
export type { GcpPriceClientOptions, GcpPriceNeeds } from './cost/live/gcp';
export { PriceFetchError, redactUrl } from './cost/live/http';
export { DiskPriceCache, defaultPriceCacheDir } from './cost/live/diskCache';
export type { SnapshotCache } from './cost/live/diskCache';
export { priceNeedsOfPlan, priceNeedsOfTable } from './cost/live/needs';
export type { PriceNeeds } from './cost/live/needs';
export {
  loadLivePrices,
  defaultPriceFetchers,
  DEFAULT_MAX_AGE_DAYS,
} from './cost/live/livePrices';
export type { PriceFetchers } from './cost/live/livePrices';
export { mergePrices } from './cost/mergePrices';

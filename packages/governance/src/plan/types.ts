import type { ConfigIndex } from './configIndex';
import type { RelationIndex } from './relations';

/** A JSON value as found in a plan document. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** An object-shaped JSON value (resource attributes, masks). */
export type JsonObject = { [key: string]: JsonValue };

/**
 * What Terraform will do to a resource. `replace` collapses Terraform's
 * `["delete","create"]` and `["create","delete"]` action pairs.
 */
export type ResourceAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'replace'
  | 'no-op'
  | 'read';

/** One resource instance of the plan, as the rules and the estimator see it. */
export interface PlanResource {
  /** Full address, e.g. `module.vpc.aws_nat_gateway.this[0]`. */
  address: string;
  /** Module instance path, e.g. `module.sg["bad"]`; empty for the root module. */
  moduleAddress: string;
  /** Module path without instance keys (`module.sg`); used to find configuration. */
  configModulePath: string;
  /** Address relative to its module, without instance key: `aws_s3_bucket.this`. */
  configAddress: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** `count` index or `for_each` key, when the resource has one. */
  index?: string | number;
  /** Provider source address, e.g. `registry.terraform.io/hashicorp/aws`. */
  providerName: string;
  /** Short provider name: `aws`, `google`, `azurerm`, ... */
  provider: string;
  action: ResourceAction;
  /** Raw actions as Terraform printed them. */
  actions: string[];
  /** Terraform's `action_reason`, when present (1.x). */
  actionReason?: string;
  before: JsonObject | null;
  after: JsonObject | null;
  /** Mask of values only known after apply (`after_unknown`). */
  afterUnknown: JsonValue;
  beforeSensitive: JsonValue;
  afterSensitive: JsonValue;
}

/** A change Terraform detected outside of Terraform (`resource_drift`). */
export interface DriftEntry {
  address: string;
  type: string;
  actions: string[];
}

/** A root or module variable declaration from the configuration. */
export interface PlanVariable {
  /** `var.name` or `module.x.var.name`. */
  address: string;
  name: string;
  configModulePath: string;
  hasDefault: boolean;
  default: JsonValue | undefined;
  sensitive: boolean;
}

/** A loaded plan: resources, drift, configuration index and relations. */
export interface Plan {
  formatVersion: string;
  terraformVersion?: string;
  /** All resource instances of `resource_changes` (and planned values missing from it). */
  resources: PlanResource[];
  drift: DriftEntry[];
  /** Root variable values (`variables`). */
  variableValues: Record<string, JsonValue>;
  /** Declared variables of every module (with their defaults). */
  variables: PlanVariable[];
  config: ConfigIndex;
  relations: RelationIndex;
  byAddress: ReadonlyMap<string, PlanResource>;
  /** Resources by type, in plan order. */
  byType: ReadonlyMap<string, PlanResource[]>;
  /** Whether the document carried a `configuration` section. */
  hasConfiguration: boolean;
}

import { splitAddressSteps, splitInstanceKey } from './address';
import { ConfigIndex, readExpression } from './configIndex';
import type { JsonObject, JsonValue, PlanResource } from './types';
import { asArray, asObject } from './values';

/**
 * A link that plan values cannot show: `sourceType.attribute` points at a
 * resource of one of `targetTypes` whose id is only known after apply.
 * The attribute may hold one id or a list of ids, and may sit in nested
 * blocks: `vpc_config.security_group_ids` reads the first `vpc_config`.
 */
interface RelationSpec {
  sourceType: string;
  attribute: string;
  targetTypes: string[];
  /** Target attributes whose known value the source attribute may equal. */
  targetKeys: string[];
}

const s3Child = (sourceType: string): RelationSpec => ({
  sourceType,
  attribute: 'bucket',
  targetTypes: ['aws_s3_bucket'],
  targetKeys: ['id', 'bucket'],
});

const sgRule = (sourceType: string): RelationSpec => ({
  sourceType,
  attribute: 'security_group_id',
  targetTypes: ['aws_security_group', 'aws_default_security_group'],
  targetKeys: ['id'],
});

const SG_TYPES = ['aws_security_group', 'aws_default_security_group'];

/** Attributes that attach security groups to a resource. */
const SG_ATTACHMENTS: ReadonlyArray<[string, string]> = [
  ['aws_instance', 'vpc_security_group_ids'],
  ['aws_launch_template', 'vpc_security_group_ids'],
  ['aws_db_instance', 'vpc_security_group_ids'],
  ['aws_rds_cluster', 'vpc_security_group_ids'],
  ['aws_lb', 'security_groups'],
  ['aws_alb', 'security_groups'],
  ['aws_elb', 'security_groups'],
  ['aws_network_interface', 'security_groups'],
  ['aws_elasticache_cluster', 'security_group_ids'],
  ['aws_elasticache_replication_group', 'security_group_ids'],
  ['aws_efs_mount_target', 'security_groups'],
  ['aws_vpc_endpoint', 'security_group_ids'],
  ['aws_redshift_cluster', 'vpc_security_group_ids'],
  ['aws_lambda_function', 'vpc_config.security_group_ids'],
  ['aws_eks_cluster', 'vpc_config.security_group_ids'],
  ['aws_ecs_service', 'network_configuration.security_groups'],
  ['aws_emr_cluster', 'ec2_attributes.emr_managed_master_security_group'],
  ['aws_emr_cluster', 'ec2_attributes.emr_managed_slave_security_group'],
  ['aws_emr_cluster', 'ec2_attributes.additional_master_security_groups'],
  ['aws_emr_cluster', 'ec2_attributes.additional_slave_security_groups'],
];

/** Attributes that name the KMS key a resource encrypts with. */
const KMS_USERS: ReadonlyArray<[string, string]> = [
  ['aws_db_instance', 'kms_key_id'],
  ['aws_rds_cluster', 'kms_key_id'],
  ['aws_eks_cluster', 'encryption_config.provider.key_arn'],
  ['aws_db_instance', 'performance_insights_kms_key_id'],
  ['aws_rds_cluster', 'performance_insights_kms_key_id'],
  ['aws_dynamodb_table', 'server_side_encryption.kms_key_arn'],
];

const simple = (
  sourceType: string,
  attribute: string,
  targetTypes: string[],
  targetKeys: string[],
): RelationSpec => ({ sourceType, attribute, targetTypes, targetKeys });

/** The relations the policy pack and the estimator ask about. */
const RELATION_SPECS: readonly RelationSpec[] = [
  s3Child('aws_s3_bucket_lifecycle_configuration'),
  s3Child('aws_s3_bucket_policy'),
  simple('aws_nat_gateway', 'subnet_id', ['aws_subnet'], ['id']),
  simple('aws_subnet', 'vpc_id', ['aws_vpc', 'aws_default_vpc'], ['id']),
  ...SG_ATTACHMENTS.map(([t, a]) => simple(t, a, SG_TYPES, ['id'])),
  ...KMS_USERS.map(([t, a]) =>
    simple(t, a, ['aws_kms_key'], ['arn', 'key_id', 'id']),
  ),
  // Roles and users are named by name in these resources.
  simple('aws_iam_role_policy_attachment', 'role', ['aws_iam_role'], ['name']),
  simple('aws_iam_role_policy', 'role', ['aws_iam_role'], ['name']),
  simple(
    'aws_iam_role_policy_attachment',
    'policy_arn',
    ['aws_iam_policy'],
    ['arn'],
  ),
  simple('aws_iam_user_login_profile', 'user', ['aws_iam_user'], ['name']),
  simple(
    'aws_sagemaker_notebook_instance',
    'role_arn',
    ['aws_iam_role'],
    ['arn'],
  ),
  // Stage names repeat across APIs: only configuration references tie them.
  simple(
    'aws_api_gateway_method_settings',
    'stage_name',
    ['aws_api_gateway_stage'],
    [],
  ),
  simple(
    'aws_wafv2_web_acl_association',
    'resource_arn',
    ['aws_lb', 'aws_alb', 'aws_api_gateway_stage', 'aws_appsync_graphql_api'],
    ['arn'],
  ),
  simple(
    'aws_wafv2_web_acl_logging_configuration',
    'resource_arn',
    ['aws_wafv2_web_acl'],
    ['arn'],
  ),
  simple(
    'aws_secretsmanager_secret_rotation',
    'secret_id',
    ['aws_secretsmanager_secret'],
    ['id', 'arn'],
  ),
  simple(
    'aws_kms_key_policy',
    'key_id',
    ['aws_kms_key'],
    ['id', 'key_id', 'arn'],
  ),
  simple(
    'aws_route53_hosted_zone_dnssec',
    'hosted_zone_id',
    ['aws_route53_zone'],
    ['zone_id', 'id'],
  ),
  simple(
    'aws_route53_query_log',
    'zone_id',
    ['aws_route53_zone'],
    ['zone_id', 'id'],
  ),
  simple(
    'aws_network_acl_association',
    'network_acl_id',
    ['aws_network_acl'],
    ['id'],
  ),
  simple(
    'aws_rds_cluster',
    'db_cluster_parameter_group_name',
    ['aws_rds_cluster_parameter_group'],
    ['name', 'id'],
  ),
  simple(
    'aws_db_instance',
    'parameter_group_name',
    ['aws_db_parameter_group'],
    ['name', 'id'],
  ),
  s3Child('aws_s3_bucket_public_access_block'),
  s3Child('aws_s3_bucket_server_side_encryption_configuration'),
  s3Child('aws_s3_bucket_versioning'),
  s3Child('aws_s3_bucket_logging'),
  s3Child('aws_s3_bucket_acl'),
  {
    sourceType: 'aws_flow_log',
    attribute: 'vpc_id',
    targetTypes: ['aws_vpc', 'aws_default_vpc'],
    targetKeys: ['id'],
  },
  sgRule('aws_security_group_rule'),
  sgRule('aws_vpc_security_group_ingress_rule'),
  {
    sourceType: 'aws_nat_gateway',
    attribute: 'allocation_id',
    targetTypes: ['aws_eip'],
    targetKeys: ['id', 'allocation_id'],
  },
  {
    sourceType: 'aws_eip_association',
    attribute: 'allocation_id',
    targetTypes: ['aws_eip'],
    targetKeys: ['id', 'allocation_id'],
  },
  {
    sourceType: 'aws_volume_attachment',
    attribute: 'volume_id',
    targetTypes: ['aws_ebs_volume'],
    targetKeys: ['id'],
  },
  // The cost estimate prices a Fargate service from its task definition and
  // provisioned concurrency from the function's memory.
  {
    sourceType: 'aws_ecs_service',
    attribute: 'task_definition',
    targetTypes: ['aws_ecs_task_definition'],
    targetKeys: ['arn', 'arn_without_revision', 'family'],
  },
  {
    sourceType: 'aws_lambda_provisioned_concurrency_config',
    attribute: 'function_name',
    targetTypes: ['aws_lambda_function'],
    targetKeys: ['function_name', 'arn'],
  },
  ...['aws_lb_listener', 'aws_alb_listener'].map(sourceType => ({
    sourceType,
    attribute: 'load_balancer_arn',
    targetTypes: ['aws_lb', 'aws_alb'],
    targetKeys: ['arn', 'id'],
  })),
];

const SPEC_BY_KEY = new Map(
  RELATION_SPECS.map(s => [`${s.sourceType}.${s.attribute}`, s]),
);

/** Only relation targets need a per-module index. */
const TARGET_TYPES = new Set(RELATION_SPECS.flatMap(s => s.targetTypes));

/** How a link was found; shown to users so they can trust (or doubt) it. */
export type LinkVia = 'reference' | 'value' | 'local';

interface SpecIndex {
  bySource: Map<PlanResource, PlanResource[]>;
  byTarget: Map<PlanResource, PlanResource[]>;
  /** byTarget without sources this plan deletes (the same map when none are). */
  byTargetLive: Map<PlanResource, PlanResource[]>;
  unresolved: PlanResource[];
  unresolvedLive: PlanResource[];
}

const NONE: PlanResource[] = [];
const NO_VALUES: ReadonlyMap<string, PlanResource[]> = new Map();

const isLive = (r: PlanResource) =>
  r.mode === 'managed' && r.action !== 'delete';

const MAX_DEPTH = 12;
const IGNORED_ROOTS = new Set([
  'each',
  'count',
  'path',
  'terraform',
  'self',
  'data',
]);

/** Instances of one resource block (or module call) in one module instance. */
interface Instances<T> {
  readonly all: T[];
  byKey: Map<string | number, T> | undefined;
}

function addInstance<T>(
  into: Instances<T>,
  item: T,
  key: string | number | undefined,
): void {
  into.all.push(item);
  if (key !== undefined) (into.byKey ??= new Map()).set(key, item);
}

function withKey<T>(of: Instances<T>, key: string | number): T | undefined {
  return of.byKey?.get(key);
}

/** The only instance, or the one with `key`: what a bare reference means. */
function pick<T>(
  of: Instances<T>,
  key: string | number | undefined,
): T | undefined {
  if (of.all.length === 1) return of.all[0];
  return key === undefined ? undefined : withKey(of, key);
}

/**
 * The references of one expression, split once per configuration block
 * (not per instance): variables, module outputs, resource blocks with the
 * instance keys the references name, and whether a local is involved.
 * Terraform lists a reference at several depths ("a.b[0].id", "a.b[0]",
 * "a.b"); when an indexed form exists the keys are the precise part.
 */
interface RefPlan {
  variables: string[];
  outputs: Array<{
    call: string;
    index: string | number | undefined;
    output: string;
  }>;
  resources: Array<{
    type: string;
    address: string;
    keys: Array<string | number> | undefined;
  }>;
  viaLocal: boolean;
}

const refPlans = new WeakMap<string[], RefPlan>();

function refPlanOf(refs: string[]): RefPlan {
  let plan = refPlans.get(refs);
  if (plan) return plan;
  plan = { variables: [], outputs: [], resources: [], viaLocal: false };
  const byAddress = new Map<string, RefPlan['resources'][number]>();
  for (const ref of refs) {
    const [root, second, third] = splitAddressSteps(ref);
    if (root === 'var' && second) {
      if (!plan.variables.includes(second)) plan.variables.push(second);
    } else if (root === 'module' && second && third) {
      const { name, index } = splitInstanceKey(second);
      plan.outputs.push({ call: name, index, output: third });
    } else if (root === 'local') {
      plan.viaLocal = true;
    } else if (!IGNORED_ROOTS.has(root) && second) {
      const { name, index } = splitInstanceKey(second);
      const address = `${root}.${name}`;
      let entry = byAddress.get(address);
      if (!entry) {
        entry = { type: root, address, keys: undefined };
        byAddress.set(address, entry);
        plan.resources.push(entry);
      }
      if (index !== undefined) {
        entry.keys ??= [];
        if (!entry.keys.includes(index)) entry.keys.push(index);
      }
    }
  }
  refPlans.set(refs, plan);
  return plan;
}

/** Where a module instance sits: its parent instance and its key. */
interface ModuleInstance {
  parent: string;
  key: string | number | undefined;
}

/**
 * Resolves relations from configuration references (module-relative,
 * through module inputs and outputs, and through locals), with plan values
 * as a second source. Each relation kind is indexed once, on first use,
 * in one pass over its source resources; every lookup during that pass is
 * a map access, so the whole index costs time linear in the plan.
 */
export interface RelationIndex {
  /**
   * Resources of `sourceType` whose `attribute` points at `target`. The
   * arrays returned by this index belong to it: read them, do not change them.
   */
  referrers(
    target: PlanResource,
    sourceType: string,
    attribute: string,
  ): PlanResource[];

  /** Like referrers, without the ones this plan deletes. */
  liveReferrers(
    target: PlanResource,
    sourceType: string,
    attribute: string,
  ): PlanResource[];

  /** What `source.attribute` points at. */
  targets(source: PlanResource, attribute: string): PlanResource[];

  /** Sources of this relation that could not be tied to any target. */
  unresolved(sourceType: string, attribute: string): PlanResource[];

  /** Unresolved sources that will exist after apply. */
  liveUnresolved(sourceType: string, attribute: string): PlanResource[];
}

/**
 * The index itself: a plain object whose methods are the shared functions
 * below. Rules call these methods for every resource, so V8 optimises them
 * for this object's hidden class. A literal keeps its hidden class from one
 * plan to the next; a class instance made per plan would lose it with the
 * plan, and V8 would discard the rules' optimised code with it.
 */
interface RelationState extends RelationIndex {
  readonly byType: ReadonlyMap<string, PlanResource[]>;
  readonly config: ConfigIndex;

  readonly specs: Map<string, Map<string, SpecIndex>>;
  /** moduleAddress → configAddress → instances of a relation target block. */
  readonly instances: Map<string, Map<string, Instances<PlanResource>>>;
  /** moduleAddress → type → instances of a relation target type. */
  readonly byModuleType: Map<string, Map<string, Instances<PlanResource>>>;
  /** parentModuleAddress → call name → module instance addresses. */
  readonly moduleChildren: Map<string, Map<string, Instances<string>>>;
  readonly modules: Map<string, ModuleInstance>;
  readonly targetValues: Map<string, Map<string, PlanResource[]>>;
}

export function createRelationIndex(
  resources: readonly PlanResource[],
  byType: ReadonlyMap<string, PlanResource[]>,
  config: ConfigIndex,
): RelationIndex {
  const state: RelationState = {
    byType,
    config,
    specs: new Map(),
    instances: new Map(),
    byModuleType: new Map(),
    moduleChildren: new Map(),
    modules: new Map(),
    targetValues: new Map(),
    referrers,
    liveReferrers,
    targets,
    unresolved,
    liveUnresolved,
  };
  let lastModule: string | undefined;
  for (let i = 0; i < resources.length; i++) {
    const r = resources[i];
    if (TARGET_TYPES.has(r.type)) {
      addInstance(
        instancesOf(state.instances, r.moduleAddress, r.configAddress),
        r,
        r.index,
      );
      addInstance(
        instancesOf(state.byModuleType, r.moduleAddress, r.type),
        r,
        r.index,
      );
    }
    // Resources of one module instance are adjacent in plans.
    if (r.moduleAddress === lastModule) continue;
    lastModule = r.moduleAddress;
    for (let m = r.moduleAddress; m && !state.modules.has(m); ) {
      const steps = splitAddressSteps(m);
      const { name, index } = splitInstanceKey(steps[steps.length - 1]);
      const parent = steps.slice(0, -2).join('.');
      state.modules.set(m, { parent, key: index });
      addInstance(instancesOf(state.moduleChildren, parent, name), m, index);
      m = parent;
    }
  }
  return state;
}

// The index's methods; RelationIndex says what each answers.
function referrers(
  this: RelationState,
  target: PlanResource,
  sourceType: string,
  attribute: string,
): PlanResource[] {
  return specIndex(this, sourceType, attribute).byTarget.get(target) ?? NONE;
}

function liveReferrers(
  this: RelationState,
  target: PlanResource,
  sourceType: string,
  attribute: string,
): PlanResource[] {
  return (
    specIndex(this, sourceType, attribute).byTargetLive.get(target) ?? NONE
  );
}

function targets(
  this: RelationState,
  source: PlanResource,
  attribute: string,
): PlanResource[] {
  return specIndex(this, source.type, attribute).bySource.get(source) ?? NONE;
}

function unresolved(
  this: RelationState,
  sourceType: string,
  attribute: string,
): PlanResource[] {
  return specIndex(this, sourceType, attribute).unresolved;
}

function liveUnresolved(
  this: RelationState,
  sourceType: string,
  attribute: string,
): PlanResource[] {
  return specIndex(this, sourceType, attribute).unresolvedLive;
}

function specIndex(
  state: RelationState,
  sourceType: string,
  attribute: string,
): SpecIndex {
  let byAttribute = state.specs.get(sourceType);
  if (!byAttribute) state.specs.set(sourceType, (byAttribute = new Map()));
  const cached = byAttribute.get(attribute);
  if (cached) return cached;
  const spec = SPEC_BY_KEY.get(`${sourceType}.${attribute}`);
  if (!spec) {
    throw new Error(
      `No relation is defined for ${sourceType}.${attribute}; add it to RELATION_SPECS.`,
    );
  }
  const built = buildSpec(state, spec);
  byAttribute.set(attribute, built);
  return built;
}

/** Known target ids by value, shared by the relations with the same targets. */
function valuesOf(
  state: RelationState,
  spec: RelationSpec,
): Map<string, PlanResource[]> {
  const key = `${spec.targetTypes.join(',')}|${spec.targetKeys.join(',')}`;
  let byValue = state.targetValues.get(key);
  if (byValue) return byValue;
  byValue = new Map();
  for (const type of spec.targetTypes) {
    for (const t of state.byType.get(type) ?? []) {
      const values = t.after ?? t.before;
      for (const k of spec.targetKeys) {
        const v = values?.[k];
        if (typeof v === 'string' && v) push(byValue, v, t);
      }
    }
  }
  state.targetValues.set(key, byValue);
  return byValue;
}

function buildSpec(state: RelationState, spec: RelationSpec): SpecIndex {
  const bySource = new Map<PlanResource, PlanResource[]>();
  const byTarget = new Map<PlanResource, PlanResource[]>();
  const unlinked: PlanResource[] = [];
  let anyDeleted = false;
  const targetTypes = new Set(spec.targetTypes);
  const sources = state.byType.get(spec.sourceType) ?? NONE;
  const byValue = sources.length > 0 ? valuesOf(state, spec) : NO_VALUES;
  const steps = spec.attribute.split('.');
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i];
    if (source.mode !== 'managed') continue;
    let found: PlanResource[] | undefined;
    if (byValue.size > 0) {
      const value = nested(source.after ?? source.before, steps);
      if (typeof value === 'string') found = byValue.get(value);
      else if (Array.isArray(value)) found = byValues(byValue, value);
    }
    if (!found) {
      const cfg = state.config.resourceOf(source);
      const expr = readExpression(nested(cfg?.expressions, steps));
      if (expr && expr.references.length > 0) {
        found = resolve(
          state,
          expr.references,
          source.moduleAddress,
          source.configModulePath,
          source.index,
          targetTypes,
          0,
        );
      }
    }
    if (!found || found.length === 0) {
      unlinked.push(source);
      continue;
    }
    if (source.action === 'delete') anyDeleted = true;
    bySource.set(source, found);
    for (let j = 0; j < found.length; j++) push(byTarget, found[j], source);
  }
  let byTargetLive = byTarget;
  if (anyDeleted) {
    byTargetLive = new Map();
    for (const [target, referring] of byTarget)
      byTargetLive.set(target, referring.filter(isLive));
  }
  return {
    bySource,
    byTarget,
    byTargetLive,
    unresolved: unlinked,
    unresolvedLive: unlinked.filter(isLive),
  };
}

function resolve(
  state: RelationState,
  refs: string[],
  moduleAddress: string,
  configPath: string,
  key: string | number | undefined,
  targetTypes: Set<string>,
  depth: number,
): PlanResource[] {
  if (depth > MAX_DEPTH) return NONE;
  const refPlan = refPlanOf(refs);
  // Runs once per source resource and relation: no closure, no spread.
  let out: PlanResource[] | undefined;
  for (let i = 0; i < refPlan.variables.length; i++)
    out = addAll(
      out,
      throughVariable(
        state,
        refPlan.variables[i],
        moduleAddress,
        configPath,
        targetTypes,
        depth,
      ),
    );
  for (let i = 0; i < refPlan.outputs.length; i++)
    out = addAll(
      out,
      throughOutput(
        state,
        refPlan.outputs[i],
        moduleAddress,
        configPath,
        key,
        targetTypes,
        depth,
      ),
    );
  const blocks = state.instances.get(moduleAddress);
  if (blocks) {
    for (let i = 0; i < refPlan.resources.length; i++) {
      const ref = refPlan.resources[i];
      if (!targetTypes.has(ref.type)) continue;
      const candidates = blocks.get(ref.address);
      if (!candidates) continue;
      if (ref.keys)
        for (let j = 0; j < ref.keys.length; j++)
          out = addOne(out, withKey(candidates, ref.keys[j]));
      else out = addOne(out, pick(candidates, key));
    }
  }
  // Local values' expressions are not part of the JSON plan. When a
  // reference goes through a local and nothing better was found, the only
  // resource of the expected type in the same module instance (or the one
  // with the same instance key) is taken; anything else stays unresolved.
  if (!out && refPlan.viaLocal)
    out = addOne(out, pickByType(state, moduleAddress, targetTypes, key));
  if (!out) return NONE;
  return out.length > 1 ? [...new Set(out)] : out;
}

function pickByType(
  state: RelationState,
  moduleAddress: string,
  targetTypes: Set<string>,
  key: string | number | undefined,
): PlanResource | undefined {
  const byType = state.byModuleType.get(moduleAddress);
  if (!byType) return undefined;
  const groups: Array<Instances<PlanResource>> = [];
  let total = 0;
  for (const type of targetTypes) {
    const g = byType.get(type);
    if (g) {
      groups.push(g);
      total += g.all.length;
    }
  }
  if (total === 1) return groups[0].all[0];
  if (key === undefined) return undefined;
  const same = groups
    .map(g => withKey(g, key))
    .filter((r): r is PlanResource => r !== undefined);
  return same.length === 1 ? same[0] : undefined;
}

function throughVariable(
  state: RelationState,
  variable: string,
  moduleAddress: string,
  configPath: string,
  targetTypes: Set<string>,
  depth: number,
): PlanResource[] {
  const call = state.config.callOf(configPath);
  const instance = state.modules.get(moduleAddress);
  if (!call || !instance) return NONE;
  const expr = readExpression(call.expressions[variable]);
  if (!expr || expr.references.length === 0) return NONE;
  const parentPath = configPath.slice(
    0,
    Math.max(0, configPath.lastIndexOf('.module.')),
  );
  return resolve(
    state,
    expr.references,
    instance.parent,
    parentPath,
    instance.key,
    targetTypes,
    depth + 1,
  );
}

function throughOutput(
  state: RelationState,
  o: RefPlan['outputs'][number],
  moduleAddress: string,
  configPath: string,
  key: string | number | undefined,
  targetTypes: Set<string>,
  depth: number,
): PlanResource[] {
  const childPath = configPath
    ? `${configPath}.module.${o.call}`
    : `module.${o.call}`;
  const refs = state.config.module(childPath)?.outputs.get(o.output);
  if (!refs || refs.length === 0) return NONE;
  const calls = state.moduleChildren.get(moduleAddress)?.get(o.call);
  const chosen = calls && pick(calls, o.index ?? key);
  return chosen
    ? resolve(state, refs, chosen, childPath, undefined, targetTypes, depth + 1)
    : NONE;
}

function instancesOf<T>(
  map: Map<string, Map<string, Instances<T>>>,
  outer: string,
  inner: string,
): Instances<T> {
  let byInner = map.get(outer);
  if (!byInner) map.set(outer, (byInner = new Map()));
  let found = byInner.get(inner);
  if (!found) byInner.set(inner, (found = { all: [], byKey: undefined }));
  return found;
}

/** `a.b.c` in plan values or expressions: blocks are lists, their first is read. */
function nested(
  root: JsonObject | null | undefined,
  steps: string[],
): JsonValue | undefined {
  let value: JsonValue | undefined = root ?? undefined;
  for (let i = 0; i < steps.length; i++) {
    if (i > 0) {
      const list = asArray(value);
      value = list ? list[0] : value;
    }
    value = asObject(value)?.[steps[i]];
    if (value === undefined) return undefined;
  }
  return value;
}

/** Targets of a list of ids; undefined when none of them is known. */
function byValues(
  byValue: ReadonlyMap<string, PlanResource[]>,
  values: JsonValue[],
): PlanResource[] | undefined {
  let out: PlanResource[] | undefined;
  for (const v of values) {
    const found = typeof v === 'string' ? byValue.get(v) : undefined;
    if (found) (out ??= []).push(...found);
  }
  return out && out.length > 1 ? [...new Set(out)] : out;
}

/** `out` with `found` appended (a new list when there was none). */
function addOne(
  out: PlanResource[] | undefined,
  found: PlanResource | undefined,
): PlanResource[] | undefined {
  if (found === undefined) return out;
  if (!out) return [found];
  out.push(found);
  return out;
}

/** `out` with every resource of `found` appended; `found` is not changed. */
function addAll(
  out: PlanResource[] | undefined,
  found: PlanResource[],
): PlanResource[] | undefined {
  if (found.length === 0) return out;
  if (!out) return found.slice();
  for (let i = 0; i < found.length; i++) out.push(found[i]);
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The types `sourceType.attribute` can point at, or undefined when the index
 * knows no such relation (team rules are checked against this on load).
 */
export function relationTargets(
  sourceType: string,
  attribute: string,
): readonly string[] | undefined {
  return SPEC_BY_KEY.get(`${sourceType}.${attribute}`)?.targetTypes;
}

/** Every relation the index knows, as `sourceType.attribute → targets`. */
export function knownRelations(): string[] {
  return RELATION_SPECS.map(
    s => `${s.sourceType}.${s.attribute} → ${s.targetTypes.join('|')}`,
  );
}

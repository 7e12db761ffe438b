import type { JsonObject, JsonValue, PlanVariable } from './types';
import { asObject, asArray } from './values';

/** An expression from the plan's `configuration` section. */
interface ConfigExpression {
  constantValue?: JsonValue;
  hasConstant: boolean;
  references: string[];
}

/** A `resource` block of one module, as written (not per instance). */
export interface ConfigResource {
  /** Module-relative address: `aws_s3_bucket.this`, `data.aws_vpc.x`. */
  address: string;
  type: string;
  name: string;
  mode: 'managed' | 'data';
  providerConfigKey: string;
  expressions: JsonObject;
  /** `provisioner` blocks, in order: `local-exec`, `remote-exec`, `file`. */
  provisioners: ConfigProvisioner[];
}

/** A `provisioner` block of a resource. */
interface ConfigProvisioner {
  type: string;
  expressions: JsonObject;
}

/** A `module` block: what the caller passes in. */
interface ModuleCallConfig {
  name: string;
  source?: string;
  expressions: JsonObject;
  /** Path of the called module: `module.a.module.b`. */
  path: string;
}

/** The parts of one module (root or child) that the engine reads. */
interface ConfigModule {
  path: string;
  resources: Map<string, ConfigResource>;
  calls: Map<string, ModuleCallConfig>;
  /** Output name → references of its expression. */
  outputs: Map<string, string[]>;
}

/** A provider block (`provider_config` entry). */
interface ProviderConfig {
  key: string;
  name: string;
  moduleAddress: string;
  expressions?: JsonObject;
}

const NO_PROVISIONERS: ConfigProvisioner[] = [];

function readProvisioners(value: JsonValue): ConfigProvisioner[] {
  return (asArray(value) ?? []).flatMap(raw => {
    const block = asObject(raw);
    return block && typeof block.type === 'string'
      ? [{ type: block.type, expressions: asObject(block.expressions) ?? {} }]
      : [];
  });
}

const expressions = new WeakMap<object, ConfigExpression | null>();

/**
 * Reads one expression object; tolerant of every format version's shape.
 * Read once per expression (a configuration block's expressions are shared
 * by all its instances), so callers may key caches on the result.
 */
export function readExpression(
  value: JsonValue | undefined,
): ConfigExpression | undefined {
  const obj = asObject(value);
  if (!obj) return undefined;
  let found = expressions.get(obj);
  if (found === undefined) {
    found = parseExpression(obj) ?? null;
    expressions.set(obj, found);
  }
  return found ?? undefined;
}

function parseExpression(obj: JsonObject): ConfigExpression | undefined {
  const hasConstant = Object.prototype.hasOwnProperty.call(
    obj,
    'constant_value',
  );
  const list = asArray(obj.references);
  const refs =
    list && !list.every(r => typeof r === 'string')
      ? list.filter((r): r is string => typeof r === 'string')
      : (list as string[] | undefined);
  if (!hasConstant && !refs) return undefined;
  return {
    hasConstant,
    constantValue: hasConstant ? obj.constant_value : undefined,
    references: refs ?? [],
  };
}

/**
 * The value of an expression when the plan can tell it: a constant, or a
 * reference to a root variable (whose value the plan records).
 */
export function constantOrRootVariable(
  plan: { variableValues: Record<string, JsonValue> },
  expr: ConfigExpression,
): JsonValue | undefined {
  if (expr.hasConstant) return expr.constantValue;
  const variable = expr.references.find(r => r.startsWith('var.'));
  return variable ? plan.variableValues[variable.slice(4)] : undefined;
}

/**
 * Every module of the configuration, indexed once by path so that lookups
 * during evaluation are constant time.
 */
export interface ConfigIndex {
  /** Declared variables of every module (with their defaults). */
  readonly variables: PlanVariable[];
  /** Whether the plan carried no configuration at all. */
  readonly isEmpty: boolean;
  module(path: string): ConfigModule | undefined;
  /** Every module of the configuration, the root (path `''`) first. */
  allModules(): IterableIterator<ConfigModule>;
  resource(
    configModulePath: string,
    configAddress: string,
  ): ConfigResource | undefined;
  /** The `resource` block of a resource instance. */
  resourceOf(instance: {
    configModulePath: string;
    configAddress: string;
  }): ConfigResource | undefined;
  /** The call that instantiates the module at `path` (undefined for root). */
  callOf(path: string): ModuleCallConfig | undefined;
  /**
   * The provider block that configures a resource: the nearest block for
   * the provider's local name, walking from the resource's module up to the
   * root (child modules inherit the default provider of their caller).
   * Entries without expressions only declare a version requirement.
   */
  providerFor(
    configModulePath: string,
    providerConfigKey: string,
  ): ProviderConfig | undefined;
}

/**
 * The index itself, a plain object whose methods are the shared functions
 * below, for the reason RelationState (relations.ts) gives: its hidden
 * class, and with it V8's optimised code for the rules that read it,
 * outlives each plan.
 */
interface ConfigState extends ConfigIndex {
  isEmpty: boolean;
  readonly modules: Map<string, ConfigModule>;
  readonly providers: Map<string, ProviderConfig>;
  /** configModulePath → provider config key → the block (null: none). */
  readonly providerMemo: Map<string, Map<string, ProviderConfig | null>>;
}

export function indexConfiguration(
  configuration: JsonObject | undefined,
): ConfigIndex {
  const state: ConfigState = {
    variables: [],
    isEmpty: true,
    modules: new Map(),
    providers: new Map(),
    providerMemo: new Map(),
    module: moduleAt,
    allModules,
    resource,
    resourceOf,
    callOf,
    providerFor,
  };
  if (!configuration) return state;
  const providerConfig = asObject(configuration.provider_config) ?? {};
  for (const [key, raw] of Object.entries(providerConfig)) {
    const p = asObject(raw);
    if (!p) continue;
    state.providers.set(key, {
      key,
      name: typeof p.name === 'string' ? p.name : key.split(':').pop()!,
      moduleAddress:
        typeof p.module_address === 'string' ? p.module_address : '',
      expressions: asObject(p.expressions),
    });
  }
  const root = asObject(configuration.root_module);
  if (root) indexModule(state, root, '');
  state.isEmpty = state.modules.size === 0;
  return state;
}

function indexModule(
  state: ConfigState,
  module: JsonObject,
  path: string,
): void {
  const entry: ConfigModule = {
    path,
    resources: new Map(),
    calls: new Map(),
    outputs: new Map(),
  };
  state.modules.set(path, entry);
  for (const raw of asArray(module.resources) ?? []) {
    const r = asObject(raw);
    if (!r || typeof r.address !== 'string' || typeof r.type !== 'string')
      continue;
    entry.resources.set(r.address, {
      address: r.address,
      type: r.type,
      name: typeof r.name === 'string' ? r.name : '',
      mode: r.mode === 'data' ? 'data' : 'managed',
      providerConfigKey:
        typeof r.provider_config_key === 'string' ? r.provider_config_key : '',
      expressions: asObject(r.expressions) ?? {},
      provisioners: r.provisioners
        ? readProvisioners(r.provisioners)
        : NO_PROVISIONERS,
    });
  }
  for (const [name, raw] of Object.entries(asObject(module.outputs) ?? {})) {
    const expr = readExpression(asObject(raw)?.expression);
    entry.outputs.set(name, expr?.references ?? []);
  }
  for (const [name, raw] of Object.entries(asObject(module.variables) ?? {})) {
    const v = asObject(raw) ?? {};
    const hasDefault = Object.prototype.hasOwnProperty.call(v, 'default');
    state.variables.push({
      address: path ? `${path}.var.${name}` : `var.${name}`,
      name,
      configModulePath: path,
      hasDefault,
      default: hasDefault ? v.default : undefined,
      sensitive: v.sensitive === true,
    });
  }
  for (const [name, raw] of Object.entries(
    asObject(module.module_calls) ?? {},
  )) {
    const call = asObject(raw);
    if (!call) continue;
    const childPath = path ? `${path}.module.${name}` : `module.${name}`;
    entry.calls.set(name, {
      name,
      source: typeof call.source === 'string' ? call.source : undefined,
      expressions: asObject(call.expressions) ?? {},
      path: childPath,
    });
    const child = asObject(call.module);
    if (child) indexModule(state, child, childPath);
  }
}

// The index's methods (see ConfigIndex for what each answers).
function moduleAt(this: ConfigState, path: string): ConfigModule | undefined {
  return this.modules.get(path);
}

function allModules(this: ConfigState): IterableIterator<ConfigModule> {
  return this.modules.values();
}

function resource(
  this: ConfigState,
  configModulePath: string,
  configAddress: string,
): ConfigResource | undefined {
  return this.modules.get(configModulePath)?.resources.get(configAddress);
}

function resourceOf(
  this: ConfigState,
  instance: { configModulePath: string; configAddress: string },
): ConfigResource | undefined {
  return this.resource(instance.configModulePath, instance.configAddress);
}

function callOf(this: ConfigState, path: string): ModuleCallConfig | undefined {
  if (!path) return undefined;
  const cut = path.lastIndexOf('.module.');
  const parent = cut < 0 ? '' : path.slice(0, cut);
  const name = path.slice(cut < 0 ? 'module.'.length : cut + '.module.'.length);
  return this.modules.get(parent)?.calls.get(name);
}

function providerFor(
  this: ConfigState,
  configModulePath: string,
  providerConfigKey: string,
): ProviderConfig | undefined {
  let byKey = this.providerMemo.get(configModulePath);
  if (!byKey) this.providerMemo.set(configModulePath, (byKey = new Map()));
  let found = byKey.get(providerConfigKey);
  if (found === undefined) {
    found = findProvider(this, configModulePath, providerConfigKey) ?? null;
    byKey.set(providerConfigKey, found);
  }
  return found ?? undefined;
}

function findProvider(
  state: ConfigState,
  configModulePath: string,
  providerConfigKey: string,
): ProviderConfig | undefined {
  const local = providerConfigKey.split(':').pop() || providerConfigKey;
  let path = configModulePath;
  for (;;) {
    const found = state.providers.get(path ? `${path}:${local}` : local);
    if (found?.expressions) return found;
    if (!path) return found;
    const cut = path.lastIndexOf('.module.');
    path = cut < 0 ? '' : path.slice(0, cut);
  }
}

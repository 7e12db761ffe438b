import path from 'node:path';
import { CloudContext, readDataSource } from './dataSources';
import { EvaluationError, Scope, evaluate } from './evaluate';
import { compareStrings } from './functions';
import {
  Expr,
  hasExpression,
  parseTemplateString,
  referencesOf,
} from './expression';
import {
  BlockDef,
  ModuleDef,
  RawBody,
  RawValue,
  loadModule,
} from './loadModule';
import {
  ObjectValue,
  UNKNOWN,
  Value,
  computedObject,
  containsUnknown,
  isObject,
  isUnknown,
  toJsonAfter,
  unknownMask,
} from './values';

/**
 * Builds the document `terraform show -json` prints for a saved plan of a
 * fresh configuration (every resource is created), without Terraform: the
 * module's HCL is parsed with HashiCorp's parser (@cdktf/hcl2json) and its
 * expressions are evaluated. Values that only the provider knows (ids, ARNs)
 * are unknown, as in a real plan; count and for_each must be known, as
 * Terraform requires. Used to prove, in tests and without cloud access, that
 * the factory's modules and the templates' rendered Terraform pass the
 * governance pack: the plan follows from the HCL, so changing a default in a
 * module changes the plan the policy sees.
 */
export interface SynthesizeOptions {
  /** Root module directory (an example, or rendered infra/). */
  dir: string;
  /** Root variable values, as a .tfvars would give them. */
  variables?: Record<string, Value>;
  /** What data sources answer. */
  cloud: CloudContext;
  /**
   * Maps a non-local module source (`git::https://...//network?ref=...`) to a
   * directory. Local sources (`./`, `../`) resolve relative to the caller.
   */
  resolveSource?: (source: string) => string | undefined;
}

const META_RESOURCE = new Set([
  'count',
  'for_each',
  'depends_on',
  'lifecycle',
  'provider',
  'provisioner',
  'connection',
  'dynamic',
]);
const META_MODULE = new Set([
  'source',
  'version',
  'count',
  'for_each',
  'depends_on',
  'providers',
]);

interface Instance {
  address: string;
  moduleAddress: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  attrs: ObjectValue;
  /** Local name of the provider (`provider = google-beta.eu` gives google-beta). */
  provider: string;
}

interface Collector {
  instances: Instance[];
  cloud: CloudContext;
  region: string;
  resolveSource?: (source: string) => string | undefined;
  defs: Map<string, ModuleDef>;
}

const exprCache = new Map<string, Expr>();
function parseCached(text: string): Expr {
  let e = exprCache.get(text);
  if (!e) {
    e = parseTemplateString(text);
    exprCache.set(text, e);
  }
  return e;
}

/** Evaluates a raw hcl2json value: strings are templates, the rest recurses. */
function evalRaw(raw: RawValue, scope: Scope): Value {
  if (typeof raw === 'string')
    return raw.includes('${') ? evaluate(parseCached(raw), scope) : raw;
  if (Array.isArray(raw)) return raw.map(r => evalRaw(r, scope));
  if (raw && typeof raw === 'object') {
    const out: Record<string, Value> = {};
    for (const [k, v] of Object.entries(raw)) out[k] = evalRaw(v, scope);
    return out;
  }
  return raw;
}

function bodies(raw: RawValue | undefined): RawBody[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (b): b is RawBody => !!b && typeof b === 'object' && !Array.isArray(b),
  );
}

/** A block body's attributes and nested blocks, `dynamic` blocks expanded. */
function evalBody(body: RawBody, scope: Scope, skip: Set<string>): ObjectValue {
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(body)) {
    if (skip.has(k)) continue;
    out[k] =
      Array.isArray(v) && bodies(v).length === v.length && v.length > 0
        ? bodies(v).map(b => evalBody(b, scope, new Set(['dynamic'])))
        : evalRaw(v, scope);
    // Blocks may hold dynamic blocks of their own.
  }
  const dynamic = body.dynamic;
  if (dynamic && typeof dynamic === 'object' && !Array.isArray(dynamic)) {
    for (const [blockName, defs] of Object.entries(dynamic)) {
      for (const def of bodies(defs)) {
        const coll = evalRaw(def.for_each ?? null, scope);
        if (isUnknown(coll) || containsUnknownKeys(coll)) {
          throw new EvaluationError(
            `dynamic "${blockName}": for_each depends on values known only after apply`,
            scope.where,
          );
        }
        const iterator =
          typeof def.iterator === 'string'
            ? def.iterator.replace(/^\$\{(.*)\}$/, '$1')
            : blockName;
        const content = bodies(def.content)[0] ?? {};
        // Unlike resources, dynamic blocks iterate lists by index.
        const items: Array<[Value, Value]> = Array.isArray(coll)
          ? coll.map((v, i) => [i, v])
          : forEachEntries(coll, scope.where);
        const generated = items.map(([key, value]) => {
          const bound = new Map(scope.bound);
          bound.set(iterator, { key, value });
          return evalBody(content, { ...scope, bound }, new Set(['dynamic']));
        });
        const existing = Array.isArray(out[blockName])
          ? (out[blockName] as Value[])
          : [];
        out[blockName] = [...existing, ...generated];
      }
    }
  }
  return out;
}

function containsUnknownKeys(v: Value): boolean {
  if (Array.isArray(v)) return v.some(isUnknown);
  return false;
}

function forEachEntries(coll: Value, where: string): Array<[string, Value]> {
  if (Array.isArray(coll)) {
    return coll.map(v => {
      if (typeof v !== 'string')
        throw new EvaluationError('for_each over a set needs strings', where);
      return [v, v] as [string, Value];
    });
  }
  if (isObject(coll))
    return Object.keys(coll)
      .sort()
      .map(k => [k, coll[k]] as [string, Value]);
  if (coll === null) return [];
  throw new EvaluationError('for_each needs a map or a set of strings', where);
}

function indexSuffix(i: string | number | undefined): string {
  if (i === undefined) return '';
  return typeof i === 'number' ? `[${i}]` : `["${i}"]`;
}

class ModuleInstance {
  private readonly localValues = new Map<string, Value>();
  private readonly resourceValues = new Map<string, Value>();
  private readonly childValues = new Map<string, Value>();
  private readonly inProgress = new Set<string>();
  private readonly varValues = new Map<string, Value>();

  constructor(
    readonly def: ModuleDef,
    readonly address: string,
    private readonly inputs: Record<string, Value>,
    private readonly out: Collector,
  ) {
    for (const name of Object.keys(inputs)) {
      if (!def.variables.has(name)) {
        throw new EvaluationError(
          `Unsupported argument "${name}": the module at ${def.dir} declares no such variable`,
          address || 'root module',
        );
      }
    }
  }

  scope(
    bound = new Map<string, Value>(),
    where = this.address || 'root module',
  ): Scope {
    return {
      bound,
      where,
      lookup: (root, next) => this.lookup(root, next),
    };
  }

  private guard<T>(key: string, fn: () => T): T {
    if (this.inProgress.has(key))
      throw new EvaluationError(
        `Cycle through ${key}`,
        this.address || 'root module',
      );
    this.inProgress.add(key);
    try {
      return fn();
    } finally {
      this.inProgress.delete(key);
    }
  }

  private lookup(root: string, next: string | undefined): Value | undefined {
    switch (root) {
      case 'var':
        return next === undefined ? undefined : this.variable(next);
      case 'local':
        return next === undefined ? undefined : this.local(next);
      case 'module':
        return next === undefined ? undefined : this.child(next);
      case 'data': {
        if (!next) return undefined;
        const [type, name] = next.split('.');
        return this.resource('data', type, name);
      }
      case 'path':
        return next === 'module' || next === 'root' || next === 'cwd'
          ? this.def.dir
          : undefined;
      case 'terraform':
        return next === 'workspace' ? 'default' : undefined;
      default:
        // A managed resource: `aws_vpc.main` resolves its instances.
        return next === undefined
          ? undefined
          : this.resource('managed', root, next);
    }
  }

  variable(name: string): Value {
    if (this.varValues.has(name)) return this.varValues.get(name)!;
    const decl = this.def.variables.get(name);
    if (!decl) return undefined as unknown as Value;
    let value: Value;
    if (
      Object.prototype.hasOwnProperty.call(this.inputs, name) &&
      this.inputs[name] !== null
    ) {
      value = this.inputs[name];
    } else if (decl.hasDefault) {
      value = evalRaw(decl.default ?? null, this.scope());
    } else {
      throw new EvaluationError(
        `No value for required variable "${name}"`,
        this.address || 'root module',
      );
    }
    this.varValues.set(name, value);
    for (const v of decl.validations) {
      const ok = evalRaw(
        v.condition,
        this.scope(new Map(), `variable "${name}"`),
      );
      if (ok === false) {
        throw new EvaluationError(
          `Invalid value for variable "${name}": ${v.errorMessage}`,
          this.address || 'root module',
        );
      }
    }
    return value;
  }

  local(name: string): Value | undefined {
    if (this.localValues.has(name)) return this.localValues.get(name);
    if (!this.def.locals.has(name)) return undefined;
    const v = this.guard(`local.${name}`, () =>
      evalRaw(
        this.def.locals.get(name)!,
        this.scope(new Map(), `local.${name}`),
      ),
    );
    this.localValues.set(name, v);
    return v;
  }

  resource(
    mode: 'managed' | 'data',
    type: string,
    name: string,
  ): Value | undefined {
    const key = `${mode}.${type}.${name}`;
    if (this.resourceValues.has(key)) return this.resourceValues.get(key);
    const block = this.def.resources.find(
      r => r.mode === mode && r.type === type && r.name === name,
    );
    if (!block) return undefined;
    const value = this.guard(key, () => this.expandResource(block));
    this.resourceValues.set(key, value);
    return value;
  }

  private expandResource(block: BlockDef): Value {
    const label = `${block.mode === 'data' ? 'data.' : ''}${block.type}.${
      block.name
    }`;
    const where = `${this.address ? `${this.address}.` : ''}${label}`;
    const base = this.scope(new Map(), where);
    const build = (
      bound: Map<string, Value>,
      index?: string | number,
    ): ObjectValue => {
      const attrs = evalBody(block.body, { ...base, bound }, META_RESOURCE);
      checkPreconditions(block.body, { ...base, bound }, where);
      let value: ObjectValue;
      if (block.mode === 'data') {
        value = readDataSource(
          block.type,
          block.name,
          attrs,
          this.out.cloud,
          this.out.region,
        );
      } else {
        const computed: Record<string, Value> = { id: UNKNOWN };
        if (block.type.startsWith('aws_') && !('arn' in attrs))
          computed.arn = UNKNOWN;
        value = computedObject({ ...computed, ...attrs });
      }
      this.out.instances.push({
        address: `${
          this.address ? `${this.address}.` : ''
        }${label}${indexSuffix(index)}`,
        moduleAddress: this.address,
        mode: block.mode,
        type: block.type,
        name: block.name,
        index,
        attrs: value,
        provider: localProviderOf(block),
      });
      return value;
    };
    if (block.body.count !== undefined) {
      const n = evalRaw(block.body.count, base);
      if (isUnknown(n))
        throw new EvaluationError(
          'The "count" value depends on resource attributes that cannot be determined until apply',
          where,
        );
      return Array.from({ length: Number(n) }, (_, i) =>
        build(new Map([['count', { index: i }]]), i),
      );
    }
    if (block.body.for_each !== undefined) {
      const coll = evalRaw(block.body.for_each, base);
      if (isUnknown(coll) || containsUnknownKeys(coll))
        throw new EvaluationError(
          'The "for_each" value depends on resource attributes that cannot be determined until apply',
          where,
        );
      const out: Record<string, Value> = {};
      for (const [k, v] of forEachEntries(coll, where)) {
        out[k] = build(new Map([['each', { key: k, value: v }]]), k);
      }
      return out;
    }
    return build(new Map());
  }

  child(name: string): Value | undefined {
    if (this.childValues.has(name)) return this.childValues.get(name);
    const call = this.def.calls.get(name);
    if (!call) return undefined;
    const value = this.guard(`module.${name}`, () =>
      this.expandChild(name, call),
    );
    this.childValues.set(name, value);
    return value;
  }

  private expandChild(name: string, call: RawBody): Value {
    const source = String(call.source ?? '');
    const dir = resolveModuleDir(this.def.dir, source, this.out.resolveSource);
    const def = this.out.defs.get(dir);
    if (!def) throw new Error(`module.${name}: ${dir} was not loaded`);
    const where = `${this.address ? `${this.address}.` : ''}module.${name}`;
    const make = (bound: Map<string, Value>, key?: string | number) => {
      const inputs = evalBody(call, this.scope(bound, where), META_MODULE);
      const inst = new ModuleInstance(
        def,
        `${where}${indexSuffix(key)}`,
        inputs,
        this.out,
      );
      inst.evaluateAll();
      return inst.outputs();
    };
    if (call.count !== undefined) {
      const n = evalRaw(call.count, this.scope(new Map(), where));
      if (isUnknown(n))
        throw new EvaluationError('module count is unknown', where);
      return Array.from({ length: Number(n) }, (_, i) =>
        make(new Map([['count', { index: i }]]), i),
      );
    }
    if (call.for_each !== undefined) {
      const coll = evalRaw(call.for_each, this.scope(new Map(), where));
      if (isUnknown(coll))
        throw new EvaluationError('module for_each is unknown', where);
      const out: Record<string, Value> = {};
      for (const [k, v] of forEachEntries(coll, where))
        out[k] = make(new Map([['each', { key: k, value: v }]]), k);
      return out;
    }
    return make(new Map());
  }

  outputs(): Record<string, Value> {
    const out: Record<string, Value> = {};
    for (const [name, body] of this.def.outputs) {
      out[name] = this.guard(`output.${name}`, () =>
        evalRaw(body.value ?? null, this.scope(new Map(), `output.${name}`)),
      );
    }
    return out;
  }

  /** Evaluates every variable, local, resource and call (Terraform plans all of them). */
  evaluateAll(): void {
    for (const name of this.def.variables.keys()) this.variable(name);
    for (const name of this.def.locals.keys()) this.local(name);
    for (const r of this.def.resources) this.resource(r.mode, r.type, r.name);
    for (const name of this.def.calls.keys()) this.child(name);
  }
}

function resolveModuleDir(
  fromDir: string,
  source: string,
  resolve?: (source: string) => string | undefined,
): string {
  if (source.startsWith('./') || source.startsWith('../'))
    return path.resolve(fromDir, source);
  const dir = resolve?.(source);
  if (!dir)
    throw new Error(
      `Module source "${source}" cannot be resolved locally; give resolveSource a mapping for it.`,
    );
  return path.resolve(dir);
}

/** Loads the root module and every module it calls, recursively. */
async function loadTree(
  dir: string,
  resolve: SynthesizeOptions['resolveSource'],
  defs: Map<string, ModuleDef>,
): Promise<ModuleDef> {
  const abs = path.resolve(dir);
  const existing = defs.get(abs);
  if (existing) return existing;
  const def = await loadModule(abs);
  defs.set(abs, def);
  for (const call of def.calls.values()) {
    await loadTree(
      resolveModuleDir(abs, String(call.source ?? ''), resolve),
      resolve,
      defs,
    );
  }
  return def;
}

// --- configuration section ---------------------------------------------

type ExpressionJson =
  | { constant_value: unknown }
  | { references: string[] }
  | Array<Record<string, unknown>>;

function referencesIn(raw: RawValue, out: string[] = []): string[] {
  if (typeof raw === 'string' && raw.includes('${'))
    referencesOf(parseCached(raw), out);
  else if (Array.isArray(raw)) raw.forEach(r => referencesIn(r, out));
  else if (raw && typeof raw === 'object')
    Object.values(raw).forEach(r => referencesIn(r, out));
  return out;
}

function expressionJson(raw: RawValue): ExpressionJson {
  if (Array.isArray(raw) && raw.length > 0 && bodies(raw).length === raw.length)
    return bodies(raw).map(b => expressionsOf(b, new Set(['dynamic'])));
  if (!hasExpression(raw)) return { constant_value: raw };
  return { references: referencesIn(raw) };
}

function expressionsOf(
  body: RawBody,
  skip: Set<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (!skip.has(k)) out[k] = expressionJson(v);
  }
  return out;
}

/** The provider a block uses: its `provider` argument, else its type's prefix. */
function localProviderOf(block: BlockDef): string {
  return typeof block.body.provider === 'string'
    ? block.body.provider.replace(/^\$\{(.*)\}$/, '$1').split('.')[0]
    : block.type.split('_')[0];
}

function providerKeyOf(block: BlockDef, callPath: string): string {
  const explicit =
    typeof block.body.provider === 'string'
      ? block.body.provider.replace(/^\$\{(.*)\}$/, '$1')
      : undefined;
  const local = explicit ?? block.type.split('_')[0];
  return callPath
    ? `${callPath
        .replace(/^module\./, '')
        .replace(/\.module\./g, '.')}:${local}`
    : local;
}

function configModule(
  def: ModuleDef,
  callPath: string,
  defs: Map<string, ModuleDef>,
  resolve: SynthesizeOptions['resolveSource'],
): Record<string, unknown> {
  const resources = def.resources.map(r => {
    const entry: Record<string, unknown> = {
      address: `${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`,
      mode: r.mode,
      type: r.type,
      name: r.name,
      provider_config_key: providerKeyOf(r, callPath),
      expressions: expressionsOf(r.body, META_RESOURCE),
      schema_version: 0,
    };
    if (r.body.count !== undefined)
      entry.count_expression = expressionJson(r.body.count);
    if (r.body.for_each !== undefined)
      entry.for_each_expression = expressionJson(r.body.for_each);
    return entry;
  });
  const moduleCalls: Record<string, unknown> = {};
  for (const [name, call] of def.calls) {
    const dir = resolveModuleDir(def.dir, String(call.source ?? ''), resolve);
    const childPath = callPath
      ? `${callPath}.module.${name}`
      : `module.${name}`;
    const entry: Record<string, unknown> = {
      source: call.source,
      expressions: expressionsOf(call, META_MODULE),
      module: configModule(defs.get(dir)!, childPath, defs, resolve),
    };
    if (call.count !== undefined)
      entry.count_expression = expressionJson(call.count);
    if (call.for_each !== undefined)
      entry.for_each_expression = expressionJson(call.for_each);
    moduleCalls[name] = entry;
  }
  const outputs: Record<string, unknown> = {};
  for (const [name, body] of def.outputs) {
    outputs[name] = {
      expression: { references: referencesIn(body.value ?? null) },
      ...(typeof body.description === 'string'
        ? { description: body.description }
        : {}),
      ...(body.sensitive === true ? { sensitive: true } : {}),
    };
  }
  const variables: Record<string, unknown> = {};
  for (const [name, v] of def.variables) {
    variables[name] = {
      ...(v.hasDefault ? { default: v.default } : {}),
      ...(v.description ? { description: v.description } : {}),
      ...(v.sensitive ? { sensitive: true } : {}),
    };
  }
  const out: Record<string, unknown> = { resources };
  if (Object.keys(moduleCalls).length) out.module_calls = moduleCalls;
  if (Object.keys(outputs).length) out.outputs = outputs;
  if (Object.keys(variables).length) out.variables = variables;
  return out;
}

/**
 * `lifecycle { precondition { ... } }` of a resource or data source, checked
 * per instance as Terraform does at plan time: a condition that is false
 * fails the plan with its error_message; one unknown until apply is left to
 * apply, as Terraform leaves it.
 */
function checkPreconditions(body: RawBody, scope: Scope, where: string) {
  for (const lifecycle of bodies(body.lifecycle)) {
    for (const pre of bodies(lifecycle.precondition)) {
      if (pre.condition === undefined) continue;
      if (evalRaw(pre.condition, scope) === false) {
        throw new EvaluationError(
          `Resource precondition failed: ${String(pre.error_message)}`,
          where,
        );
      }
    }
  }
}

// --- the document -------------------------------------------------------

const PROVIDER_SOURCES: Record<string, string> = {
  aws: 'registry.terraform.io/hashicorp/aws',
  google: 'registry.terraform.io/hashicorp/google',
  azurerm: 'registry.terraform.io/hashicorp/azurerm',
  random: 'registry.terraform.io/hashicorp/random',
  tls: 'registry.terraform.io/hashicorp/tls',
};

const providerName = (local: string) =>
  PROVIDER_SOURCES[local] ?? `registry.terraform.io/hashicorp/${local}`;

export interface SynthesizedPlan {
  /** The plan document, as `terraform show -json` prints it. */
  document: Record<string, unknown>;
  /** Root outputs (UNKNOWN where only apply can tell). */
  outputs: Record<string, Value>;
}

export async function synthesizePlan(
  options: SynthesizeOptions,
): Promise<SynthesizedPlan> {
  const defs = new Map<string, ModuleDef>();
  const root = await loadTree(options.dir, options.resolveSource, defs);
  const collector: Collector = {
    instances: [],
    cloud: options.cloud,
    region: options.cloud.region,
    resolveSource: options.resolveSource,
    defs,
  };
  const inst = new ModuleInstance(root, '', options.variables ?? {}, collector);
  const awsProvider = root.providers.find(
    p => p.name === 'aws' && !p.body.alias,
  );
  if (awsProvider?.body.region !== undefined) {
    const region = evalRaw(awsProvider.body.region, inst.scope());
    if (typeof region === 'string') collector.region = region;
  }
  inst.evaluateAll();
  const outputs = inst.outputs();

  const managed = collector.instances
    .filter(i => i.mode === 'managed')
    .sort((a, b) => compareStrings(a.address, b.address));

  const resourceChanges = managed.map(i => ({
    address: i.address,
    ...(i.moduleAddress ? { module_address: i.moduleAddress } : {}),
    mode: 'managed',
    type: i.type,
    name: i.name,
    ...(i.index !== undefined ? { index: i.index } : {}),
    provider_name: providerName(i.provider),
    change: {
      actions: ['create'],
      before: null,
      after: toJsonAfter(i.attrs),
      after_unknown: unknownMask(i.attrs),
      before_sensitive: false,
      after_sensitive: {},
    },
  }));

  // planned_values nests child modules by module address.
  type PlannedModule = {
    address?: string;
    resources: unknown[];
    child_modules?: PlannedModule[];
  };
  const plannedRoot: PlannedModule = { resources: [] };
  const modules = new Map<string, PlannedModule>([['', plannedRoot]]);
  const moduleFor = (address: string): PlannedModule => {
    const found = modules.get(address);
    if (found) return found;
    const cut = address.lastIndexOf('.module.');
    const parent = moduleFor(cut < 0 ? '' : address.slice(0, cut));
    const created: PlannedModule = { address, resources: [] };
    (parent.child_modules = parent.child_modules ?? []).push(created);
    modules.set(address, created);
    return created;
  };
  for (const i of managed) {
    moduleFor(i.moduleAddress).resources.push({
      address: i.address,
      mode: 'managed',
      type: i.type,
      name: i.name,
      ...(i.index !== undefined ? { index: i.index } : {}),
      provider_name: providerName(i.provider),
      schema_version: 0,
      values: toJsonAfter(i.attrs),
      sensitive_values: {},
    });
  }

  const providerConfig: Record<string, unknown> = {};
  for (const p of root.providers) {
    const alias = typeof p.body.alias === 'string' ? p.body.alias : undefined;
    providerConfig[alias ? `${p.name}.${alias}` : p.name] = {
      name: p.name,
      full_name:
        PROVIDER_SOURCES[p.name] ?? `registry.terraform.io/hashicorp/${p.name}`,
      ...(alias ? { alias } : {}),
      expressions: expressionsOf(p.body, new Set(['alias'])),
    };
  }

  const rootVariables: Record<string, unknown> = {};
  for (const name of root.variables.keys()) {
    rootVariables[name] = { value: toJsonAfter(inst.variable(name)) };
  }

  const plannedOutputs: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(outputs)) {
    plannedOutputs[name] = {
      sensitive: root.outputs.get(name)?.sensitive === true,
      ...(containsUnknown(value) ? {} : { value: toJsonAfter(value) }),
    };
  }

  const document = {
    format_version: '1.2',
    // Not a Terraform run: say so, so nobody mistakes this for one.
    groundwork_synthesized: {
      by: '@groundwork/terraform-modules synthesizePlan',
      note: 'Built from the HCL without Terraform or cloud access; every resource is a create; provider-computed values are unknown.',
    },
    variables: rootVariables,
    planned_values: { outputs: plannedOutputs, root_module: plannedRoot },
    resource_changes: resourceChanges,
    output_changes: Object.fromEntries(
      Object.entries(outputs).map(([name, value]) => [
        name,
        {
          actions: ['create'],
          before: null,
          after: toJsonAfter(value),
          after_unknown: unknownMask(value),
          before_sensitive: false,
          after_sensitive: root.outputs.get(name)?.sensitive === true,
        },
      ]),
    ),
    configuration: {
      provider_config: providerConfig,
      root_module: configModule(root, '', defs, options.resolveSource),
    },
  };
  return { document, outputs };
}

export { isObject };

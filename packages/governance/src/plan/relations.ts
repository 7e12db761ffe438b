import {
  parentModuleAddress,
  splitAddressSteps,
  splitInstanceKey,
} from './address';
import { ConfigIndex, readExpression } from './configIndex';
import type { PlanResource } from './types';

/**
 * A link that plan values cannot show: `sourceType.attribute` points at a
 * resource of one of `targetTypes` whose id is only known after apply.
 */
export interface RelationSpec {
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

/** The relations the policy pack and the estimator ask about. */
export const RELATION_SPECS: readonly RelationSpec[] = [
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

interface Link {
  source: PlanResource;
  target: PlanResource;
  via: LinkVia;
}

interface SpecIndex {
  bySource: Map<PlanResource, Link[]>;
  byTarget: Map<PlanResource, Link[]>;
  unresolved: PlanResource[];
}

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
class Instances<T> {
  readonly all: T[] = [];
  private byKey?: Map<string | number, T>;

  add(item: T, key: string | number | undefined): void {
    this.all.push(item);
    if (key !== undefined) (this.byKey ??= new Map()).set(key, item);
  }

  withKey(key: string | number): T | undefined {
    return this.byKey?.get(key);
  }

  /** The only instance, or the one with `key`: what a bare reference means. */
  pick(key: string | number | undefined): T | undefined {
    if (this.all.length === 1) return this.all[0];
    return key === undefined ? undefined : this.withKey(key);
  }
}

/** A reference split once: `aws_s3_bucket.this[0].id` → root, name, key. */
interface ParsedRef {
  root: string;
  second?: string;
  third?: string;
}

const parsedRefs = new WeakMap<string[], ParsedRef[]>();

function parseRefs(refs: string[]): ParsedRef[] {
  let parsed = parsedRefs.get(refs);
  if (!parsed) {
    parsed = refs.map(ref => {
      const steps = splitAddressSteps(ref);
      return { root: steps[0], second: steps[1], third: steps[2] };
    });
    parsedRefs.set(refs, parsed);
  }
  return parsed;
}

/**
 * Resolves relations from configuration references (module-relative,
 * through module inputs and outputs, and through locals), with plan values
 * as a second source. Each relation kind is indexed once, on first use,
 * in one pass over its source resources; every lookup during that pass is
 * a map access, so the whole index costs time linear in the plan.
 */
export class RelationIndex {
  private readonly specs = new Map<string, Map<string, SpecIndex>>();
  /** `moduleAddress|configAddress` → instances of a relation target block. */
  private readonly instances = new Map<string, Instances<PlanResource>>();
  /** `moduleAddress|type` → instances of a relation target type. */
  private readonly byModuleType = new Map<string, Instances<PlanResource>>();
  /** `parentModuleAddress|callName` → module instance addresses. */
  private readonly moduleChildren = new Map<string, Instances<string>>();

  constructor(
    resources: readonly PlanResource[],
    private readonly byType: ReadonlyMap<string, PlanResource[]>,
    private readonly config: ConfigIndex,
  ) {
    const seenModules = new Set<string>();
    let lastModule: string | undefined;
    for (const r of resources) {
      if (TARGET_TYPES.has(r.type)) {
        instancesOf(
          this.instances,
          `${r.moduleAddress}|${r.configAddress}`,
        ).add(r, r.index);
        instancesOf(this.byModuleType, `${r.moduleAddress}|${r.type}`).add(
          r,
          r.index,
        );
      }
      // Resources of one module instance are adjacent in plans.
      if (r.moduleAddress === lastModule) continue;
      lastModule = r.moduleAddress;
      for (let m = r.moduleAddress; m && !seenModules.has(m); ) {
        seenModules.add(m);
        const steps = splitAddressSteps(m);
        const { name, index } = splitInstanceKey(steps[steps.length - 1]);
        const parent = steps.slice(0, -2).join('.');
        instancesOf(this.moduleChildren, `${parent}|${name}`).add(m, index);
        m = parent;
      }
    }
  }

  /** Resources of `sourceType` whose `attribute` points at `target`. */
  referrers(
    target: PlanResource,
    sourceType: string,
    attribute: string,
  ): PlanResource[] {
    return (this.index(sourceType, attribute).byTarget.get(target) ?? []).map(
      l => l.source,
    );
  }

  /** What `source.attribute` points at. */
  targets(source: PlanResource, attribute: string): PlanResource[] {
    return (this.index(source.type, attribute).bySource.get(source) ?? []).map(
      l => l.target,
    );
  }

  /** Sources of this relation that could not be tied to any target. */
  unresolved(sourceType: string, attribute: string): PlanResource[] {
    return this.index(sourceType, attribute).unresolved;
  }

  private index(sourceType: string, attribute: string): SpecIndex {
    let byAttribute = this.specs.get(sourceType);
    if (!byAttribute) this.specs.set(sourceType, (byAttribute = new Map()));
    const cached = byAttribute.get(attribute);
    if (cached) return cached;
    const spec = SPEC_BY_KEY.get(`${sourceType}.${attribute}`);
    if (!spec) {
      throw new Error(
        `No relation is defined for ${sourceType}.${attribute}; add it to RELATION_SPECS.`,
      );
    }
    const built = this.build(spec);
    byAttribute.set(attribute, built);
    return built;
  }

  private build(spec: RelationSpec): SpecIndex {
    const result: SpecIndex = {
      bySource: new Map(),
      byTarget: new Map(),
      unresolved: [],
    };
    const targetTypes = new Set(spec.targetTypes);
    const byValue = new Map<string, PlanResource[]>();
    for (const type of spec.targetTypes) {
      for (const t of this.byType.get(type) ?? []) {
        const values = t.after ?? t.before;
        for (const k of spec.targetKeys) {
          const v = values?.[k];
          if (typeof v === 'string' && v) push(byValue, v, t);
        }
      }
    }
    for (const source of this.byType.get(spec.sourceType) ?? []) {
      if (source.mode !== 'managed') continue;
      let links: Link[] = [];
      const value = (source.after ?? source.before)?.[spec.attribute];
      if (typeof value === 'string' && byValue.has(value)) {
        links = byValue
          .get(value)!
          .map(target => ({ source, target, via: 'value' as const }));
      } else {
        const cfg = this.config.resourceOf(source);
        const expr = readExpression(cfg?.expressions[spec.attribute]);
        if (expr && expr.references.length > 0) {
          const found = this.resolve(
            expr.references,
            source.moduleAddress,
            source.configModulePath,
            source.index,
            targetTypes,
            0,
          );
          links = found.map(f => ({ source, target: f.target, via: f.via }));
        }
      }
      if (links.length === 0) {
        result.unresolved.push(source);
        continue;
      }
      result.bySource.set(source, links);
      for (const link of links) push(result.byTarget, link.target, link);
    }
    return result;
  }

  private resolve(
    refs: string[],
    moduleAddress: string,
    configPath: string,
    key: string | number | undefined,
    targetTypes: Set<string>,
    depth: number,
  ): Array<{ target: PlanResource; via: LinkVia }> {
    if (depth > MAX_DEPTH) return [];
    // Terraform lists a reference at several depths ("a.b[0].id", "a.b[0]",
    // "a.b"); the indexed forms are the precise ones.
    let indexed: Map<string, Set<string | number>> | undefined;
    let bare: Set<string> | undefined;
    const out: Array<{ target: PlanResource; via: LinkVia }> = [];
    let viaLocal = false;
    for (const { root, second, third } of parseRefs(refs)) {
      if (root === 'var' && second) {
        out.push(
          ...this.throughVariable(
            second,
            moduleAddress,
            configPath,
            targetTypes,
            depth,
          ),
        );
      } else if (root === 'module' && second && third) {
        out.push(
          ...this.throughOutput(
            second,
            third,
            moduleAddress,
            configPath,
            key,
            targetTypes,
            depth,
          ),
        );
      } else if (root === 'local') {
        viaLocal = true;
      } else if (!IGNORED_ROOTS.has(root) && targetTypes.has(root) && second) {
        const { name, index } = splitInstanceKey(second);
        const addr = `${root}.${name}`;
        if (index !== undefined) {
          indexed ??= new Map();
          let set = indexed.get(addr);
          if (!set) indexed.set(addr, (set = new Set()));
          set.add(index);
        } else {
          (bare ??= new Set()).add(addr);
        }
      }
    }
    for (const [addr, keys] of indexed ?? []) {
      const candidates = this.instances.get(`${moduleAddress}|${addr}`);
      for (const k of keys) {
        const r = candidates?.withKey(k);
        if (r) out.push({ target: r, via: 'reference' });
      }
      bare?.delete(addr);
    }
    for (const addr of bare ?? []) {
      const pick = this.instances.get(`${moduleAddress}|${addr}`)?.pick(key);
      if (pick) out.push({ target: pick, via: 'reference' });
    }
    // Local values' expressions are not part of the JSON plan. When a
    // reference goes through a local and nothing better was found, the only
    // resource of the expected type in the same module instance (or the one
    // with the same instance key) is taken; anything else stays unresolved.
    if (out.length === 0 && viaLocal) {
      const pick = this.pickByType(moduleAddress, targetTypes, key);
      if (pick) out.push({ target: pick, via: 'local' });
    }
    return out.length > 1 ? dedupe(out) : out;
  }

  private pickByType(
    moduleAddress: string,
    targetTypes: Set<string>,
    key: string | number | undefined,
  ): PlanResource | undefined {
    const groups: Array<Instances<PlanResource>> = [];
    let total = 0;
    for (const type of targetTypes) {
      const g = this.byModuleType.get(`${moduleAddress}|${type}`);
      if (g) {
        groups.push(g);
        total += g.all.length;
      }
    }
    if (total === 1) return groups[0].all[0];
    if (key === undefined) return undefined;
    const same = groups
      .map(g => g.withKey(key))
      .filter((r): r is PlanResource => r !== undefined);
    return same.length === 1 ? same[0] : undefined;
  }

  private throughVariable(
    variable: string,
    moduleAddress: string,
    configPath: string,
    targetTypes: Set<string>,
    depth: number,
  ) {
    const call = this.config.callOf(configPath);
    if (!call || !moduleAddress) return [];
    const expr = readExpression(call.expressions[variable]);
    if (!expr || expr.references.length === 0) return [];
    const parentPath = configPath.slice(
      0,
      Math.max(0, configPath.lastIndexOf('.module.')),
    );
    const steps = splitAddressSteps(moduleAddress);
    const moduleKey = splitInstanceKey(steps[steps.length - 1]).index;
    return this.resolve(
      expr.references,
      parentModuleAddress(moduleAddress),
      parentPath,
      moduleKey,
      targetTypes,
      depth + 1,
    );
  }

  private throughOutput(
    callStep: string,
    output: string,
    moduleAddress: string,
    configPath: string,
    key: string | number | undefined,
    targetTypes: Set<string>,
    depth: number,
  ) {
    const { name, index } = splitInstanceKey(callStep);
    const childPath = configPath
      ? `${configPath}.module.${name}`
      : `module.${name}`;
    const refs = this.config.module(childPath)?.outputs.get(output);
    if (!refs || refs.length === 0) return [];
    const children = this.moduleChildren.get(`${moduleAddress}|${name}`);
    const chosen = children?.pick(index ?? key);
    return chosen
      ? this.resolve(refs, chosen, childPath, undefined, targetTypes, depth + 1)
      : [];
  }
}

function instancesOf<T>(
  map: Map<string, Instances<T>>,
  key: string,
): Instances<T> {
  let found = map.get(key);
  if (!found) map.set(key, (found = new Instances<T>()));
  return found;
}

function dedupe<T extends { target: PlanResource }>(links: T[]): T[] {
  const seen = new Set<PlanResource>();
  return links.filter(l =>
    seen.has(l.target) ? false : (seen.add(l.target), true),
  );
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

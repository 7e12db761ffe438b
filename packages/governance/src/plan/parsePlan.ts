import {
  configPathOf,
  formatInstanceKey,
  parseResourceAddress,
} from './address';
import { ConfigIndex, ConfigResource, indexConfiguration } from './configIndex';
import { decodePlanBytes, stripBom } from './decode';
import { PlanParseError } from './errors';
import { createRelationIndex } from './relations';
import type {
  DriftEntry,
  JsonObject,
  JsonValue,
  Plan,
  PlanResource,
  ResourceAction,
} from './types';
import { asArray, asObject } from './values';

/** Plans above this size are refused unless the caller raises the limit. */
export const DEFAULT_MAX_PLAN_BYTES = 128 * 1024 * 1024;

export interface ParsePlanOptions {
  /**
   * Largest document accepted, in bytes (default 128 MiB). JSON.parse needs
   * several times the document's size in memory; the cap turns an
   * out-of-memory crash into an error that says what to do.
   */
  maxBytes?: number;
}

const SUPPORTED_MAJORS = new Set([0, 1]);

function providerShortName(providerName: string, type: string): string {
  if (!providerName) return type.split('_')[0];
  const last = providerName.slice(providerName.lastIndexOf('/') + 1);
  return last.replace(/^provider\./, '').replace(/\..*$/, '');
}

/**
 * What building PlanResources remembers from one resource to the next.
 * Resources of one module and provider come in runs, so the derived module
 * path and provider name are kept from the previous resource instead of
 * being computed (or hashed) again. A plain object, for the reason
 * RelationState (relations.ts) gives.
 */
interface ResourceBuilder {
  readonly config: ConfigIndex;
  lastModule: string;
  lastConfigPath: string;
  lastProviderName: string | undefined;
  lastProvider: string;
  lastType: string;
  lastName: string;
  lastBlockPath: string;
  lastBlock: ConfigResource | null;
  lastMode: string;
}

function resourceBuilder(config: ConfigIndex): ResourceBuilder {
  return {
    config,
    lastModule: '',
    lastConfigPath: '',
    lastProviderName: undefined,
    lastProvider: '',
    lastType: '',
    lastName: '',
    lastBlockPath: '',
    lastBlock: null,
    lastMode: '',
  };
}

/** The `resource` block: the previous one while instances of a block follow each other. */
function blockOf(
  b: ResourceBuilder,
  configModulePath: string,
  mode: 'managed' | 'data',
  type: string,
  name: string,
): ConfigResource | null {
  if (
    type !== b.lastType ||
    name !== b.lastName ||
    configModulePath !== b.lastBlockPath ||
    mode !== b.lastMode
  ) {
    b.lastMode = mode;
    b.lastType = type;
    b.lastName = name;
    b.lastBlockPath = configModulePath;
    b.lastBlock =
      b.config.resource(
        configModulePath,
        mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`,
      ) ?? null;
  }
  return b.lastBlock;
}

function fromChange(
  b: ResourceBuilder,
  rc: JsonObject,
  address: string,
): PlanResource | undefined {
  const change = asObject(rc.change);
  const actions = actionsOf(change);
  return buildResource(
    b,
    rc,
    address,
    actions,
    collapseActions(actions),
    typeof rc.action_reason === 'string' ? rc.action_reason : undefined,
    asObject(change?.before) ?? null,
    asObject(change?.after) ?? null,
    change?.after_unknown ?? null,
    change?.before_sensitive ?? null,
    change?.after_sensitive ?? null,
  );
}

function fromValues(
  b: ResourceBuilder,
  values: JsonObject,
  address: string,
): PlanResource | undefined {
  const v = asObject(values.values) ?? null;
  const sensitive = values.sensitive_values ?? null;
  return buildResource(
    b,
    values,
    address,
    ['no-op'],
    'no-op',
    undefined,
    v,
    v,
    null,
    sensitive,
    sensitive,
  );
}

function buildResource(
  b: ResourceBuilder,
  raw: JsonObject,
  address: string,
  actions: string[],
  action: ResourceAction,
  actionReason: string | undefined,
  before: JsonObject | null,
  after: JsonObject | null,
  afterUnknown: JsonValue,
  beforeSensitive: JsonValue,
  afterSensitive: JsonValue,
): PlanResource | undefined {
  const hasParts = typeof raw.type === 'string' && typeof raw.name === 'string';
  // Terraform prints the parts; the address is parsed only when it did not.
  const parsed = hasParts ? undefined : parseResourceAddress(address);
  const type = hasParts ? (raw.type as string) : parsed?.type;
  if (!type) return undefined;
  const mode =
    raw.mode === 'data' || parsed?.mode === 'data' ? 'data' : 'managed';
  const name = hasParts ? (raw.name as string) : parsed?.name ?? '';
  const index =
    typeof raw.index === 'string' || typeof raw.index === 'number'
      ? raw.index
      : (
          parsed ??
          (address.endsWith(']') ? parseResourceAddress(address) : undefined)
        )?.index;
  const providerName =
    typeof raw.provider_name === 'string' ? raw.provider_name : '';
  const moduleAddress =
    typeof raw.module_address === 'string'
      ? raw.module_address
      : parsed?.moduleAddress ??
        parseResourceAddress(address)?.moduleAddress ??
        '';
  if (moduleAddress !== b.lastModule) {
    b.lastModule = moduleAddress;
    b.lastConfigPath = configPathOf(moduleAddress);
  }
  if (providerName !== b.lastProviderName || !providerName) {
    b.lastProviderName = providerName;
    b.lastProvider = providerShortName(providerName, type);
  }
  const block = blockOf(b, b.lastConfigPath, mode, type, name);
  // The block's own address string is shared by all its instances.
  const configAddress =
    block?.address ??
    (mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`);
  return {
    address,
    moduleAddress,
    configModulePath: b.lastConfigPath,
    configAddress,
    mode,
    type,
    name,
    index,
    providerName,
    provider: b.lastProvider,
    action,
    actions,
    actionReason,
    before,
    after,
    afterUnknown,
    beforeSensitive,
    afterSensitive,
  };
}

/**
 * Reads what `terraform show -json <planfile>` (or `tofu show -json`) prints.
 * Accepts format_version 0.x and 1.x; unknown extra fields are ignored.
 * Bytes may be UTF-8 (with or without a BOM) or UTF-16 with a BOM.
 */
export function parsePlan(
  input: string | Uint8Array,
  options: ParsePlanOptions = {},
): Plan {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_PLAN_BYTES;
  const size =
    typeof input === 'string' ? utf8Size(input, maxBytes) : input.byteLength;
  if (size > maxBytes) throw planTooLargeError(size, maxBytes);
  const text =
    typeof input === 'string' ? stripBom(input) : decodePlanBytes(input);
  if (isBlank(text)) {
    throw new PlanParseError(
      'empty',
      'The plan file is empty. Produce it with `terraform show -json plan.tfplan > plan.json`.',
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw jsonError(text, e as Error);
  }
  return planFromDocument(doc);
}

/**
 * The UTF-8 size of a string, or a lower bound of it when that already
 * decides the limit: a UTF-16 code unit takes 1 to 3 bytes, so a text of
 * at most a third of the limit fits without scanning it.
 */
function utf8Size(text: string, maxBytes: number): number {
  // Within the limit for sure: the length is a bound good enough to compare.
  if (text.length * 3 <= maxBytes) return text.length;
  // Over it, or near: the exact size (also what the error message shows).
  return Buffer.byteLength(text);
}

/** Only whitespace (JSON's four characters), without copying the text. */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return true;
}

/** Builds a Plan from an already parsed document (e.g. from a stream parser). */
export function planFromDocument(doc: unknown): Plan {
  const root = checkDocument(doc);
  const config = indexConfiguration(asObject(root.configuration));
  const resources: PlanResource[] = [];
  const byType = new Map<string, PlanResource[]>();
  const build = resourceBuilder(config);
  let lastType: string | undefined;
  let lastList: PlanResource[] = [];
  const add = (r: PlanResource) => {
    resources.push(r);
    // Instances of one type mostly come in runs.
    if (r.type !== lastType) {
      lastType = r.type;
      const list = byType.get(r.type);
      if (list) lastList = list;
      else byType.set(r.type, (lastList = []));
    }
    lastList.push(r);
  };

  const changes = asArray(root.resource_changes) ?? [];
  /** Managed resources that exist after apply: what planned_values lists. */
  let remaining = 0;
  for (let i = 0; i < changes.length; i++) {
    const rc = asObject(changes[i]);
    const address = rc && addressOf(rc);
    if (!rc || !address)
      throw missingAddress('resource_changes', i, changes[i]);
    const r = fromChange(build, rc, address);
    if (!r) throw missingAddress('resource_changes', i, changes[i]);
    add(r);
    if (r.mode === 'managed' && r.action !== 'delete') remaining++;
  }
  // Very old or hand-trimmed plans may list resources only in
  // planned_values. When it holds exactly as many managed resources as
  // resource_changes leaves after apply, it holds no others: the address
  // check per resource is skipped.
  const planned = asObject(asObject(root.planned_values)?.root_module);
  if (planned && countManaged(planned) !== remaining) {
    const known = new Set(resources.map(r => r.address));
    walkPlannedModule(planned, values => {
      const address = values.address;
      if (typeof address !== 'string' || known.has(address)) return;
      known.add(address);
      const r = fromValues(build, values, address);
      if (r) add(r);
    });
  }

  const drift: DriftEntry[] = [];
  const driftEntries = asArray(root.resource_drift) ?? [];
  for (let i = 0; i < driftEntries.length; i++) {
    const d = asObject(driftEntries[i]);
    const address = d && addressOf(d);
    if (!d || !address)
      throw missingAddress('resource_drift', i, driftEntries[i]);
    drift.push({
      address,
      type: typeof d.type === 'string' ? d.type : '',
      actions: actionsOf(asObject(d.change)),
    });
  }

  const variableValues: Record<string, JsonValue> = {};
  for (const [name, v] of Object.entries(asObject(root.variables) ?? {})) {
    const value = asObject(v);
    if (value && 'value' in value) variableValues[name] = value.value;
  }

  // Built on first use: the engine itself seldom looks resources up by address.
  let byAddress: Map<string, PlanResource> | undefined;
  return {
    formatVersion: String(root.format_version),
    terraformVersion:
      typeof root.terraform_version === 'string'
        ? root.terraform_version
        : undefined,
    resources,
    drift,
    variableValues,
    variables: config.variables,
    config,
    relations: createRelationIndex(resources, byType, config),
    get byAddress(): ReadonlyMap<string, PlanResource> {
      if (!byAddress) {
        byAddress = new Map();
        for (const r of resources)
          if (!byAddress.has(r.address)) byAddress.set(r.address, r);
      }
      return byAddress;
    },
    byType,
    hasConfiguration: !config.isEmpty,
  };
}

/** A resource change without an address would be dropped without a word. */
function missingAddress(
  section: string,
  i: number,
  entry: JsonValue,
): PlanParseError {
  return notAPlan(
    `${section}[${i}] without an address (${
      asObject(entry) ? 'an object' : `a JSON ${jsonTypeOf(entry)}`
    })`,
  );
}

function countManaged(module: JsonObject): number {
  let n = 0;
  for (const r of asArray(module.resources) ?? [])
    if (asObject(r)?.mode !== 'data') n++;
  for (const child of asArray(module.child_modules) ?? []) {
    const m = asObject(child);
    if (m) n += countManaged(m);
  }
  return n;
}

function checkDocument(doc: unknown): JsonObject {
  if (Array.isArray(doc)) {
    throw notAPlan('a JSON array');
  }
  if (doc === null || typeof doc !== 'object') {
    throw notAPlan(`a JSON ${doc === null ? 'null' : typeof doc}`);
  }
  const root = doc as JsonObject;
  const version = root.format_version;
  const planKeys = [
    'resource_changes',
    'planned_values',
    'prior_state',
    'configuration',
  ];
  const hasPlanKey = planKeys.some(k => k in root);
  if (typeof version !== 'string') {
    if (version !== undefined) {
      throw notAPlan(
        `a format_version of ${JSON.stringify(
          version,
        )} (Terraform writes it as a string, e.g. "1.2")`,
      );
    }
    const keys = Object.keys(root).slice(0, 8).join(', ') || 'no keys';
    throw notAPlan(`a JSON object without format_version (keys: ${keys})`);
  }
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (!match || !SUPPORTED_MAJORS.has(Number(match[1]))) {
    throw new PlanParseError(
      'unsupported-version',
      `Unsupported plan format_version "${version}": this tool reads format 0.x and 1.x ` +
        '(Terraform 0.12 to 1.x, OpenTofu). Upgrade @groundwork/governance, or produce the plan ' +
        'with a Terraform release whose JSON format it supports.',
    );
  }
  if (!hasPlanKey) {
    if ('values' in root)
      throw notAPlan(
        'a state document (`terraform show -json` without a plan file)',
      );
    if ('provider_schemas' in root)
      throw notAPlan('a provider schema document');
    throw notAPlan(
      `a JSON object without plan sections (keys: ${Object.keys(root)
        .slice(0, 8)
        .join(', ')})`,
    );
  }
  checkSectionTypes(root);
  return root;
}

/** The sections the reader uses, with the JSON type Terraform gives them. */
const SECTION_TYPES: ReadonlyArray<[string, 'object' | 'array']> = [
  ['resource_changes', 'array'],
  ['resource_drift', 'array'],
  ['planned_values', 'object'],
  ['configuration', 'object'],
  ['variables', 'object'],
];

function jsonTypeOf(value: JsonValue): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * A section of the wrong type would otherwise drop resources without a
 * word: governance must not quietly judge less than the plan holds.
 */
function checkSectionTypes(root: JsonObject): void {
  for (const [key, expected] of SECTION_TYPES) {
    if (!(key in root) || root[key] === null) continue;
    const actual = jsonTypeOf(root[key]);
    if (actual !== expected) {
      throw notAPlan(`a "${key}" that is a JSON ${actual}, not an ${expected}`);
    }
  }
}

function notAPlan(found: string): PlanParseError {
  return new PlanParseError(
    'not-a-plan',
    `Expected a Terraform plan document but found ${found}. ` +
      'Run `terraform plan -out plan.tfplan && terraform show -json plan.tfplan > plan.json` and pass plan.json.',
  );
}

export function planTooLargeError(
  size: number,
  maxBytes: number,
): PlanParseError {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return new PlanParseError(
    'too-large',
    `The plan is ${mb(size)}, above the ${mb(
      maxBytes,
    )} limit. Split the configuration into ` +
      'smaller root modules, or raise the limit (library: `maxBytes`; CLI: `--max-plan-mb`) on a ' +
      'machine with memory to spare (about 6x the file size).',
  );
}

function jsonError(text: string, error: Error): PlanParseError {
  const trimmed = text.trimStart();
  const position = /position (\d+)/.exec(error.message);
  const atEnd =
    /end of (JSON|data)|Unterminated/i.test(error.message) ||
    (position !== null && Number(position[1]) >= text.trimEnd().length - 1);
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && atEnd) {
    return new PlanParseError(
      'truncated',
      `The plan JSON ends unexpectedly after ${text.length} characters: the file looks truncated. ` +
        'Write it again (`terraform show -json plan.tfplan > plan.json`) and check the disk is not full.',
    );
  }
  const preview = JSON.stringify(trimmed.slice(0, 20));
  return new PlanParseError(
    'not-json',
    `The plan file is not JSON (${error.message}; it starts with ${preview}). Pass the output of ` +
      '`terraform show -json plan.tfplan`, not the binary plan file or the human-readable plan.',
  );
}

/**
 * Terraform 1.0.0 printed drift entries without `address`; rebuild it from
 * the parts it did print.
 */
function addressOf(raw: JsonObject): string | undefined {
  if (typeof raw.address === 'string') return raw.address;
  if (typeof raw.type !== 'string' || typeof raw.name !== 'string')
    return undefined;
  const prefix =
    typeof raw.module_address === 'string' && raw.module_address
      ? `${raw.module_address}.`
      : '';
  const data = raw.mode === 'data' ? 'data.' : '';
  const index =
    typeof raw.index === 'string' || typeof raw.index === 'number'
      ? formatInstanceKey(raw.index)
      : '';
  return `${prefix}${data}${raw.type}.${raw.name}${index}`;
}

const NO_ACTIONS: string[] = [];

function actionsOf(change: JsonObject | undefined): string[] {
  const actions = asArray(change?.actions);
  if (!actions) return NO_ACTIONS;
  // Terraform prints strings; copy only when something else is mixed in.
  return actions.every(a => typeof a === 'string')
    ? (actions as string[])
    : actions.filter((a): a is string => typeof a === 'string');
}

function collapseActions(actions: string[]): ResourceAction {
  if (actions.includes('delete') && actions.includes('create'))
    return 'replace';
  const first = actions[0];
  switch (first) {
    case 'create':
    case 'update':
    case 'delete':
    case 'read':
      return first;
    case 'forget':
      return 'delete';
    default:
      return 'no-op';
  }
}

function walkPlannedModule(
  module: JsonObject | undefined,
  visit: (r: JsonObject) => void,
): void {
  if (!module) return;
  for (const raw of asArray(module.resources) ?? []) {
    const r = asObject(raw);
    if (r) visit(r);
  }
  for (const child of asArray(module.child_modules) ?? []) {
    walkPlannedModule(asObject(child), visit);
  }
}

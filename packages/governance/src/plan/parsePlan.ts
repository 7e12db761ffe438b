import {
  configPathOf,
  formatInstanceKey,
  parseResourceAddress,
} from './address';
import { ConfigIndex } from './configIndex';
import { decodePlanBytes, stripBom } from './decode';
import { PlanParseError } from './errors';
import { RelationIndex } from './relations';
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
    typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > maxBytes) throw planTooLargeError(size, maxBytes);
  const text =
    typeof input === 'string' ? stripBom(input) : decodePlanBytes(input);
  if (text.trim() === '') {
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

/** Builds a Plan from an already parsed document (e.g. from a stream parser). */
export function planFromDocument(doc: unknown): Plan {
  const root = checkDocument(doc);
  const config = new ConfigIndex(asObject(root.configuration));
  const resources: PlanResource[] = [];
  const byAddress = new Map<string, PlanResource>();
  const byType = new Map<string, PlanResource[]>();
  const add = (r: PlanResource) => {
    resources.push(r);
    if (!byAddress.has(r.address)) byAddress.set(r.address, r);
    const list = byType.get(r.type);
    if (list) list.push(r);
    else byType.set(r.type, [r]);
  };

  for (const raw of asArray(root.resource_changes) ?? []) {
    const r = resourceFromChange(asObject(raw));
    if (r) add(r);
  }
  // Very old or hand-trimmed plans may list resources only in planned_values.
  walkPlannedModule(
    asObject(asObject(root.planned_values)?.root_module),
    values => {
      const address = values.address;
      if (typeof address !== 'string' || byAddress.has(address)) return;
      const r = resourceFromValues(values);
      if (r) add(r);
    },
  );

  const drift: DriftEntry[] = [];
  for (const raw of asArray(root.resource_drift) ?? []) {
    const d = asObject(raw);
    const address = d && addressOf(d);
    if (!d || !address) continue;
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
    relations: new RelationIndex(resources, byType, config),
    byAddress,
    byType,
    hasConfiguration: !config.isEmpty,
  };
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
 * A section of the wrong type, or a resource change without an address,
 * would otherwise drop resources without a word: governance must not
 * quietly judge less than the plan holds.
 */
function checkSectionTypes(root: JsonObject): void {
  for (const [key, expected] of SECTION_TYPES) {
    if (!(key in root) || root[key] === null) continue;
    const actual = jsonTypeOf(root[key]);
    if (actual !== expected) {
      throw notAPlan(`a "${key}" that is a JSON ${actual}, not an ${expected}`);
    }
  }
  for (const key of ['resource_changes', 'resource_drift']) {
    const list = asArray(root[key]) ?? [];
    for (let i = 0; i < list.length; i++) {
      const entry = asObject(list[i]);
      const hasAddress =
        typeof entry?.address === 'string' ||
        (typeof entry?.type === 'string' && typeof entry?.name === 'string');
      if (!hasAddress) {
        throw notAPlan(
          `${key}[${i}] without an address (${
            entry ? 'an object' : `a JSON ${jsonTypeOf(list[i])}`
          })`,
        );
      }
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

function actionsOf(change: JsonObject | undefined): string[] {
  return (asArray(change?.actions) ?? []).filter(
    (a): a is string => typeof a === 'string',
  );
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

const providerNames = new Map<string, string>();

function providerShortName(providerName: string, type: string): string {
  if (!providerName) return type.split('_')[0];
  let short = providerNames.get(providerName);
  if (short === undefined) {
    const last = providerName.split('/').pop()!;
    short = last.replace(/^provider\./, '').replace(/\..*$/, '');
    providerNames.set(providerName, short);
  }
  return short;
}

function resourceFromChange(
  rc: JsonObject | undefined,
): PlanResource | undefined {
  const address = rc && addressOf(rc);
  if (!rc || !address) return undefined;
  const change = asObject(rc.change) ?? {};
  const actions = actionsOf(change);
  return buildResource(rc, address, {
    actions,
    action: collapseActions(actions),
    actionReason:
      typeof rc.action_reason === 'string' ? rc.action_reason : undefined,
    before: asObject(change.before) ?? null,
    after: asObject(change.after) ?? null,
    afterUnknown: change.after_unknown ?? null,
    beforeSensitive: change.before_sensitive ?? null,
    afterSensitive: change.after_sensitive ?? null,
  });
}

function resourceFromValues(values: JsonObject): PlanResource | undefined {
  const v = asObject(values.values) ?? null;
  return buildResource(values, values.address as string, {
    actions: ['no-op'],
    action: 'no-op',
    before: v,
    after: v,
    afterUnknown: null,
    beforeSensitive: values.sensitive_values ?? null,
    afterSensitive: values.sensitive_values ?? null,
  });
}

type ChangePart = Pick<
  PlanResource,
  | 'actions'
  | 'action'
  | 'actionReason'
  | 'before'
  | 'after'
  | 'afterUnknown'
  | 'beforeSensitive'
  | 'afterSensitive'
>;

function buildResource(
  raw: JsonObject,
  address: string,
  change: ChangePart,
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
  return {
    address,
    moduleAddress,
    configModulePath: configPathOf(moduleAddress),
    configAddress: `${mode === 'data' ? 'data.' : ''}${type}.${name}`,
    mode,
    type,
    name,
    index,
    providerName,
    provider: providerShortName(providerName, type),
    ...change,
  };
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

import { parse as parseYaml } from 'yaml';
import { CostInputError } from '../mergePrices';
import type { UsageFigures } from '../types';
import {
  INFRACOST_KEY_ALIASES,
  INFRACOST_KEYS,
  KeySpec,
  TypeKeys,
} from './infracostKeys';

/**
 * An Infracost usage file (`infracost-usage.yml`) read into the
 * estimator's usage figures, with what could not be used.
 */
export interface InfracostUsage {
  /** Figures by address or pattern (`[*]` kept as a wildcard) or by type. */
  usage: Record<string, UsageFigures>;
  /** Keys of a known type that are not Infracost keys the estimate knows. */
  warnings: string[];
  /** Entries read but not (fully) used: types without a model, keys not priced. */
  notes: string[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** An Infracost usage file has `version` and `resource_usage` (or type defaults). */
export function isInfracostUsage(doc: unknown): boolean {
  return (
    isPlainObject(doc) &&
    'version' in doc &&
    ('resource_usage' in doc || 'resource_type_default_usage' in doc)
  );
}

/**
 * The resource type of an address: `module.a["k"].aws_x.name[*]` → `aws_x`.
 * Index keys are dropped first, since `["a.b"]` may hold dots.
 */
export function typeOfAddress(address: string): string | undefined {
  const steps = address.replace(/\[[^\]]*\]/g, '').split('.');
  let i = 0;
  while (steps[i] === 'module') i += 2;
  if (steps[i] === 'data') return undefined;
  return steps.length - i === 2 ? steps[i] : undefined;
}

/**
 * Infracost writes `[*]` for "every instance"; the estimator's patterns use
 * `*`, which the `[*]` already contains, so the key is kept as it is.
 * Any other `*` would be read as a wildcard too, which is what it means in
 * Infracost's wildcard addresses as well.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function specOf(spec: KeySpec): [keyof UsageFigures, number, string?] {
  return typeof spec === 'string' ? [spec, 1] : [spec[0], spec[1], spec[2]];
}

function readEntry(
  address: string,
  type: string,
  keys: TypeKeys,
  values: Record<string, unknown>,
  warnings: string[],
  notes: string[],
): UsageFigures {
  const figures: UsageFigures = {};
  const notPriced = new Set((keys.notPriced ?? '').split(' ').filter(Boolean));
  const skipped: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    // A reservation paid all upfront leaves no hourly charge: the instance's
    // on-demand hours are zero (the upfront fee is not a monthly cost).
    if (
      key === 'reserved_instance_payment_option' &&
      value === 'all_upfront' &&
      'monthly_hrs' in keys.read
    ) {
      figures.monthlyHours = 0;
      notes.push(
        `${address}: a reserved instance paid all upfront has no hourly charge; its upfront fee is not in the monthly estimate`,
      );
      continue;
    }
    const spec = keys.read[key];
    if (!spec) {
      if (notPriced.has(key)) skipped.push(key);
      else
        warnings.push(
          `${address}: "${key}" is not a usage key of ${type} the estimate knows; ignored (known keys: ${
            Object.keys(keys.read).join(', ') || 'none'
          })`,
        );
      continue;
    }
    const [figure, factor, subKey] = specOf(spec);
    let raw: unknown = value;
    if (subKey !== undefined) {
      if (!isPlainObject(value)) {
        warnings.push(
          `${address}: "${key}" should be a map with "${subKey}"; ignored`,
        );
        continue;
      }
      raw = value[subKey];
      const others = Object.keys(value).filter(k => k !== subKey);
      if (others.length > 0)
        notes.push(`${address}: ${key}.${others.join(`, ${key}.`)} not priced`);
      if (raw === undefined) continue;
    }
    if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0) {
      warnings.push(
        `${address}: "${key}" must be a number of at least 0; ignored`,
      );
      continue;
    }
    figures[figure] = (figures[figure] ?? 0) + raw * factor;
  }
  if (skipped.length > 0)
    notes.push(
      `${address}: ${skipped.join(', ')} read but not priced by this estimate`,
    );
  return figures;
}

/** Converts a parsed Infracost usage document. */
export function fromInfracostUsage(doc: unknown): InfracostUsage {
  if (!isInfracostUsage(doc))
    throw new CostInputError('usage figures', [
      'an Infracost usage file needs "version" and "resource_usage" at the top level',
    ]);
  const d = doc as Record<string, unknown>;
  const issues: string[] = [];
  if (String(d.version) !== '0.1')
    issues.push(
      `version ${String(
        d.version,
      )}: only Infracost usage file version 0.1 is read`,
    );
  const usage: Record<string, UsageFigures> = {};
  const warnings: string[] = [];
  const notes: string[] = [];
  const ignoredTypes = new Map<string, number>();
  const sections: Array<[string, unknown, boolean]> = [
    ['resource_type_default_usage', d.resource_type_default_usage, true],
    ['resource_usage', d.resource_usage, false],
  ];
  for (const [section, entries, byType] of sections) {
    if (entries === undefined || entries === null) continue;
    if (!isPlainObject(entries)) {
      issues.push(
        `${section}: expected a map keyed by ${
          byType ? 'resource type' : 'address'
        }`,
      );
      continue;
    }
    for (const [key, values] of Object.entries(entries)) {
      if (FORBIDDEN_KEYS.has(key)) {
        issues.push(`${section}.${key}: not a resource address`);
        continue;
      }
      const type = byType ? key : typeOfAddress(key);
      const keys = type
        ? INFRACOST_KEYS[INFRACOST_KEY_ALIASES[type] ?? type]
        : undefined;
      if (!type || !keys) {
        const t = type ?? key;
        ignoredTypes.set(t, (ignoredTypes.get(t) ?? 0) + 1);
        continue;
      }
      if (!isPlainObject(values)) {
        warnings.push(`${key}: expected a map of usage keys; ignored`);
        continue;
      }
      const figures = readEntry(key, type, keys, values, warnings, notes);
      if (Object.keys(figures).length > 0) usage[key] = figures;
    }
  }
  if (issues.length > 0) throw new CostInputError('usage figures', issues);
  if (ignoredTypes.size > 0)
    notes.push(
      `ignored (no usage-priced model here): ${[...ignoredTypes.keys()]
        .sort()
        .join(', ')}`,
    );
  return { usage, warnings, notes };
}

/** Parses the text of an Infracost usage file (YAML). */
export function parseInfracostUsage(text: string): InfracostUsage {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new CostInputError('usage figures', [
      `not valid YAML: ${(e as Error).message}`,
    ]);
  }
  return fromInfracostUsage(doc);
}

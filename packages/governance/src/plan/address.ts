/** The parts of a Terraform resource instance address. */
interface ParsedAddress {
  /** Module instance path with keys: `module.a["x"].module.b`; '' for root. */
  moduleAddress: string;
  /** Module path without keys: `module.a.module.b`; '' for root. */
  configModulePath: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
}

/**
 * Splits an address on the dots that separate its steps. Dots inside
 * instance keys (`["test.1"]`) are part of the key, so a plain split would
 * cut keys in half.
 */
export function splitAddressSteps(address: string): string[] {
  // Only quoted keys can hold dots; without quotes a plain split is exact.
  if (!address.includes('"')) return address.split('.');
  const steps: string[] = [];
  let start = 0;
  let inBracket = false;
  let inString = false;
  for (let i = 0; i < address.length; i++) {
    const ch = address.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \\ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 /* [ */) inBracket = true;
    else if (ch === 93 /* ] */) inBracket = false;
    else if (ch === 46 /* . */ && !inBracket) {
      steps.push(address.slice(start, i));
      start = i + 1;
    }
  }
  steps.push(address.slice(start));
  return steps;
}

/** Splits `name["key"]` / `name[0]` into name and key. */
export function splitInstanceKey(step: string): {
  name: string;
  index?: string | number;
} {
  const open = step.indexOf('[');
  if (open < 0 || !step.endsWith(']')) return { name: step };
  const raw = step.slice(open + 1, -1);
  const name = step.slice(0, open);
  if (raw.startsWith('"')) {
    try {
      return { name, index: JSON.parse(raw) as string };
    } catch {
      return { name, index: raw.slice(1, -1) };
    }
  }
  const n = Number(raw);
  return { name, index: Number.isInteger(n) ? n : raw };
}

/** Formats an instance key the way Terraform prints it in addresses. */
export function formatInstanceKey(index: string | number | undefined): string {
  if (index === undefined) return '';
  return typeof index === 'number'
    ? `[${index}]`
    : `[${JSON.stringify(index)}]`;
}

/** Parses a resource instance address; returns undefined when it is not one. */
export function parseResourceAddress(
  address: string,
): ParsedAddress | undefined {
  const steps = splitAddressSteps(address);
  const moduleSteps: string[] = [];
  const configSteps: string[] = [];
  let i = 0;
  while (i < steps.length && steps[i] === 'module' && i + 1 < steps.length) {
    const call = steps[i + 1];
    moduleSteps.push(`module.${call}`);
    configSteps.push(`module.${splitInstanceKey(call).name}`);
    i += 2;
  }
  let mode: 'managed' | 'data' = 'managed';
  if (steps[i] === 'data') {
    mode = 'data';
    i++;
  }
  if (steps.length - i !== 2) return undefined;
  const type = steps[i];
  const { name, index } = splitInstanceKey(steps[i + 1]);
  return {
    moduleAddress: moduleSteps.join('.'),
    configModulePath: configSteps.join('.'),
    mode,
    type,
    name,
    index,
  };
}

/** The parent of a module instance address (`module.a.module.b` → `module.a`). */
export function parentModuleAddress(moduleAddress: string): string {
  const steps = splitAddressSteps(moduleAddress);
  return steps.slice(0, -2).join('.');
}

const configPathCache = new Map<string, string>();

/**
 * `module.a["x"].module.b[0]` → `module.a.module.b`. Cached: a plan has
 * few module instances and many resources in each.
 */
export function configPathOf(moduleAddress: string): string {
  if (!moduleAddress) return '';
  let path = configPathCache.get(moduleAddress);
  if (path === undefined) {
    const steps = splitAddressSteps(moduleAddress);
    const names: string[] = [];
    for (let i = 0; i + 1 < steps.length; i += 2)
      names.push(`module.${splitInstanceKey(steps[i + 1]).name}`);
    path = names.join('.');
    if (configPathCache.size > 100_000) configPathCache.clear();
    configPathCache.set(moduleAddress, path);
  }
  return path;
}

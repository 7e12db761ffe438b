import {
  UNKNOWN,
  Value,
  containsUnknown,
  deepEqual,
  isObject,
  isUnknown,
  toBoolValue,
  toNumberValue,
  toStringValue,
  typeName,
} from './values';

type Fn = (args: Value[], name: string) => Value;

const list = (v: Value, what: string): Value[] => {
  if (Array.isArray(v)) return v;
  throw new TypeError(`${what}: expected a list, got ${typeName(v)}`);
};

const str = (v: Value, what: string) => toStringValue(v, what);
const num = (v: Value, what: string) => toNumberValue(v, what);

/** Byte-wise order, as Terraform sorts sets of strings (not locale order). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Set semantics of Terraform for strings: unique and sorted. */
function toSet(values: Value[]): Value[] {
  const out: Value[] = [];
  for (const v of values) if (!out.some(x => deepEqual(x, v))) out.push(v);
  if (out.every(v => typeof v === 'string'))
    (out as string[]).sort(compareStrings);
  return out;
}

function jsonEncode(v: Value): string {
  // Terraform's jsonencode sorts object keys.
  const sortKeys = (x: Value): unknown => {
    if (Array.isArray(x)) return x.map(sortKeys);
    if (isObject(x)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(x).sort()) out[k] = sortKeys(x[k]);
      return out;
    }
    return x;
  };
  return JSON.stringify(sortKeys(v));
}

function ipv4ToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some(p => !(p >= 0 && p <= 255)))
    throw new TypeError(`invalid IPv4 address "${ip}"`);
  return (
    ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0
  );
}

const intToIpv4 = (n: number) =>
  [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** cidrsubnet(prefix, newbits, netnum) for IPv4, as Terraform computes it. */
function cidrSubnet(prefix: string, newbits: number, netnum: number): string {
  const [base, lenText] = prefix.split('/');
  const len = Number(lenText);
  const newLen = len + newbits;
  if (!(newLen <= 32))
    throw new TypeError(`cidrsubnet: ${newbits} new bits overflow ${prefix}`);
  if (netnum >= 2 ** newbits)
    throw new TypeError(
      `cidrsubnet: network number ${netnum} does not fit in ${newbits} bits`,
    );
  const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
  const network = (ipv4ToInt(base) & mask) >>> 0;
  const subnet = (network + netnum * 2 ** (32 - newLen)) >>> 0;
  return `${intToIpv4(subnet)}/${newLen}`;
}

/**
 * The functions the factory's modules use. Each returns UNKNOWN when an
 * argument it needs is unknown, as Terraform does.
 */
export const FUNCTIONS: Record<string, Fn> = {
  length: ([v], n) => {
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (isObject(v)) return Object.keys(v).length;
    throw new TypeError(`${n}: unsupported ${typeName(v)}`);
  },
  lower: ([v], n) => str(v, n).toLowerCase(),
  upper: ([v], n) => str(v, n).toUpperCase(),
  title: ([v], n) => str(v, n).replace(/\b\w/g, c => c.toUpperCase()),
  trimspace: ([v], n) => str(v, n).trim(),
  substr: ([s, o, l], n) => {
    const text = str(s, n);
    const len = num(l, n);
    return text.substr(num(o, n), len < 0 ? undefined : len);
  },
  replace: ([s, a, b], n) => {
    const search = str(a, n);
    if (search.startsWith('/') && search.endsWith('/') && search.length > 1) {
      return str(s, n).replace(new RegExp(search.slice(1, -1), 'g'), str(b, n));
    }
    return str(s, n).split(search).join(str(b, n));
  },
  format: ([f, ...rest], n) => {
    let i = 0;
    return str(f, n).replace(/%([sdv%])/g, (_, verb) => {
      if (verb === '%') return '%';
      const arg = rest[i++];
      return verb === 'd' ? String(Math.trunc(num(arg, n))) : str(arg, n);
    });
  },
  join: ([sep, l], n) =>
    list(l, n)
      .map(x => str(x, n))
      .join(str(sep, n)),
  split: ([sep, s], n) => str(s, n).split(str(sep, n)),
  trimprefix: ([s, p], n) => {
    const text = str(s, n);
    const prefix = str(p, n);
    return text.startsWith(prefix) ? text.slice(prefix.length) : text;
  },
  trimsuffix: ([s, p], n) => {
    const text = str(s, n);
    const suffix = str(p, n);
    return suffix && text.endsWith(suffix)
      ? text.slice(0, -suffix.length)
      : text;
  },
  startswith: ([s, p], n) => str(s, n).startsWith(str(p, n)),
  endswith: ([s, p], n) => str(s, n).endsWith(str(p, n)),
  concat: (args, n) => args.flatMap(a => list(a, n)),
  contains: ([l, v], n) => list(l, n).some(x => deepEqual(x, v)),
  distinct: ([l], n) => {
    const out: Value[] = [];
    for (const v of list(l, n))
      if (!out.some(x => deepEqual(x, v))) out.push(v);
    return out;
  },
  element: ([l, i], n) => {
    const items = list(l, n);
    return items[num(i, n) % items.length];
  },
  flatten: ([l], n) => {
    const flat = (x: Value): Value[] =>
      Array.isArray(x) ? x.flatMap(flat) : [x];
    return list(l, n).flatMap(flat);
  },
  slice: ([l, a, b], n) => list(l, n).slice(num(a, n), num(b, n)),
  reverse: ([l], n) => [...list(l, n)].reverse(),
  sort: ([l], n) =>
    list(l, n)
      .map(x => str(x, n))
      .sort(),
  range: (args, n) => {
    const [start, end, step] =
      args.length === 1
        ? [0, num(args[0], n), 1]
        : [num(args[0], n), num(args[1], n), args[2] ? num(args[2], n) : 1];
    const out: number[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
    return out;
  },
  keys: ([m], n) => {
    if (!isObject(m)) throw new TypeError(`${n}: expected a map`);
    return Object.keys(m).sort();
  },
  values: ([m], n) => {
    if (!isObject(m)) throw new TypeError(`${n}: expected a map`);
    return Object.keys(m)
      .sort()
      .map(k => m[k]);
  },
  lookup: ([m, k, d], n) => {
    if (!isObject(m)) throw new TypeError(`${n}: expected a map`);
    const key = str(k, n);
    if (key in m) return m[key];
    if (d === undefined)
      throw new TypeError(`${n}: key "${key}" not found and no default`);
    return d;
  },
  merge: (args, n) => {
    const out: Record<string, Value> = {};
    for (const a of args) {
      if (a === null) continue;
      if (!isObject(a)) throw new TypeError(`${n}: expected maps or objects`);
      Object.assign(out, a);
    }
    return out;
  },
  zipmap: ([k, v], n) => {
    const ks = list(k, n);
    const vs = list(v, n);
    return Object.fromEntries(ks.map((key, i) => [str(key, n), vs[i]]));
  },
  coalesce: (args, n) => {
    const found = args.find(a => a !== null && a !== '');
    if (found === undefined) throw new TypeError(`${n}: no non-null argument`);
    return found;
  },
  compact: ([l], n) => list(l, n).filter(x => x !== null && x !== ''),
  one: ([l], n) => {
    const items = list(l, n);
    if (items.length > 1) throw new TypeError(`${n}: more than one element`);
    return items.length ? items[0] : null;
  },
  alltrue: ([l], n) => list(l, n).every(x => toBoolValue(x, n)),
  anytrue: ([l], n) => list(l, n).some(x => toBoolValue(x, n)),
  sum: ([l], n) => list(l, n).reduce<number>((a, x) => a + num(x, n), 0),
  min: (args, n) => Math.min(...args.map(a => num(a, n))),
  max: (args, n) => Math.max(...args.map(a => num(a, n))),
  abs: ([v], n) => Math.abs(num(v, n)),
  ceil: ([v], n) => Math.ceil(num(v, n)),
  floor: ([v], n) => Math.floor(num(v, n)),
  toset: ([l], n) => toSet(list(l, n)),
  tolist: ([l], n) => list(l, n),
  tomap: ([m], n) => {
    if (!isObject(m)) throw new TypeError(`${n}: expected a map`);
    return m;
  },
  tostring: ([v], n) => (v === null ? null : str(v, n)),
  tonumber: ([v], n) => (v === null ? null : num(v, n)),
  tobool: ([v], n) => (v === null ? null : toBoolValue(v, n)),
  jsonencode: ([v]) => (containsUnknown(v) ? UNKNOWN : jsonEncode(v)),
  // Sensitivity is not modelled: the value passes through.
  nonsensitive: ([v]) => v,
  regex: ([p, s], n) => {
    const m = new RegExp(str(p, n)).exec(str(s, n));
    if (!m) throw new TypeError(`${n}: pattern did not match`);
    if (m.groups) return { ...m.groups };
    return m.length > 1 ? m.slice(1) : m[0];
  },
  cidrsubnet: ([p, b, i], n) => cidrSubnet(str(p, n), num(b, n), num(i, n)),
  // The time of the apply: unknown while planning, as in Terraform's plans.
  timestamp: () => UNKNOWN,
  formatdate: ([spec, t], n) => formatDate(str(spec, n), str(t, n), n),
};

const pad = (v: number, width = 2) => String(v).padStart(width, '0');

/**
 * Terraform's formatdate for the numeric date and time tokens (YYYY, YY, MM,
 * M, DD, D, hh, h, mm, m, ss, s), the zone token Z of a UTC time ("Z")
 * and quoted literals; the named tokens (MMM, EEE, ZZZ, ...) and offsets
 * other than UTC are not used by the modules and are refused.
 */
function formatDate(spec: string, timestamp: string, n: string): string {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(
      timestamp,
    );
  if (!m) throw new TypeError(`${n}: "${timestamp}" is not an RFC 3339 time`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const tokens: Record<string, string> = {
    YYYY: pad(year, 4),
    YY: pad(year % 100),
    MM: pad(month),
    M: String(month),
    DD: pad(day),
    D: String(day),
    hh: pad(hour),
    h: String(hour),
    mm: pad(minute),
    m: String(minute),
    ss: pad(second),
    s: String(second),
  };
  if (m[8] === 'Z' || m[8] === '+00:00') tokens.Z = 'Z';
  let out = '';
  const re = /'([^']*)'|([A-Za-z])\2*|[^'A-Za-z]+/g;
  for (const part of spec.match(re) ?? []) {
    if (part.startsWith("'"))
      out += part.length === 2 ? "'" : part.slice(1, -1);
    else if (/^[A-Za-z]/.test(part)) {
      if (!(part in tokens))
        throw new TypeError(`${n}: token "${part}" is not supported`);
      out += tokens[part];
    } else out += part;
  }
  return out;
}

/** Functions that look inside their arguments and handle UNKNOWN there. */
export const UNKNOWN_AWARE = new Set([
  'length',
  'merge',
  'concat',
  'jsonencode',
  'keys',
  'lookup',
  'flatten',
  'slice',
  'element',
  'tolist',
  'tomap',
  'compact',
  'one',
  'zipmap',
  'coalesce',
]);

export function callFunction(name: string, args: Value[]): Value {
  const fn = FUNCTIONS[name];
  if (!fn) {
    throw new TypeError(
      `Function "${name}" is not supported by the plan synthesizer; add it to synth/functions.ts or avoid it in modules.`,
    );
  }
  if (UNKNOWN_AWARE.has(name)) {
    return args.some(a => isUnknown(a)) ? UNKNOWN : fn(args, name);
  }
  if (args.some(containsUnknown)) return UNKNOWN;
  return fn(args, name);
}

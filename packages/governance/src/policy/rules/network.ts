/**
 * Ingress judgement shared by AWS security groups, GCP firewalls and Azure
 * network security groups: each provider normalises its rules into
 * `IngressRule`s and the same code decides what is open to the world.
 */

/** Ports whose exposure to the internet is an administration risk. */
const ADMIN_PORTS: ReadonlyArray<{ port: number; service: string }> = [
  { port: 22, service: 'SSH' },
  { port: 3389, service: 'RDP' },
  { port: 5985, service: 'WinRM' },
  { port: 5986, service: 'WinRM over TLS' },
];

const WORLD_SOURCES = new Set([
  '0.0.0.0/0',
  '::/0',
  '0.0.0.0',
  '*',
  'internet',
  'any',
  '<nw>/0',
  '/0',
]);

function isWorldSource(source: string): boolean {
  // Most sources are written exactly as listed or are plain ranges: the
  // normalised copy is made only for the rest.
  return (
    WORLD_SOURCES.has(source) || WORLD_SOURCES.has(source.trim().toLowerCase())
  );
}

/** One ingress permission, normalised. */
export interface IngressRule {
  /** Where it was declared (an address, or address + block index). */
  origin: string;
  /** All protocols (AWS `-1`, GCP `all`, Azure `*`). */
  allProtocols: boolean;
  /** Inclusive port ranges; empty with allProtocols means every port. */
  ranges: Array<[number, number]>;
  sources: string[];
  /** Some deciding value is only known after apply. */
  hidden: boolean;
}

function worldSources(rule: IngressRule): string[] {
  return rule.sources.filter(isWorldSource);
}

export function opensAllPorts(rule: IngressRule): boolean {
  return (
    rule.allProtocols ||
    rule.ranges.some(([from, to]) => from <= 1 && to >= 65535)
  );
}

export function exposedAdminPorts(rule: IngressRule): string[] {
  // Asked of every world-open rule: nothing is allocated when none is exposed.
  let out: string[] | undefined;
  for (const { port, service } of ADMIN_PORTS) {
    if (
      rule.allProtocols ||
      rule.ranges.some(([from, to]) => from <= port && port <= to)
    )
      (out ??= []).push(`${port} (${service})`);
  }
  return out ?? [];
}

/** Parses `22`, `20-25`, `*` into a port range. */
export function parsePortRange(
  value: string | number,
): [number, number] | undefined {
  if (typeof value === 'number') return [value, value];
  const v = value.trim();
  if (v === '*' || v === '') return [0, 65535];
  const m = /^(\d+)(?:-(\d+))?$/.exec(v);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

type IngressFinding =
  | { kind: 'open'; detail: string }
  | { kind: 'hidden'; detail: string }
  | { kind: 'closed' };

const CLOSED: IngressFinding = { kind: 'closed' };

/**
 * Looks for a world-reachable ingress that `exposes` says is bad. Open
 * beats hidden: one known hole is a failure whatever the unknowns hide.
 */
export function judgeIngress(
  rules: IngressRule[],
  exposes: (rule: IngressRule) => string | undefined,
): IngressFinding {
  let hidden: string | undefined;
  for (const rule of rules) {
    // Most rules admit no world source: decided without building a list.
    if (!rule.sources.some(isWorldSource)) {
      if (rule.hidden) hidden ??= rule.origin;
      continue;
    }
    const what = exposes(rule);
    if (what)
      return {
        kind: 'open',
        detail: `${rule.origin} allows ${worldSources(rule).join(
          ', ',
        )} to ${what}`,
      };
    if (rule.hidden) hidden ??= rule.origin;
  }
  return hidden ? { kind: 'hidden', detail: hidden } : CLOSED;
}

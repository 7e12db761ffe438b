import fs from 'node:fs';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';

/** A value exactly as hcl2json prints it: expressions are `${...}` strings. */
export type RawValue =
  | null
  | boolean
  | number
  | string
  | RawValue[]
  | { [key: string]: RawValue };

export type RawBody = { [key: string]: RawValue };

export interface VariableDef {
  name: string;
  type?: string;
  description?: string;
  hasDefault: boolean;
  default?: RawValue;
  sensitive: boolean;
  validations: Array<{ condition: RawValue; errorMessage: string }>;
}

export interface BlockDef {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  body: RawBody;
  file: string;
}

export interface ModuleDef {
  dir: string;
  variables: Map<string, VariableDef>;
  locals: Map<string, RawValue>;
  resources: BlockDef[];
  calls: Map<string, RawBody>;
  outputs: Map<string, RawBody>;
  providers: Array<{ name: string; body: RawBody }>;
  terraform: RawBody[];
  /** Every file as hcl2json printed it, for structural checks. */
  files: Map<string, RawBody>;
}

const cache = new Map<string, Promise<ModuleDef>>();

/** Parses one `.tf` file with @cdktf/hcl2json (HashiCorp's HCL parser). */
export async function parseHclFile(file: string): Promise<RawBody> {
  const text = await fs.promises.readFile(file, 'utf8');
  try {
    return (await parse(path.basename(file), text)) as RawBody;
  } catch (e) {
    throw new Error(`${file} is not valid HCL: ${(e as Error).message}`);
  }
}

function asBodies(value: RawValue | undefined): RawBody[] {
  if (!Array.isArray(value))
    return value && typeof value === 'object' ? [value] : [];
  return value.filter(
    (v): v is RawBody =>
      v !== null && typeof v === 'object' && !Array.isArray(v),
  );
}

function entries(value: RawValue | undefined): Array<[string, RawValue]> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? Object.entries(value)
    : [];
}

/** Reads every `.tf` file of a module directory (not its subdirectories). */
export async function loadModule(dir: string): Promise<ModuleDef> {
  const abs = path.resolve(dir);
  let pending = cache.get(abs);
  if (!pending) {
    pending = readModule(abs);
    cache.set(abs, pending);
    pending.catch(() => cache.delete(abs));
  }
  return pending;
}

async function readModule(dir: string): Promise<ModuleDef> {
  const names = (await fs.promises.readdir(dir))
    .filter(n => n.endsWith('.tf'))
    .sort();
  if (names.length === 0) throw new Error(`${dir} holds no .tf files`);
  const def: ModuleDef = {
    dir,
    variables: new Map(),
    locals: new Map(),
    resources: [],
    calls: new Map(),
    outputs: new Map(),
    providers: [],
    terraform: [],
    files: new Map(),
  };
  for (const name of names) {
    const file = path.join(dir, name);
    const doc = await parseHclFile(file);
    def.files.set(name, doc);
    for (const [vname, raw] of entries(doc.variable)) {
      const body = asBodies(raw)[0] ?? {};
      const type = body.type;
      def.variables.set(vname, {
        name: vname,
        type:
          typeof type === 'string'
            ? type.replace(/^\$\{(.*)\}$/s, '$1')
            : undefined,
        description:
          typeof body.description === 'string' ? body.description : undefined,
        hasDefault: Object.prototype.hasOwnProperty.call(body, 'default'),
        default: body.default,
        sensitive: body.sensitive === true,
        validations: asBodies(body.validation).map(v => ({
          condition: v.condition,
          errorMessage: String(v.error_message ?? 'Invalid value'),
        })),
      });
    }
    for (const block of asBodies(doc.locals)) {
      for (const [k, v] of Object.entries(block)) {
        if (def.locals.has(k))
          throw new Error(`${file}: local "${k}" is defined twice`);
        def.locals.set(k, v);
      }
    }
    for (const mode of ['resource', 'data'] as const) {
      for (const [type, byName] of entries(doc[mode])) {
        for (const [rname, raw] of entries(byName)) {
          def.resources.push({
            mode: mode === 'resource' ? 'managed' : 'data',
            type,
            name: rname,
            body: asBodies(raw)[0] ?? {},
            file: name,
          });
        }
      }
    }
    for (const [cname, raw] of entries(doc.module))
      def.calls.set(cname, asBodies(raw)[0] ?? {});
    for (const [oname, raw] of entries(doc.output))
      def.outputs.set(oname, asBodies(raw)[0] ?? {});
    for (const [pname, raw] of entries(doc.provider))
      for (const body of asBodies(raw))
        def.providers.push({ name: pname, body });
    def.terraform.push(...asBodies(doc.terraform));
  }
  return def;
}

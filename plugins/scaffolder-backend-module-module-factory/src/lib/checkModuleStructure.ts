import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';

export type CheckStatus = 'pass' | 'fail' | 'warn';

export interface StructureCheck {
  id: string;
  title: string;
  status: CheckStatus;
  message: string;
}

export interface ModuleVariable {
  name: string;
  type?: string;
  description?: string;
  required: boolean;
  sensitive: boolean;
}

export interface ModuleStructure {
  passed: boolean;
  checks: StructureCheck[];
  variables: ModuleVariable[];
  outputs: Array<{ name: string; description?: string }>;
  providers: Array<{ name: string; source?: string; version?: string }>;
  /** Example folders under examples/ that call the module. */
  examples: string[];
}

type Hcl = Record<string, any>;

async function listTf(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).filter(n => n.endsWith('.tf')).sort();
  } catch {
    return [];
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

const first = (v: unknown): Hcl => (Array.isArray(v) ? v[0] : v) ?? {};

/** `${list(string)}` → `list(string)`; hcl2json wraps type expressions. */
const unwrap = (v: unknown) =>
  typeof v === 'string' ? v.replace(/^\$\{([\s\S]*)\}$/, '$1') : undefined;

/**
 * A version constraint that cannot silently move to a new major version:
 * `~> 5.70`, `>= 5.0, < 6.0`, `= 5.70.0` or a bare `5.70.0`.
 */
export function isPinnedConstraint(constraint: string | undefined): boolean {
  if (!constraint) return false;
  const parts = constraint.split(',').map(p => p.trim());
  return parts.some(
    p =>
      /^~>\s*\d+\.\d+/.test(p) ||
      /^<=?\s*\d/.test(p) ||
      /^=\s*\d+\.\d+\.\d+$/.test(p) ||
      /^\d+\.\d+\.\d+$/.test(p),
  );
}

function check(
  id: string,
  title: string,
  problems: string[],
  passMessage: string,
  status: CheckStatus = 'fail',
): StructureCheck {
  return problems.length === 0
    ? { id, title, status: 'pass', message: passMessage }
    : { id, title, status, message: problems.join(' ') };
}

/**
 * Checks what the factory requires of a reusable module: a README, typed and
 * described variables in variables.tf, described outputs in outputs.tf,
 * versions.tf pinning Terraform and every provider, no provider blocks (so
 * callers can use count, for_each and their own providers), and at least one
 * example under examples/ that calls the module. Every .tf file is parsed
 * with HashiCorp's HCL parser (@cdktf/hcl2json).
 */
export async function checkModuleStructure(
  dir: string,
): Promise<ModuleStructure> {
  const checks: StructureCheck[] = [];
  const parsed = new Map<string, Hcl>();
  const syntax: string[] = [];

  const parseDir = async (sub: string) => {
    for (const name of await listTf(path.join(dir, sub))) {
      const rel = path.posix.join(sub.split(path.sep).join('/'), name);
      const text = await fs.readFile(path.join(dir, sub, name), 'utf8');
      try {
        parsed.set(rel, (await parse(name, text)) as Hcl);
      } catch (e) {
        syntax.push(`${rel}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
  };
  await parseDir('');
  const exampleRoot = path.join(dir, 'examples');
  const exampleDirs = (await exists(exampleRoot))
    ? (await fs.readdir(exampleRoot, { withFileTypes: true }))
        .filter(d => d.isDirectory())
        .map(d => d.name)
        .sort()
    : [];
  for (const ex of exampleDirs) await parseDir(path.join('examples', ex));

  const moduleFiles = [...parsed.entries()].filter(
    ([rel]) => !rel.includes('/'),
  );
  if ((await listTf(dir)).length === 0) {
    syntax.push("The folder holds no .tf files: is this the module's root?");
  }
  checks.push(
    check(
      'hcl-syntax',
      'Every .tf file is valid HCL',
      syntax,
      `${parsed.size} files parse.`,
    ),
  );

  const readme = path.join(dir, 'README.md');
  const readmeText = (await exists(readme))
    ? await fs.readFile(readme, 'utf8')
    : '';
  checks.push(
    check(
      'readme',
      'README.md explains the module',
      readmeText.trim().length >= 40
        ? []
        : [
            'Add a README.md that says what the module creates, its inputs and outputs, and an example of calling it.',
          ],
      'README.md is present.',
    ),
  );

  // Variables: everything declared anywhere in the module, located per file.
  const variables: ModuleVariable[] = [];
  const misplaced: string[] = [];
  for (const [rel, doc] of moduleFiles) {
    for (const [name, raw] of Object.entries(doc.variable ?? {})) {
      const body = first(raw);
      variables.push({
        name,
        type: unwrap(body.type),
        description:
          typeof body.description === 'string' ? body.description : undefined,
        required: !Object.prototype.hasOwnProperty.call(body, 'default'),
        sensitive: body.sensitive === true,
      });
      if (rel !== 'variables.tf') misplaced.push(`${name} (in ${rel})`);
    }
  }
  checks.push(
    check(
      'variables-file',
      'Inputs are declared in variables.tf',
      [
        ...(parsed.has('variables.tf')
          ? []
          : ["Add variables.tf with the module's inputs."]),
        ...(misplaced.length
          ? [`Move ${misplaced.join(', ')} to variables.tf.`]
          : []),
      ],
      `${variables.length} variables in variables.tf.`,
    ),
  );
  const untyped = variables.filter(v => !v.type).map(v => v.name);
  checks.push(
    check(
      'variable-types',
      'Every variable has a type',
      untyped.length
        ? [
            `Give ${untyped.join(
              ', ',
            )} a type (string, number, bool, list(...), map(...), object({...})).`,
          ]
        : [],
      'Every variable is typed.',
    ),
  );
  const undescribed = variables
    .filter(v => !v.description?.trim())
    .map(v => v.name);
  checks.push(
    check(
      'variable-descriptions',
      'Every variable has a description',
      undescribed.length
        ? [
            `Describe ${undescribed.join(
              ', ',
            )}: the description is what callers read in the registry and in the template.`,
          ]
        : [],
      'Every variable is described.',
    ),
  );

  const outputs: Array<{ name: string; description?: string }> = [];
  for (const [, doc] of moduleFiles) {
    for (const [name, raw] of Object.entries(doc.output ?? {})) {
      const body = first(raw);
      outputs.push({
        name,
        description:
          typeof body.description === 'string' ? body.description : undefined,
      });
    }
  }
  checks.push(
    check(
      'outputs',
      'outputs.tf declares described outputs',
      [
        ...(parsed.has('outputs.tf') && outputs.length > 0
          ? []
          : [
              'Add outputs.tf with at least one output: a module nothing can be read from cannot be composed.',
            ]),
        ...outputs
          .filter(o => !o.description?.trim())
          .map(o => `Describe output ${o.name}.`),
      ],
      `${outputs.length} described outputs.`,
    ),
  );

  // versions.tf: Terraform and every provider pinned.
  const versionsDoc = parsed.get('versions.tf');
  const terraformBlocks = moduleFiles.flatMap(([, doc]) =>
    Array.isArray(doc.terraform) ? doc.terraform : [],
  );
  const providers: Array<{ name: string; source?: string; version?: string }> =
    [];
  for (const block of terraformBlocks) {
    for (const rp of Array.isArray(block.required_providers)
      ? block.required_providers
      : []) {
      for (const [name, spec] of Object.entries(rp as Hcl)) {
        const s = typeof spec === 'string' ? { version: spec } : (spec as Hcl);
        providers.push({ name, source: s.source, version: s.version });
      }
    }
  }
  const requiredVersion = terraformBlocks.find(
    b => typeof b.required_version === 'string',
  )?.required_version;
  const used = new Set<string>();
  for (const [, doc] of moduleFiles) {
    for (const kind of ['resource', 'data']) {
      for (const type of Object.keys(doc[kind] ?? {})) {
        const local = type.split('_')[0];
        if (local !== 'terraform') used.add(local);
      }
    }
  }
  const pinProblems: string[] = [];
  if (!versionsDoc?.terraform)
    pinProblems.push(
      'Add versions.tf with a terraform { required_version, required_providers } block.',
    );
  if (!requiredVersion)
    pinProblems.push('Set required_version (e.g. ">= 1.5.0, < 2.0.0").');
  for (const p of providers) {
    if (!p.source)
      pinProblems.push(
        `Give provider ${p.name} a source (e.g. hashicorp/${p.name}).`,
      );
    if (!isPinnedConstraint(p.version)) {
      pinProblems.push(
        `Pin provider ${
          p.name
        } with an upper bound (e.g. version = "~> 5.70"); "${
          p.version ?? 'none'
        }" lets a new major version in unreviewed.`,
      );
    }
  }
  for (const local of used) {
    if (!providers.some(p => p.name === local)) {
      pinProblems.push(
        `Resources use provider ${local}, which required_providers does not declare.`,
      );
    }
  }
  checks.push(
    check(
      'versions',
      'versions.tf pins Terraform and every provider',
      pinProblems,
      `Terraform ${requiredVersion}; ${providers
        .map(p => `${p.name} ${p.version}`)
        .join(', ')}.`,
    ),
  );

  const providerBlocks = moduleFiles
    .filter(([, doc]) => doc.provider)
    .map(([rel, doc]) => `${Object.keys(doc.provider).join(', ')} in ${rel}`);
  checks.push(
    check(
      'no-provider-blocks',
      'The module configures no providers',
      providerBlocks.length
        ? [
            `Remove the provider blocks (${providerBlocks.join(
              '; ',
            )}): callers configure providers, and a module with its own cannot be used with count or for_each.`,
          ]
        : [],
      'Providers come from the caller.',
    ),
  );

  // Examples: a folder that calls the module through a relative source.
  const examples: string[] = [];
  for (const ex of exampleDirs) {
    const docs = [...parsed.entries()].filter(([rel]) =>
      rel.startsWith(`examples/${ex}/`),
    );
    const callsModule = docs.some(([, doc]) =>
      Object.values(doc.module ?? {}).some(raw => {
        const source = first(raw).source;
        return (
          typeof source === 'string' &&
          path.resolve(exampleRoot, ex, source) === path.resolve(dir)
        );
      }),
    );
    if (callsModule) examples.push(ex);
  }
  checks.push(
    check(
      'example',
      'An example under examples/ calls the module',
      examples.length
        ? []
        : [
            'Add examples/<name>/main.tf with a module block whose source is "../../": it documents the module and is what the governance gate plans.',
          ],
      `Examples: ${examples.join(', ')}.`,
    ),
  );

  if (readmeText) {
    const undocumented = variables
      .filter(v => v.required && !readmeText.includes(v.name))
      .map(v => v.name);
    checks.push(
      check(
        'readme-inputs',
        'The README mentions every required input',
        undocumented.length
          ? [`The README does not mention ${undocumented.join(', ')}.`]
          : [],
        'Every required input is in the README.',
        'warn',
      ),
    );
  }

  return {
    passed: checks.every(c => c.status !== 'fail'),
    checks,
    variables,
    outputs,
    providers,
    examples,
  };
}

import { NotAllowedError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  fileCalls,
  literalArgument,
  literalTemplate,
  PathContext,
  templateExpressions,
} from './expressions';
import {
  blocksOf,
  bodiesOf,
  OVERRIDE_FILE,
  readModuleDirectory,
  stringsOf,
} from './terraformFiles';

/**
 * Constructs that make Terraform run programs, run commands elsewhere, or
 * read files and states beyond the working directory. Refused unless an
 * environment allows them (`terraform.environments.<env>.allowPlanTimeCode`).
 */
export const PLAN_TIME_CODE = [
  'external',
  'local-exec',
  'remote-exec',
  'remote-state',
  'files-outside',
] as const;
export type PlanTimeCode = (typeof PLAN_TIME_CODE)[number];

/**
 * One construct that makes Terraform run a program, run commands
 * elsewhere, or read beyond the working directory. `backend-override` (a
 * state backend in an override file, which would replace the one config
 * gives) is never allowed.
 */
export interface CodeFinding {
  construct: PlanTimeCode | 'backend-override';
  /** The file, relative to the task workspace. */
  file: string;
  /** The construct as written, and what it does. */
  what: string;
}

/** Data sources and resources of the local and archive providers that take host paths. */
const PATH_ATTRIBUTES: Record<string, string[]> = {
  local_file: ['filename', 'source'],
  local_sensitive_file: ['filename', 'source'],
  archive_file: ['source_file', 'source_dir', 'output_path'],
};

interface Scan {
  /** The task workspace: file names in findings are relative to it. */
  workspace: string;
  /** The working directory: every path read must stay inside it. */
  root: string;
  findings: CodeFinding[];
  /** Module directories already read. */
  seen: Set<string>;
  /** Template files already read. */
  templates: Set<string>;
}

/** The real path of what exists; the path itself otherwise (Terraform will fail on it). */
async function realPath(file: string): Promise<string> {
  return fs.realpath(file).catch(() => file);
}

function inside(dir: string, candidate: string): boolean {
  const rel = path.relative(dir, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Finds, in the working directory and the local modules it calls (however
 * deep), every construct that runs code or reads beyond the working
 * directory when Terraform plans or applies. Nothing is evaluated: the
 * files are parsed, and a path that is not a literal counts as outside.
 */
export async function findPlanTimeCode(options: {
  workspace: string;
  workingDirectory: string;
}): Promise<CodeFinding[]> {
  const scan: Scan = {
    workspace: options.workspace,
    root: options.workingDirectory,
    findings: [],
    seen: new Set(),
    templates: new Set(),
  };
  const queue = [options.workingDirectory];
  while (queue.length > 0) {
    const dir = queue.shift()!;
    if (scan.seen.has(dir)) continue;
    scan.seen.add(dir);
    queue.push(...(await scanModule(dir, scan, { followLocalModules: true })));
  }
  return scan.findings;
}

/**
 * The same for the modules `terraform init` installed from registries and
 * Git (listed in `.terraform/modules/modules.json`): they were not there
 * to read before init, and init runs none of their code.
 */
export async function findInstalledModuleCode(options: {
  workspace: string;
  workingDirectory: string;
}): Promise<CodeFinding[]> {
  const { workingDirectory } = options;
  let manifest: { Modules?: Array<{ Dir?: string }> };
  try {
    manifest = JSON.parse(
      await fs.readFile(
        path.join(workingDirectory, '.terraform', 'modules', 'modules.json'),
        'utf8',
      ),
    );
  } catch {
    return [];
  }
  const scan: Scan = {
    workspace: options.workspace,
    root: workingDirectory,
    findings: [],
    seen: new Set(),
    templates: new Set(),
  };
  const installed = path.join(workingDirectory, '.terraform');
  for (const module of manifest.Modules ?? []) {
    if (typeof module.Dir !== 'string') continue;
    const dir = path.resolve(workingDirectory, module.Dir);
    // Local modules were read before init.
    if (!inside(installed, dir) || scan.seen.has(dir)) continue;
    scan.seen.add(dir);
    await scanModule(dir, scan, { followLocalModules: false });
  }
  return scan.findings;
}

/** Reads one module directory; returns the local module directories it calls. */
async function scanModule(
  dir: string,
  scan: Scan,
  options: { followLocalModules: boolean },
): Promise<string[]> {
  const label = (file: string) => path.relative(scan.workspace, file);
  const calls: string[] = [];
  const where: PathContext = { module: dir, root: scan.root };
  for (const { file, body } of await readModuleDirectory(dir, label)) {
    const add = (construct: CodeFinding['construct'], what: string) =>
      scan.findings.push({ construct, file: label(file), what });

    for (const top of bodiesOf(body)) {
      for (const { labels, body: data } of blocksOf(top.data, 2)) {
        checkDataSource(labels, data, where, scan, add);
      }
      for (const { body: check } of blocksOf(top.check, 1)) {
        for (const { labels, body: data } of blocksOf(check.data, 2)) {
          checkDataSource(labels, data, where, scan, add);
        }
      }
      for (const { labels, body: resource } of blocksOf(top.resource, 2)) {
        const [type, name] = labels;
        checkProvisioners(
          resource,
          `resource "${type}" "${name}"`,
          where,
          scan,
          add,
        );
        checkPathAttributes(
          type,
          resource,
          `resource "${type}" "${name}"`,
          where,
          scan,
          add,
        );
      }
      for (const { body: removed } of blocksOf(top.removed, 0)) {
        checkProvisioners(removed, 'a removed block', where, scan, add);
      }
      for (const { labels, body: module } of blocksOf(top.module, 1)) {
        const local = checkModuleSource(
          labels[0],
          module.source,
          dir,
          scan,
          add,
        );
        if (local && !inside(scan.root, await realPath(local))) {
          add(
            'files-outside',
            `module "${labels[0]}" source "${String(
              module.source,
            )}" is a symlink that leads out of the working directory`,
          );
        } else if (local && options.followLocalModules) {
          calls.push(local);
        }
      }
      if (OVERRIDE_FILE.test(path.basename(file))) {
        for (const terraform of blocksOf(top.terraform, 0)) {
          if (
            terraform.body.backend !== undefined ||
            terraform.body.cloud !== undefined
          ) {
            add(
              'backend-override',
              `a ${
                terraform.body.cloud !== undefined ? 'cloud' : 'backend'
              } block in an override file would replace the state backend this portal configures`,
            );
          }
        }
      }
    }
    for (const text of stringsOf(body)) {
      for (const expression of templateExpressions(text)) {
        await checkFileCalls(expression, where, scan, add);
      }
    }
  }
  return calls;
}

type Add = (construct: CodeFinding['construct'], what: string) => void;

function checkDataSource(
  labels: string[],
  body: Record<string, unknown>,
  where: PathContext,
  scan: Scan,
  add: Add,
) {
  const [type, name] = labels;
  const block = `data "${type}" "${name}"`;
  if (type === 'external') {
    add(
      'external',
      `${block} runs a program on the machine that runs Terraform, during the plan`,
    );
  } else if (type === 'terraform_remote_state') {
    add(
      'remote-state',
      `${block} reads another configuration's state, with every value in it`,
    );
  }
  checkPathAttributes(type, body, block, where, scan, add);
}

function checkProvisioners(
  body: Record<string, unknown>,
  owner: string,
  where: PathContext,
  scan: Scan,
  add: Add,
) {
  for (const { labels, body: provisioner } of blocksOf(body.provisioner, 1)) {
    const [type] = labels;
    const block = `provisioner "${type}" in ${owner}`;
    if (type === 'local-exec') {
      add(
        'local-exec',
        `${block} runs a shell command on the machine that runs Terraform`,
      );
    } else if (type === 'remote-exec') {
      add('remote-exec', `${block} runs commands on a remote host`);
    } else if (type === 'file') {
      checkPath(provisioner.source, `${block} uploads`, where, scan, add);
    }
  }
}

function checkPathAttributes(
  type: string,
  body: Record<string, unknown>,
  block: string,
  where: PathContext,
  scan: Scan,
  add: Add,
) {
  for (const attribute of PATH_ATTRIBUTES[type] ?? []) {
    if (body[attribute] !== undefined) {
      checkPath(body[attribute], `${block} ${attribute}`, where, scan, add);
    }
  }
}

/** A path attribute: a template whose value must be a literal path inside the working directory. */
function checkPath(
  value: unknown,
  what: string,
  where: PathContext,
  scan: Scan,
  add: Add,
) {
  if (value === undefined) return;
  const literal =
    typeof value === 'string' ? literalTemplate(value, where) : undefined;
  const problem = pathProblem(literal, scan.root);
  if (problem) {
    add('files-outside', `${what} ${describe(value)}: ${problem}`);
  }
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${text.length > 100 ? `${text.slice(0, 97)}...` : text}"`;
}

/** Why a path may not be read; undefined when it is a literal inside the working directory. */
function pathProblem(
  literal: string | undefined,
  root: string,
  resolved?: (absolute: string) => void,
): string | undefined {
  if (literal === undefined) {
    return 'the path is not a literal, so where it leads is only known when Terraform runs';
  }
  if (literal.startsWith('~')) {
    return "the path starts in a home directory on the portal's host";
  }
  const absolute = path.resolve(root, literal);
  if (!inside(root, absolute)) {
    return path.isAbsolute(literal)
      ? "the path is absolute, on the portal's host"
      : 'the path leads out of the working directory';
  }
  resolved?.(absolute);
  return undefined;
}

async function checkFileCalls(
  expression: string,
  where: PathContext,
  scan: Scan,
  add: Add,
) {
  for (const call of fileCalls(expression)) {
    const [first, second] = call.args ?? [];
    let read: string | undefined;
    let problem = pathProblem(
      first === undefined ? undefined : literalArgument(first, where),
      scan.root,
      absolute => {
        read = absolute;
      },
    );
    if (!problem && read && !inside(scan.root, await realPath(read))) {
      problem = 'the path is a symlink that leads out of the working directory';
    }
    if (problem) {
      add(
        'files-outside',
        `${call.text} reads the portal's file system: ${problem}`,
      );
      continue;
    }
    if (call.fn === 'fileset') {
      const pattern =
        second === undefined ? undefined : literalArgument(second, where);
      if (
        pattern === undefined ||
        pattern.includes('${') ||
        path.isAbsolute(pattern) ||
        pattern.startsWith('~') ||
        pattern.split(/[\\/]/).includes('..')
      ) {
        add(
          'files-outside',
          `${call.text} lists files with a pattern that is not a literal inside the directory it names`,
        );
      }
    }
    if (call.fn === 'templatefile' && read) {
      await checkTemplateFile(read, scan, add);
    }
  }
}

/** A template file is read and rendered with every function: it is code too. */
async function checkTemplateFile(file: string, scan: Scan, add: Add) {
  let real: string;
  try {
    real = await fs.realpath(file);
  } catch {
    return; // Terraform fails on a missing template; nothing is read.
  }
  if (!inside(scan.root, real)) {
    add(
      'files-outside',
      `templatefile reads ${path.relative(
        scan.workspace,
        file,
      )}, which leads out of the working directory`,
    );
    return;
  }
  if (scan.templates.has(real)) return;
  scan.templates.add(real);
  const text = await fs.readFile(real, 'utf8');
  // Templates have no path.module: paths in them are relative to the root.
  const where = { module: scan.root, root: scan.root };
  const label = path.relative(scan.workspace, real);
  for (const expression of templateExpressions(text)) {
    for (const call of fileCalls(expression)) {
      const first = call.args?.[0];
      const problem = pathProblem(
        first === undefined ? undefined : literalArgument(first, where),
        scan.root,
      );
      if (problem) {
        scan.findings.push({
          construct: 'files-outside',
          file: label,
          what: `${call.text} (in a template) reads the portal's file system: ${problem}`,
        });
      }
    }
  }
}

/**
 * A module source: a local path inside the working directory is returned
 * to be read too; one that leads out, an absolute path, or a `file:` URL
 * (which `init` would copy from the portal's host) is a finding.
 */
function checkModuleSource(
  name: string,
  source: unknown,
  dir: string,
  scan: Scan,
  add: Add,
): string | undefined {
  if (typeof source !== 'string') return undefined;
  const block = `module "${name}" source "${source}"`;
  if (/^\.\.?[\\/]/.test(source)) {
    const target = path.resolve(dir, source);
    if (!inside(scan.root, target)) {
      add('files-outside', `${block} leads out of the working directory`);
      return undefined;
    }
    return target;
  }
  if (
    path.isAbsolute(source) ||
    source.startsWith('~') ||
    /^[A-Za-z]:[\\/]/.test(source) ||
    /(^|::)file:/i.test(source)
  ) {
    add(
      'files-outside',
      `${block} is a path on the portal's host, which terraform init would copy into the working directory`,
    );
  }
  return undefined;
}

/** How a refusal names what config could allow. */
export interface CodePolicy {
  environment: string;
  /** `terraform.environments.<env>`. */
  key: string;
  allowed: PlanTimeCode[];
}

/** The findings config does not allow; a backend override is never allowed. */
export function refusedFindings(
  findings: CodeFinding[],
  policy: CodePolicy,
): CodeFinding[] {
  return findings.filter(
    f =>
      f.construct === 'backend-override' ||
      !policy.allowed.includes(f.construct),
  );
}

/** The refusal of findings config does not allow: file, construct, config key. */
export function planTimeCodeError(
  refused: CodeFinding[],
  policy: CodePolicy,
  where: string,
): NotAllowedError {
  const lines = refused.map(
    f =>
      `  - ${f.file}: ${f.what} (${
        f.construct === 'backend-override'
          ? 'never allowed: remove it; the portal sets the state backend'
          : f.construct
      })`,
  );
  const allowable = [
    ...new Set(
      refused
        .map(f => f.construct)
        .filter((c): c is PlanTimeCode => c !== 'backend-override'),
    ),
  ];
  return new NotAllowedError(
    [
      `The code in ${where} would run programs or commands, or read beyond its working directory, when Terraform plans or applies, and ${policy.environment} does not allow it; nothing was run.`,
      ...lines,
      allowable.length > 0
        ? `Remove them, or have the portal admins allow them for ${
            policy.environment
          } with ${policy.key}.allowPlanTimeCode: [${[
            ...new Set([...policy.allowed, ...allowable]),
          ].join(', ')}].`
        : 'Remove them.',
    ].join('\n'),
  );
}

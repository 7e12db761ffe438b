import { GroundworkEnvironment } from '@groundwork/plugin-groundwork-common';
import { approvalReason, EnvironmentGrant, grantFor } from './resolvePersona';
import { PersonaDefinition } from './schema';
import { TEAM_SERVICES } from '../config';

/**
 * The README's tables of what personas grant (persona × system ×
 * environment), rendered from a catalogue, so the documentation is the
 * definition and a test keeps them the same.
 */

/** Names in code spans, so Markdown (and prettier) leave `*` and `_` alone. */
function code(value: string): string {
  return `\`${value}\``;
}

function list(values: string[] | undefined): string {
  return values && values.length ? values.join(', ') : '—';
}

function names(values: string[] | undefined): string {
  return list(values?.map(code));
}

const SYSTEM_ROWS: Array<[string, (g: EnvironmentGrant) => string]> = [
  ['Access', g => g.access],
  ['AWS permission sets', g => names(g.aws?.permissionSets)],
  ['GCP roles', g => names(g.gcp?.roles)],
  ['Azure roles', g => names(g.azure?.roles)],
  [
    'Kubernetes',
    g => {
      const k = g.kubernetes;
      if (!k) return '—';
      const parts = [
        ...k.namespaceRoles.map(
          r =>
            `${code(r)} in ${(k.namespaces ?? [TEAM_SERVICES])
              .map(ns =>
                ns === TEAM_SERVICES ? "the team's services" : code(ns),
              )
              .join(', ')}`,
        ),
        ...k.clusterRoles.map(r => `${code(r)} cluster-wide`),
      ];
      return list(parts);
    },
  ],
  [
    'Argo CD',
    g => {
      const a = g.argocd;
      if (!a) return '—';
      const { role, ...resources } = a;
      return list([
        ...(role ? [code(role)] : []),
        ...Object.entries(resources).map(
          ([resource, actions]) =>
            `${resource}: ${(actions ?? []).map(code).join(' ')}`,
        ),
      ]);
    },
  ],
];

export function renderDefaultsTables(
  personas: Array<PersonaDefinition & { id: string }>,
  environments: GroundworkEnvironment[],
): string {
  const envs = environments.map(e => e.name);
  const lines = [
    `| Persona | System | ${envs.join(' | ')} |`,
    `|---|---|${envs.map(() => '---').join('|')}|`,
  ];
  for (const persona of personas) {
    const grants = environments.map(e => grantFor(persona, e));
    SYSTEM_ROWS.forEach(([system, cell], i) => {
      const label = i === 0 ? `**${persona.id}**` : '';
      lines.push(`| ${label} | ${system} | ${grants.map(cell).join(' | ')} |`);
    });
  }
  lines.push(
    '',
    '| Persona | GitHub organization role | GitHub teams | Approval |',
    '|---|---|---|---|',
  );
  for (const persona of personas) {
    const grants = environments.map(e => grantFor(persona, e));
    const needs = approvalReason(persona, grants) !== undefined;
    lines.push(
      `| **${persona.id}** | ${persona.github.organizationRole} | ${list(
        persona.github.teams.map(t => `${code(t.slug)} (${t.role})`),
      )} | ${needs ? 'required' : 'no'} |`,
    );
  }
  return lines.join('\n');
}

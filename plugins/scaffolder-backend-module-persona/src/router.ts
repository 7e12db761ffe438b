import { HttpAuthService } from '@backstage/backend-plugin-api';
import type {
  PersonaGrant,
  PersonasResponse,
} from '@groundwork/plugin-groundwork-common';
import { GroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import express from 'express';
import Router from 'express-promise-router';
import { PersonaCatalogue } from './catalogue/loadPersonaCatalogue';
import {
  approvalReason,
  EnvironmentGrant,
  grantFor,
} from './catalogue/resolvePersona';

export type { PersonasResponse };

const SYSTEMS: Array<[string, (g: EnvironmentGrant) => string[]]> = [
  ['access', g => [g.access]],
  ['aws', g => g.aws?.permissionSets ?? []],
  ['gcp', g => g.gcp?.roles ?? []],
  ['azure', g => g.azure?.roles ?? []],
  [
    'kubernetes',
    g => [
      ...(g.kubernetes?.namespaceRoles ?? []).map(
        r => `${r} in ${(g.kubernetes?.namespaces ?? ['{team}']).join(', ')}`,
      ),
      ...(g.kubernetes?.clusterRoles ?? []).map(r => `${r} cluster-wide`),
    ],
  ],
  [
    'argocd',
    g => {
      const { role, ...resources } = g.argocd ?? {};
      return [
        ...(role ? [role] : []),
        ...Object.entries(resources).map(
          ([resource, actions]) => `${resource}: ${(actions ?? []).join(' ')}`,
        ),
      ];
    },
  ],
];

function grantCells(
  github: PersonasResponse['personas'][number]['github'],
  grants: EnvironmentGrant[],
): PersonaGrant[] {
  const cells: PersonaGrant[] = [
    {
      system: 'github',
      environment: '*',
      access: [
        `organization ${github.organizationRole}`,
        ...github.teams.map(t => `team ${t.slug} (${t.role})`),
      ].join(', '),
    },
  ];
  for (const [system, describe] of SYSTEMS) {
    for (const grant of grants) {
      const access = describe(grant);
      if (access.length) {
        cells.push({
          system,
          environment: grant.environment.name,
          access: access.join(', '),
        });
      }
    }
  }
  return cells;
}

function buildPersonasResponse(
  catalogue: PersonaCatalogue,
  environments: GroundworkEnvironments,
): PersonasResponse {
  return {
    environments: environments.environments.map(e => ({
      name: e.name,
      title: e.title,
      production: e.production,
    })),
    personas: catalogue.list().map(persona => {
      const grants = environments.environments.map(env =>
        grantFor(persona, env),
      );
      return {
        id: persona.id,
        title: persona.title,
        description: persona.description,
        approval: approvalReason(persona, grants),
        github: persona.github,
        grants: grantCells(persona.github, grants),
        environments: grants.map(({ environment, access, ...systems }) => ({
          name: environment.name,
          access,
          grants: systems,
        })),
      };
    }),
  };
}

/**
 * Read-only, for signed-in users and backend services: the resolved persona
 * catalogue, so the template's persona picker shows what each persona
 * grants before anyone chooses it.
 */
export function createPersonasRouter(options: {
  catalogue: PersonaCatalogue;
  environments: GroundworkEnvironments;
  httpAuth: HttpAuthService;
}): express.Router {
  const { catalogue, environments, httpAuth } = options;
  const body = buildPersonasResponse(catalogue, environments);
  const router = Router();
  router.get('/groundwork/personas', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(body);
  });
  return router;
}

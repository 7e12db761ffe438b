import { HttpAuthService } from '@backstage/backend-plugin-api';
import { GroundworkEnvironments } from '@groundwork/plugin-platform-status-common';
import express from 'express';
import Router from 'express-promise-router';
import { PersonaCatalogue } from './catalogue/loadPersonaCatalogue';
import { approvalReason, grantFor } from './catalogue/resolvePersona';

/** `GET /api/scaffolder/groundwork/personas`: what the persona picker shows. */
export interface PersonasResponse {
  environments: Array<{ name: string; title: string; production: boolean }>;
  personas: Array<{
    id: string;
    title: string;
    description: string;
    /** Why onboarding with every environment in scope needs approval, if it does. */
    approval?: string;
    github: {
      organizationRole: 'member' | 'admin';
      teams: Array<{ slug: string; role: 'member' | 'maintainer' }>;
    };
    environments: Array<{
      name: string;
      access: 'none' | 'read' | 'write' | 'admin';
      /** Per system: aws, gcp, azure, kubernetes, argocd (only those granted). */
      grants: Record<string, unknown>;
    }>;
  }>;
}

export function buildPersonasResponse(
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

import { ConfigReader } from '@backstage/config';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import { loadPersonaCatalogue } from '../catalogue/loadPersonaCatalogue';
import { grantFor } from '../catalogue/resolvePersona';
import { readPersonaModuleConfig } from '../config';
import { Person, Subject } from '../subject';
import { environmentsConfig, personaConfig } from './fixtures';

/** A Subject as prepareSubject would make it, without a catalog. */
export function makeSubject(options: {
  persona: string;
  person?: Person;
  environments?: string[];
  persona_config?: object;
  teamName?: string;
}): Subject {
  const config = new ConfigReader({
    groundwork: {
      ...environmentsConfig(),
      persona: options.persona_config ?? personaConfig(),
    },
  });
  const environments = readGroundworkEnvironments(config);
  const persona = loadPersonaCatalogue(config, environments.environments).get(
    options.persona,
  );
  const person = options.person ?? {
    name: 'Ada Lovelace',
    email: 'ada@acme.dev',
    githubLogin: 'Ada-L',
  };
  const team = options.teamName ?? 'payments';
  return {
    person,
    userName: person.githubLogin,
    persona,
    team: { ref: `group:default/${team}`, name: team, githubSlug: team },
    grants: (options.environments ?? ['dev', 'staging', 'prod']).map(name =>
      grantFor(persona, environments.get(name)),
    ),
    environments: environments.environments,
    startDate: '2026-01-05',
    config: readPersonaModuleConfig(config),
  };
}

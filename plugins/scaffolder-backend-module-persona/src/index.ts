/**
 * Groundwork scaffolder module: persona:onboard and persona:offboard, and
 * the persona catalogue at GET /api/scaffolder/groundwork/personas.
 *
 * @packageDocumentation
 */

export { scaffolderModulePersona as default } from './module';
export { createPersonaOnboardAction } from './actions/onboard';
export { createPersonaOffboardAction } from './actions/offboard';
export type { PersonaActionDeps, PersonaActionOutput } from './engine/run';
export { createPersonaActionDeps } from './engine/deps';
export { loadPersonaCatalogue } from './catalogue/loadPersonaCatalogue';
export type { PersonaCatalogue } from './catalogue/loadPersonaCatalogue';
export { DEFAULT_PERSONAS } from './catalogue/defaults';
export type { PersonaDefinition, AccessLevel } from './catalogue/schema';
export type { PersonasResponse } from './router';
export {
  renderAccessApplications,
  teamFolders,
  teamServiceNamespaces,
} from './access/argocd';

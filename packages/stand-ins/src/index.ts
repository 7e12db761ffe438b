/**
 * Stand-ins for the systems Groundwork talks to but that cannot run on a
 * test machine. Each one checks what it receives against the real contract
 * (`../shared/contracts/`, `@octokit/openapi`, Kubernetes schemas).
 *
 * @packageDocumentation
 */

export * from './contract';
export { sharedPath } from './sharedPath';
export * from './argocd';
export * from './aws';

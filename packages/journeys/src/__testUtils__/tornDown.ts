// Shared tests, declared by the journeys that call itTearsDownThePreview.
/* eslint-disable jest/no-export */
import request from 'supertest';
import { commandsOf, initializedBackend, Portal } from './portal';
import { asUser, FinishedTask, until } from './tasks';

/** The Terraform runs of one task, without `terraform version`. */
export function terraformCallsOf(portal: Portal, task: FinishedTask) {
  return portal.terraform
    .calls()
    .filter(c => c.cwd.includes(task.id) && c.argv[0] !== 'version');
}

/**
 * What every completed service-teardown must leave, whoever started it:
 * its steps in order, dev's stack destroyed from the repository with
 * New service's state key, the Argo CD Application deleted, the catalog
 * entry removed and the repository kept. Declares the tests; the
 * getters read what the journey's beforeAll set.
 */
export function itTearsDownThePreview(
  get: () => { portal: Portal; teardown: FinishedTask },
  name: string,
) {
  const stateKey = `component/default/${name}/dev/infra/envs/dev.tfstate`;

  it('runs every step, in order', () => {
    const { teardown } = get();
    expect([teardown.status, teardown.error]).toEqual(['completed', undefined]);
    expect(Object.entries(teardown.steps)).toEqual([
      ['check', 'completed'],
      ['fetch-infra', 'completed'],
      ['terraform', 'completed'],
      ['argocd', 'completed'],
      ['unregister', 'completed'],
    ]);
  });

  it("destroys dev's stack from the repository, with new-service's state key", () => {
    const { portal, teardown } = get();
    const calls = terraformCallsOf(portal, teardown);
    expect(commandsOf(calls)).toEqual([
      'init',
      'validate',
      'plan',
      'show',
      'apply',
      'output',
    ]);
    expect(calls.find(c => c.argv[0] === 'plan')!.argv).toContain('-destroy');
    expect(calls.every(c => c.cwd.endsWith('/infra/envs/dev'))).toBe(true);
    expect(calls[0].backend).toEqual(initializedBackend('dev', stateKey));
    expect(portal.terraform.state().resources).toEqual([]);
  });

  it('deletes the Argo CD Application', () => {
    expect(get().portal.argocd.application(`${name}-dev`)).toBeUndefined();
  });

  it('removes the catalog entry, and keeps the repository', async () => {
    const { portal } = get();
    await until('the catalog to drop the preview', async () => {
      const res = await request(portal.server)
        .get(`/api/catalog/entities/by-name/component/default/${name}`)
        .set(asUser());
      return res.status === 404 ? true : undefined;
    });
    expect(
      Object.keys(portal.github.repos.files('acme', name, 'main')),
    ).toContain('catalog-info.yaml');
  });
}

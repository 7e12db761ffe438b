import {
  argoCdLabelsFor,
  entityFromArgoCdLabels,
  ARGOCD_APP_SELECTOR,
} from './argocdLabels';

describe('Argo CD labels', () => {
  it('round-trips an entity ref and environment through labels', () => {
    const labels = argoCdLabelsFor('component:payments/ledger-service', 'prod');
    expect(labels).toEqual({
      'groundwork.dev/entity-kind': 'component',
      'groundwork.dev/entity-namespace': 'payments',
      'groundwork.dev/entity-name': 'ledger-service',
      'groundwork.dev/environment': 'prod',
    });
    expect(entityFromArgoCdLabels(labels)).toEqual({
      entityRef: 'component:payments/ledger-service',
      environment: 'prod',
    });
    for (const key of ARGOCD_APP_SELECTOR.split(','))
      expect(labels).toHaveProperty([key]);
  });

  it('ignores apps without the labels and refuses values Kubernetes would reject', () => {
    expect(entityFromArgoCdLabels({ app: 'x' })).toBeUndefined();
    expect(() =>
      argoCdLabelsFor('component:default/payments', 'prod eu'),
    ).toThrow(/cannot be an Argo CD label value/);
  });
});

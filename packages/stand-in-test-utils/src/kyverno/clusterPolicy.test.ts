import { clusterPolicyProblems } from './clusterPolicy';

const policy = (validate: object) => ({
  apiVersion: 'kyverno.io/v1',
  kind: 'ClusterPolicy',
  metadata: { name: 'disallow-host-path' },
  spec: {
    background: true,
    rules: [
      {
        name: 'host-path',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        validate,
      },
    ],
  },
});

describe('clusterPolicyProblems (Kyverno v1.16.4 CRD)', () => {
  it('accepts a rule with the per-rule failureAction', () => {
    expect(
      clusterPolicyProblems(
        policy({
          failureAction: 'Enforce',
          message: 'no hostPath',
          pattern: { spec: { '=(volumes)': [{ 'X(hostPath)': 'null' }] } },
        }),
      ),
    ).toEqual([]);
  });

  it('refuses a failureAction outside its enum, a misspelt field and another kind', () => {
    expect(
      clusterPolicyProblems(policy({ failureAction: 'enforce', pattern: {} })),
    ).toEqual([
      'ClusterPolicy/spec/rules/0/validate/failureAction must be equal to one of the allowed values',
    ]);
    expect(
      clusterPolicyProblems(policy({ failureActon: 'Enforce', pattern: {} })),
    ).toEqual([
      'ClusterPolicy/spec/rules/0/validate must NOT have additional properties (failureActon)',
    ]);
    expect(
      clusterPolicyProblems({ ...policy({ pattern: {} }), kind: 'Policy' }),
    ).toEqual(['ClusterPolicy/kind must be ClusterPolicy, got Policy']);
  });
});

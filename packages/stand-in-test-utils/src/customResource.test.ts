import { customResourceProblems, hasVendoredCrd } from './customResource';

const externalSecret = (spec: object) => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: { name: 'payments-stripe-key', namespace: 'payments' },
  spec,
});

describe('customResourceProblems', () => {
  it('accepts an ExternalSecret the v0.17.0 CRD describes', () => {
    expect(
      customResourceProblems(
        externalSecret({
          refreshInterval: '1h',
          secretStoreRef: { kind: 'SecretStore', name: 'payments' },
          target: { name: 'payments-stripe-key', creationPolicy: 'Owner' },
          data: [
            { secretKey: 'value', remoteRef: { key: 'dev/payments/stripe' } },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('refuses an unknown field and a value outside an enum', () => {
    const problems = customResourceProblems(
      externalSecret({
        secretStoreRef: { kind: 'Vault', name: 'payments' },
        target: { name: 'x', creationPolicy: 'Owner' },
        dataa: [],
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('must NOT have additional properties (dataa)'),
        expect.stringContaining(
          '/spec/secretStoreRef/kind must be equal to one of the allowed values',
        ),
      ]),
    );
  });

  it('refuses a version the release no longer serves', () => {
    expect(
      customResourceProblems({
        ...externalSecret({}),
        apiVersion: 'external-secrets.io/v1beta1',
      }),
    ).toEqual([
      expect.stringContaining('does not serve external-secrets.io/v1beta1'),
    ]);
  });

  it('checks a ServiceMonitor against the operator v0.78.2 CRD', () => {
    const monitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'payments' },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'payments' } },
        endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
      },
    };
    expect(customResourceProblems(monitor)).toEqual([]);
    expect(
      customResourceProblems({
        ...monitor,
        spec: {
          ...monitor.spec,
          endpoints: [{ port: 'http', interval: 'often' }],
        },
      }),
    ).toEqual([
      expect.stringContaining('/spec/endpoints/0/interval must match pattern'),
    ]);
  });

  it('knows which kinds it holds', () => {
    expect(
      hasVendoredCrd({
        apiVersion: 'external-secrets.io/v1',
        kind: 'SecretStore',
      }),
    ).toBe(true);
    expect(hasVendoredCrd({ apiVersion: 'v1', kind: 'Secret' })).toBe(false);
  });
});

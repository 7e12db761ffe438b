import { customResourceProblems, hasVendoredCrd } from './customResource';

const peerAuthentication = (spec: object) => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata: { name: 'default', namespace: 'istio-system' },
  spec,
});

const schedule = (spec: object) => ({
  apiVersion: 'velero.io/v1',
  kind: 'Schedule',
  metadata: { name: 'daily', namespace: 'velero' },
  spec,
});

describe('customResourceProblems (Istio 1.29 and Velero 1.18.1 CRDs)', () => {
  it('accepts a mesh-wide STRICT PeerAuthentication, in both served versions', () => {
    expect(
      customResourceProblems(peerAuthentication({ mtls: { mode: 'STRICT' } })),
    ).toEqual([]);
    expect(
      customResourceProblems({
        ...peerAuthentication({ mtls: { mode: 'STRICT' } }),
        apiVersion: 'security.istio.io/v1beta1',
      }),
    ).toEqual([]);
  });

  it('refuses a mode outside its enum, a misspelt field and a version Istio does not serve', () => {
    expect(
      customResourceProblems(peerAuthentication({ mtls: { mode: 'strict' } })),
    ).toEqual([
      'PeerAuthentication/spec/mtls/mode must be equal to one of the allowed values',
    ]);
    expect(
      customResourceProblems(peerAuthentication({ mtls: { mdoe: 'STRICT' } })),
    ).toEqual([
      'PeerAuthentication/spec/mtls must NOT have additional properties (mdoe)',
    ]);
    expect(
      customResourceProblems({
        ...peerAuthentication({}),
        apiVersion: 'security.istio.io/v1alpha1',
      }),
    ).toEqual([
      expect.stringContaining(
        'does not serve security.istio.io/v1alpha1: a cluster with this release refuses PeerAuthentication',
      ),
    ]);
  });

  it("holds a Velero Schedule to its CRD: a template's ttl is a string, its fields are Velero's", () => {
    expect(
      customResourceProblems(
        schedule({
          schedule: '0 3 * * *',
          template: { ttl: '168h0m0s', storageLocation: 'default' },
        }),
      ),
    ).toEqual([]);
    expect(
      customResourceProblems(
        schedule({ schedule: '0 3 * * *', template: { ttl: 7 } }),
      ),
    ).toEqual(['Schedule/spec/template/ttl must be string']);
    expect(
      customResourceProblems(schedule({ cron: '0 3 * * *', template: {} })),
    ).toEqual([
      "Schedule/spec must have required property 'schedule'",
      'Schedule/spec must NOT have additional properties (cron)',
    ]);
  });

  it('knows which objects it has a CRD for', () => {
    expect(hasVendoredCrd(peerAuthentication({}))).toBe(true);
    expect(hasVendoredCrd(schedule({}))).toBe(true);
    expect(
      hasVendoredCrd({
        apiVersion: 'velero.io/v1',
        kind: 'BackupStorageLocation',
      }),
    ).toBe(true);
    expect(hasVendoredCrd({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe(
      false,
    );
  });
});

import { crdObjectProblems, hasVendoredCrd } from './crdObjects';

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

describe('crdObjectProblems (Istio 1.29 and Velero 1.18.1 CRDs)', () => {
  it('accepts a mesh-wide STRICT PeerAuthentication, in both served versions', () => {
    expect(
      crdObjectProblems(peerAuthentication({ mtls: { mode: 'STRICT' } })),
    ).toEqual([]);
    expect(
      crdObjectProblems({
        ...peerAuthentication({ mtls: { mode: 'STRICT' } }),
        apiVersion: 'security.istio.io/v1beta1',
      }),
    ).toEqual([]);
  });

  it('refuses a mode outside its enum, a misspelt field and a version Istio does not serve', () => {
    expect(
      crdObjectProblems(peerAuthentication({ mtls: { mode: 'strict' } })),
    ).toEqual([
      'PeerAuthentication/spec/mtls/mode must be equal to one of the allowed values',
    ]);
    expect(
      crdObjectProblems(peerAuthentication({ mtls: { mdoe: 'STRICT' } })),
    ).toEqual([
      'PeerAuthentication/spec/mtls must NOT have additional properties (mdoe)',
    ]);
    expect(
      crdObjectProblems({
        ...peerAuthentication({}),
        apiVersion: 'security.istio.io/v1alpha1',
      }),
    ).toEqual([
      'no vendored CRD serves security.istio.io/v1alpha1 PeerAuthentication',
    ]);
  });

  it("holds a Velero Schedule to its CRD: a template's ttl is a string, its fields are Velero's", () => {
    expect(
      crdObjectProblems(
        schedule({
          schedule: '0 3 * * *',
          template: { ttl: '168h0m0s', storageLocation: 'default' },
        }),
      ),
    ).toEqual([]);
    expect(
      crdObjectProblems(
        schedule({ schedule: '0 3 * * *', template: { ttl: 7 } }),
      ),
    ).toEqual(['Schedule/spec/template/ttl must be string']);
    expect(
      crdObjectProblems(schedule({ cron: '0 3 * * *', template: {} })),
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

import yaml from 'yaml';
import { serviceIdentityKustomize } from './serviceIdentity';

describe('serviceIdentityKustomize', () => {
  it('patches the annotations of the one ServiceAccount, as a strategic merge kustomize reads', () => {
    const k = serviceIdentityKustomize('payments', {
      'azure.workload.identity/client-id':
        '8d3c4f0a-1b2c-4d5e-8f90-0123456789ab',
      'azure.workload.identity/tenant-id':
        '00000000-0000-0000-0000-000000000001',
    }) as any;
    expect(k.patches).toHaveLength(1);
    expect(k.patches[0].target).toEqual({
      kind: 'ServiceAccount',
      name: 'payments',
    });
    expect(yaml.parse(k.patches[0].patch)).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'payments',
        annotations: {
          'azure.workload.identity/client-id':
            '8d3c4f0a-1b2c-4d5e-8f90-0123456789ab',
          'azure.workload.identity/tenant-id':
            '00000000-0000-0000-0000-000000000001',
        },
      },
    });
  });

  it('is empty where the stack has no identity to bind (AWS)', () => {
    expect(serviceIdentityKustomize('payments', undefined)).toEqual({});
    expect(serviceIdentityKustomize('payments', {})).toEqual({});
  });

  it('refuses anything but an identity binding with a value of its shape', () => {
    expect(() =>
      serviceIdentityKustomize('payments', {
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
      }),
    ).toThrow(/is not an identity annotation/);
    expect(() =>
      serviceIdentityKustomize('payments', {
        'iam.gke.io/gcp-service-account':
          'x@acme.iam.gserviceaccount.com"}},"spec":{"x":1',
      }),
    ).toThrow(/is not what the cloud gives/);
    expect(() =>
      serviceIdentityKustomize('Payments; rm', {
        'iam.gke.io/gcp-service-account':
          'payments-wl@acme-lab.iam.gserviceaccount.com',
      }),
    ).toThrow(/is not a ServiceAccount name/);
  });
});

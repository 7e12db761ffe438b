import { validationFindings } from './validate';

describe('validationFindings (kubernetes-models, @kubernetes-models/argo-cd)', () => {
  it('passes valid objects, once each', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a' },
      data: { k: 'v' },
    };
    expect(
      validationFindings([
        { object: cm, from: 'x' },
        { object: cm, from: 'y' },
      ]),
    ).toEqual([]);
  });

  it('reports an object its schema refuses, and a kind without schema', () => {
    expect(
      validationFindings([
        {
          object: {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 's' },
            spec: { ports: [{ port: 'eighty' }] },
          },
          from: 'svc deploy',
        },
        {
          object: {
            apiVersion: 'example.com/v1',
            kind: 'Thing',
            metadata: { name: 't' },
          },
          from: 'svc deploy',
        },
      ]),
    ).toEqual([
      expect.stringMatching(/^validate: svc deploy Service s: .*port/),
      expect.stringMatching(/^validate: svc deploy Thing t: /),
    ]);
  });
});

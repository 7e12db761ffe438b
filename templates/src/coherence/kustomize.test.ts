import fs from 'node:fs';
import {
  kustomizationDirs,
  kustomizeBuild,
  kustomizeUnavailable,
  sourceObjects,
  writeTree,
} from './kustomize';

const files = new Map([
  [
    'deploy/base/kustomization.yaml',
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nlabels:\n  - pairs: {app: x}\nresources: [sa.yaml]\n',
  ],
  [
    'deploy/base/sa.yaml',
    'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x\n',
  ],
  [
    'deploy/overlays/dev/kustomization.yaml',
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: x\nresources: [../../base]\ncomponents: [extra]\n',
  ],
  [
    'deploy/overlays/dev/extra/kustomization.yaml',
    'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [cm.yaml]\n',
  ],
  [
    'deploy/overlays/dev/extra/cm.yaml',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n',
  ],
  [
    'deploy/overlays/broken/kustomization.yaml',
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [missing.yaml]\n',
  ],
  [
    'apps/a.yaml',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
  ],
  ['apps/README.md', '# not a manifest'],
]);

describe('kustomize (the real one, in kubectl)', () => {
  let root: string;
  beforeAll(() => {
    root = writeTree(files);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('runs here', () => {
    expect(kustomizeUnavailable()).toBeUndefined();
  });

  it('finds every kustomization but Components, which only the kustomizations including them build', () => {
    expect(kustomizationDirs(files)).toEqual([
      'deploy/base',
      'deploy/overlays/broken',
      'deploy/overlays/dev',
    ]);
  });

  it('builds an overlay', () => {
    expect(kustomizeBuild(root, 'deploy/overlays/dev')).toEqual({
      ok: true,
      objects: [
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'x', namespace: 'x', labels: { app: 'x' } },
        },
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'extra', namespace: 'x' },
        },
      ],
    });
  });

  it("reports kustomize's error, without the temporary folder", () => {
    const r = kustomizeBuild(root, 'deploy/overlays/broken');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/missing\.yaml/);
    expect(!r.ok && r.error).not.toContain(root);
  });

  it('reads a folder without kustomization as Argo CD does: its manifests', () => {
    const r = sourceObjects(root, files, 'apps');
    expect(r.ok && r.objects.map(o => o.metadata.name)).toEqual(['a', 'b']);
    expect(sourceObjects(root, files, 'nothing').ok).toBe(false);
  });
});

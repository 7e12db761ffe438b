import { refValues } from './check';
import { RenderedRepo } from './render';

describe("a chart's value files from a ref source", () => {
  const repo = {
    repoURL: 'https://github.com/acme/platform-dev.git',
    files: new Map([
      [
        'platform/values/kyverno/values.yaml',
        'admissionController:\n  replicas: 3\n',
      ],
    ]),
  } as unknown as RenderedRepo;
  const byUrl = new Map([[repo.repoURL, repo]]);
  const sources = [
    { repoURL: 'https://kyverno.github.io/kyverno', chart: 'kyverno' },
    { repoURL: repo.repoURL, targetRevision: 'main', ref: 'values' },
  ];

  it('reads $<ref>/<path> from the rendered repository behind that ref', () => {
    expect(
      refValues('$values/platform/values/kyverno/values.yaml', sources, byUrl),
    ).toEqual({ admissionController: { replicas: 3 } });
  });

  it('says when the file or the ref is not there (Argo CD refuses the sync), and leaves files inside the chart alone', () => {
    expect(
      refValues('$values/platform/values/loki/values.yaml', sources, byUrl),
    ).toBeUndefined();
    expect(
      refValues('$other/platform/values/kyverno/values.yaml', sources, byUrl),
    ).toBeUndefined();
    expect(refValues('values-production.yaml', sources, byUrl)).toEqual({});
  });
});

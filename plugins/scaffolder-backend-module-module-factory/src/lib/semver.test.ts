import { bump, nextVersion, parseVersion } from './semver';

describe('semantic versions of modules', () => {
  it('bumps major, minor or patch by the kind of change', () => {
    const v = parseVersion('1.4.2')!;
    expect(bump(v, 'breaking')).toEqual({ major: 2, minor: 0, patch: 0 });
    expect(bump(v, 'feature')).toEqual({ major: 1, minor: 5, patch: 0 });
    expect(bump(v, 'fix')).toEqual({ major: 1, minor: 4, patch: 3 });
  });

  it('keeps 0.x modules below 1.0.0 (semver: 0.x is not stable yet)', () => {
    const v = parseVersion('0.3.1')!;
    expect(bump(v, 'breaking')).toEqual({ major: 0, minor: 4, patch: 0 });
    expect(bump(v, 'feature')).toEqual({ major: 0, minor: 3, patch: 2 });
  });

  it("decides from the module's own highest release tag, in numeric order", () => {
    const next = nextVersion('aws-network', 'feature', [
      'aws-network/v1.9.0',
      'aws-network/v1.10.0',
      'aws-network/v1.2.7',
      'aws-network-extra/v9.0.0',
      'aws-eks/v3.0.0',
      'refs/tags/aws-network/v1.10.1',
    ]);
    expect(next).toEqual({
      version: '1.11.0',
      previousVersion: '1.10.1',
      tag: 'aws-network/v1.11.0',
      ignoredTags: [],
    });
  });

  it('ignores pre-releases and malformed tags, and says so', () => {
    const next = nextVersion('aws-eks', 'fix', [
      'aws-eks/v2.0.0',
      'aws-eks/v3.0.0-rc.1',
      'aws-eks/vnext',
      'aws-eks/v02.1.0',
    ]);
    expect(next.version).toBe('2.0.1');
    expect(next.ignoredTags).toEqual([
      'aws-eks/v3.0.0-rc.1',
      'aws-eks/vnext',
      'aws-eks/v02.1.0',
    ]);
  });

  it('releases a module for the first time as 1.0.0 whatever the change', () => {
    for (const change of ['breaking', 'feature', 'fix'] as const) {
      expect(nextVersion('gcp-gke', change, ['aws-eks/v1.0.0'])).toMatchObject({
        version: '1.0.0',
        previousVersion: undefined,
        tag: 'gcp-gke/v1.0.0',
      });
    }
  });
});

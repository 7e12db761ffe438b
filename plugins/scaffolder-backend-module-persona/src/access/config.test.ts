import { ConfigReader } from '@backstage/config';
import { parseAccessRepository, readAccessReconcileConfig } from './config';

const read = (access: object, extra: object = {}) =>
  readAccessReconcileConfig(
    new ConfigReader({ groundwork: { persona: { access } }, ...extra }),
  );

describe('groundwork.persona.access', () => {
  it('is off without the key', () => {
    expect(readAccessReconcileConfig(new ConfigReader({}))).toBeUndefined();
  });

  it('reads the repository in both spellings, with defaults', () => {
    expect(parseAccessRepository('github.com?owner=acme&repo=access')).toEqual({
      host: 'github.com',
      owner: 'acme',
      repo: 'access',
    });
    expect(
      parseAccessRepository('https://ghe.acme.dev/acme/access.git'),
    ).toEqual({ host: 'ghe.acme.dev', owner: 'acme', repo: 'access' });
    expect(read({ repository: 'github.com?owner=acme&repo=access' })).toEqual({
      host: 'github.com',
      owner: 'acme',
      repo: 'access',
      branch: undefined,
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 3 } },
      github: { teams: [] },
      argocd: undefined,
      terraform: undefined,
    });
  });

  it('refuses what would let a value escape: a repository path, a team that is no slug, a workspace name without {cloud}', () => {
    expect(() =>
      read({ repository: 'github.com?owner=acme&repo=../x' }),
    ).toThrow(/must be "github.com\?owner=<org>&repo=<name>"/);
    expect(() =>
      read({
        repository: 'github.com?owner=acme&repo=access',
        github: { teams: ['payments; rm'] },
      }),
    ).toThrow(/not a GitHub team slug/);
    const hcp = { terraform: { hcp: { token: 't', organization: 'acme' } } };
    expect(() =>
      read(
        {
          repository: 'github.com?owner=acme&repo=access',
          terraform: {
            workspaceName: 'iam',
            vcs: { oauthTokenId: 'ot-1' },
          },
        },
        hcp,
      ),
    ).toThrow(/must hold \{cloud\}/);
  });

  it('needs HCP Terraform credentials and exactly one VCS connection for IAM', () => {
    const access = {
      repository: 'github.com?owner=acme&repo=access',
      terraform: { vcs: { oauthTokenId: 'ot-1' } },
    };
    expect(() => read(access)).toThrow(/terraform\.hcp\.token/);
    expect(
      read(access, {
        terraform: {
          hcp: { host: 'tfe.acme.dev', token: 't', organization: 'acme' },
        },
      })!.terraform,
    ).toEqual({
      baseUrl: 'https://tfe.acme.dev',
      token: 't',
      organization: 'acme',
      workspaceName: 'access-iam-{cloud}',
      vcs: { oauthTokenId: 'ot-1', githubAppInstallationId: undefined },
      autoApply: true,
    });
    expect(() =>
      read(
        {
          ...access,
          terraform: {
            vcs: { oauthTokenId: 'ot-1', githubAppInstallationId: 'ghain-1' },
          },
        },
        { terraform: { hcp: { token: 't', organization: 'acme' } } },
      ),
    ).toThrow(/exactly one of oauthTokenId/);
  });
});

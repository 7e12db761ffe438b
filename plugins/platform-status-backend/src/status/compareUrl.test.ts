import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { compareUrlFor } from './compareUrl';

// The portal's integrations decide which hosts get a link and of which
// shape; github.com is always there, as Backstage adds it by default.
const compareUrl = compareUrlFor(
  ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        github: [{ host: 'github.com' }, { host: 'ghe.acme.internal' }],
        gitlab: [
          { host: 'gitlab.com' },
          {
            host: 'git.acme.internal',
            apiBaseUrl: 'https://git.acme.internal/gitlab/api/v4',
            baseUrl: 'https://git.acme.internal/gitlab',
          },
        ],
        gitea: [{ host: 'gitea.acme.internal' }],
        bitbucketCloud: [{ username: 'u', appPassword: 'p' }],
      },
    }),
  ),
);

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('compareUrlFor', () => {
  it.each([
    ['https://github.com/acme/deploy.git', 'https://github.com/acme/deploy'],
    ['https://github.com/acme/deploy/', 'https://github.com/acme/deploy'],
    ['git@github.com:acme/deploy.git', 'https://github.com/acme/deploy'],
    ['ssh://git@github.com/acme/deploy.git', 'https://github.com/acme/deploy'],
    [
      'https://ghe.acme.internal/platform/deploy.git',
      'https://ghe.acme.internal/platform/deploy',
    ],
  ])('links a GitHub repository %s to its compare view', (repoURL, web) => {
    expect(compareUrl(repoURL, A, B)).toBe(`${web}/compare/${A}...${B}`);
  });

  it('links GitLab, nested groups and a relative base URL included', () => {
    expect(
      compareUrl('https://gitlab.com/acme/platform/deploy.git', A, B),
    ).toBe(`https://gitlab.com/acme/platform/deploy/-/compare/${A}...${B}`);
    expect(
      compareUrl('https://git.acme.internal/gitlab/team/deploy.git', A, B),
    ).toBe(
      `https://git.acme.internal/gitlab/team/deploy/-/compare/${A}...${B}`,
    );
  });

  it('links Gitea', () => {
    expect(compareUrl('https://gitea.acme.internal/ops/deploy', A, B)).toBe(
      `https://gitea.acme.internal/ops/deploy/compare/${A}...${B}`,
    );
  });

  it.each([
    ['a host without an integration', 'https://evil.example/acme/deploy.git'],
    [
      'Bitbucket, whose compare view is not linked',
      'https://bitbucket.org/acme/deploy.git',
    ],
    ['plain HTTP', 'http://github.com/acme/deploy.git'],
    ['a query string', 'https://github.com/acme/deploy?x=1'],
    ['a GitHub URL that is not a repository', 'https://github.com/acme'],
    ['not a URL', 'deploy'],
    // The attacker's repoURL: a script URL must never become a link.
    // eslint-disable-next-line no-script-url
    ['a javascript: URL', 'javascript:alert(1)//github.com/acme/deploy'],
  ])('gives no link for %s', (_, repoURL) => {
    expect(compareUrl(repoURL, A, B)).toBeUndefined();
  });

  it('drops credentials a repoURL carries', () => {
    expect(
      compareUrl('https://user:token@github.com/acme/deploy.git', A, B),
    ).toBe(`https://github.com/acme/deploy/compare/${A}...${B}`);
  });

  it('encodes revisions: a branch name is data, not a path', () => {
    expect(
      compareUrl('https://github.com/acme/deploy', 'v1', 'x/../../y?z'),
    ).toBe('https://github.com/acme/deploy/compare/v1...x%2F..%2F..%2Fy%3Fz');
  });
});

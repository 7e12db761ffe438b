import { ArgoCdStandIn } from './ArgoCdStandIn';
import { createGitHubHostingStandIn } from '../github/hosting';
import {
  gitHubRepoFiles,
  kubectlAvailable,
  kustomizeRepoServer,
} from './repoServer';

const TOKEN = 'argocd-test-token';

const FILES = {
  'deploy/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'deploy/base/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: web }',
    'spec:',
    '  selector: { matchLabels: { app: web } }',
    '  template:',
    '    metadata: { labels: { app: web } }',
    '    spec: { containers: [{ name: web, image: nginx }] }',
    '',
  ].join('\n'),
  'deploy/dev/kustomization.yaml':
    'namespace: web\nresources:\n  - namespace.yaml\n  - ../base\n',
  'deploy/dev/namespace.yaml':
    'apiVersion: v1\nkind: Namespace\nmetadata: { name: web }\n',
  'deploy/broken/kustomization.yaml': 'resources:\n  - missing.yaml\n',
};

// Needs kubectl (Debian's package ships kustomize), as Argo CD's repo server does.
const withKubectl = kubectlAvailable() ? describe : describe.skip;

withKubectl('kustomizeRepoServer', () => {
  let argocd: ArgoCdStandIn;
  beforeEach(async () => {
    argocd = await new ArgoCdStandIn({
      manifests: kustomizeRepoServer(repoURL =>
        repoURL === 'https://github.com/acme/web' ? FILES : undefined,
      ),
    }).start();
    argocd.seedProject({
      metadata: { name: 'web' },
      spec: {
        sourceRepos: ['https://github.com/acme/web'],
        destinations: [
          { server: 'https://kubernetes.default.svc', namespace: 'web' },
        ],
      },
    });
  });
  afterEach(() => argocd.stop());

  const create = (path: string) =>
    fetch(`${argocd.url}/api/v1/applications?upsert=true`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        metadata: { name: 'web' },
        spec: {
          project: 'web',
          source: { repoURL: 'https://github.com/acme/web', path },
          destination: {
            server: 'https://kubernetes.default.svc',
            namespace: 'web',
          },
          syncPolicy: { automated: {} },
        },
      }),
    });
  const settle = () => {
    argocd.advance('web');
    argocd.advance('web');
    return argocd.application('web')!.status.operationState;
  };

  it('renders the overlay with kustomize and refuses its Namespace in a project without clusterResourceWhitelist', async () => {
    expect((await create('deploy/dev')).status).toBe(200);
    expect(settle()).toMatchObject({
      phase: 'Failed',
      message:
        'one or more synchronization tasks are not valid: resource :Namespace is not permitted in project web',
    });
  });

  it('syncs the base, which has no cluster-scoped kind', async () => {
    expect((await create('deploy/base')).status).toBe(200);
    expect(settle().phase).toBe('Succeeded');
  });

  it('fails the sync when kustomize cannot build the source', async () => {
    await create('deploy/broken');
    expect(settle().message).toMatch(
      /^ComparisonError: Failed to load target state: failed to generate manifest for source 1 of 1: kustomize build deploy\/broken failed: /,
    );
  });
});

describe('gitHubRepoFiles', () => {
  it('reads github.com sources from the GitHub stand-in, HEAD as main', () => {
    const github = createGitHubHostingStandIn();
    github.state.addOrg({ login: 'acme' });
    github.repos.addRepo({
      owner: 'acme',
      name: 'web',
      files: { 'deploy/kustomization.yaml': 'resources: []\n' },
    });
    const files = gitHubRepoFiles(github.repos);
    for (const url of [
      'https://github.com/acme/web',
      'https://github.com/acme/web.git',
    ]) {
      expect(files(url, 'HEAD')).toEqual({
        'deploy/kustomization.yaml': 'resources: []\n',
      });
    }
    expect(files('https://github.com/acme/web', 'nope')).toBeUndefined();
    expect(files('https://github.com/acme/other', 'main')).toBeUndefined();
    expect(files('https://gitlab.com/acme/web', 'main')).toBeUndefined();
  });
});

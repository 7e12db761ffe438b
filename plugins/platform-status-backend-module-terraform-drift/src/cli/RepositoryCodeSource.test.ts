import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createGitHubHostingStandIn,
  GitHubHostingStandIn,
} from '@groundwork/stand-in-test-utils';
import { normalizeCodeFolder } from './codeLocation';
import { RepositoryCodeSource } from './RepositoryCodeSource';

jest.setTimeout(60_000);

const TOKEN = 'ghs_portal_integration';
const MAIN_TF = 'terraform {\n  backend "s3" {}\n}\n';

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'group:default/payments' },
  };
}

const source = (repo: string) => ({
  'backstage.io/source-location': `url:https://github.com/acme/${repo}/tree/main/`,
});

/**
 * The code source against Backstage's own URL readers (as the backend's
 * UrlReaderService builds them from `integrations`), reading from the GitHub
 * stand-in: GET the repository, the branch's combined status, then the
 * tarball link (held to @octokit/openapi's `repos/download-tarball-archive`).
 */
describe('RepositoryCodeSource through the GitHub URL reader', () => {
  let github: GitHubHostingStandIn;
  let code: RepositoryCodeSource;
  // The code source's own temporary folder, to see that it keeps nothing.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-drift-work-'));

  const entities = [
    component('payments-api', source('payments-api')),
    component('ledger', {
      ...source('ledger'),
      'groundwork.dev/terraform-code':
        'prod=stacks/production/,dev=./stacks/dev',
    }),
    component('no-infra', source('no-infra')),
    component('gone', source('gone')),
    component('no-location', {}),
    component('elsewhere', {
      'backstage.io/source-location':
        'url:https://git.internal.example/acme/payments-api/tree/main/',
    }),
    component('metadata', {
      'backstage.io/source-location':
        'url:http://169.254.169.254/latest/meta-data/',
    }),
    component('hostile', {
      ...source('payments-api'),
      'groundwork.dev/terraform-code': [
        'a=../../etc',
        'b=infra/../../x',
        'c=/etc',
        'd=https://evil.example/acme/x',
        'e=infra/%2e%2e/%2e%2e/x',
        'f=infra\\..\\..\\x',
        'g=infra/envs/dev?ref=evil',
        'h=infra/envs/dev#x',
        'i=C:/Windows',
        'j=.',
      ].join(','),
    }),
  ];

  beforeAll(async () => {
    github = await createGitHubHostingStandIn({ tokens: [TOKEN] }).start();
    github.state.addOrg({ login: 'acme' });
    github.repos.addRepo({
      owner: 'acme',
      name: 'payments-api',
      private: true,
      files: {
        'README.md': '# payments-api\n',
        'infra/envs/dev/main.tf': MAIN_TF,
        'infra/envs/dev/backend.tf': '# partial backend\n',
        'infra/envs/prod/main.tf': MAIN_TF,
        'infra/envs/dev2/other.tf': '# not dev\n',
      },
    });
    github.repos.addRepo({
      owner: 'acme',
      name: 'ledger',
      files: {
        'stacks/production/main.tf': MAIN_TF,
        'stacks/production/vars/prod.tfvars': 'x = 1\n',
        'stacks/dev/main.tf.json': '{}\n',
        'infra/envs/prod/main.tf': '# not the one\n',
      },
    });
    github.repos.addRepo({
      owner: 'acme',
      name: 'no-infra',
      files: { 'README.md': '# no infra\n' },
    });
    const config = new ConfigReader({
      integrations: { github: [github.integrationConfig()] },
    });
    code = new RepositoryCodeSource({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      urlReader: UrlReaders.default({
        config,
        logger: mockServices.logger.mock(),
      }),
      integrations: ScmIntegrations.fromConfig(config),
      workDir,
    });
  });
  afterAll(async () => {
    await github.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });
  afterEach(() => github.assertNoViolations());

  const target = (name: string, environment: string) => ({
    entityRef: `component:default/${name}`,
    environment,
    stateLocation: `s3://acme-tfstate/${name}/${environment}.tfstate`,
  });

  /** The files of a folder, relative, sorted. */
  const listing = (dir: string): string[] =>
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter(d => d.isFile())
      .map(d =>
        path.relative(dir, path.join(d.parentPath ?? (d as any).path, d.name)),
      )
      .sort();

  it('reads infra/envs/<env> of a private repository with the integration, and release removes it', async () => {
    const archivesBefore = github.gitServer.calls.filter(
      c => c.kind === 'archive',
    ).length;
    const found = await code.codeFor(target('payments-api', 'dev'));
    if (!found || 'reason' in found) throw new Error(JSON.stringify(found));
    expect(listing(found.dir)).toEqual(['backend.tf', 'main.tf']);
    expect(fs.readFileSync(path.join(found.dir, 'main.tf'), 'utf8')).toBe(
      MAIN_TF,
    );
    const tarball = github.callsTo('repos/download-tarball-archive').at(-1);
    expect(tarball).toMatchObject({
      status: 302,
      path: `/repos/acme/payments-api/tarball/${github.repos.branchHead(
        'acme',
        'payments-api',
        'main',
      )}`,
      headers: expect.objectContaining({ authorization: `Bearer ${TOKEN}` }),
    });
    expect(
      github.gitServer.calls
        .filter(c => c.kind === 'archive')
        .slice(archivesBefore),
    ).toEqual([expect.objectContaining({ repo: 'payments-api', status: 200 })]);
    expect(path.dirname(found.dir)).toBe(workDir);
    await found.release!();
    expect(fs.existsSync(found.dir)).toBe(false);
    expect(fs.readdirSync(workDir)).toEqual([]);
  });

  it('reads the folder groundwork.dev/terraform-code names for the environment', async () => {
    const prod = await code.codeFor(target('ledger', 'prod'));
    if (!prod || 'reason' in prod) throw new Error(JSON.stringify(prod));
    expect(listing(prod.dir)).toEqual(['main.tf', 'vars/prod.tfvars']);
    await prod.release!();
    const dev = await code.codeFor(target('ledger', 'dev'));
    if (!dev || 'reason' in dev) throw new Error(JSON.stringify(dev));
    expect(listing(dev.dir)).toEqual(['main.tf.json']);
    await dev.release!();
  });

  it('says so when the folder holds no Terraform code, and keeps nothing', async () => {
    expect(await code.codeFor(target('no-infra', 'dev'))).toEqual({
      reason:
        'No Terraform code (.tf files) at https://github.com/acme/no-infra/tree/main/infra/envs/dev: set groundwork.dev/terraform-code to the folder where terraform:apply ran for dev (this read infra/envs/dev).',
    });
    expect(fs.readdirSync(workDir)).toEqual([]);
    // The environment's folder is not another one that starts with its name.
    expect(await code.codeFor(target('payments-api', 'staging'))).toMatchObject(
      { reason: expect.stringContaining('No Terraform code (.tf files) at') },
    );
  });

  it('says so when the repository is not there', async () => {
    const found = await code.codeFor(target('gone', 'dev'));
    expect(found).toEqual({
      reason: expect.stringMatching(
        /^The portal could not read the Terraform code at https:\/\/github\.com\/acme\/gone\/tree\/main\/infra\/envs\/dev \(NotFoundError\): .* Set groundwork\.dev\/terraform-code if the root module of dev is elsewhere\.$/,
      ),
    });
  });

  it('says so when the entity has no source location', async () => {
    expect(await code.codeFor(target('no-location', 'dev'))).toEqual({
      reason: expect.stringContaining(
        'The entity has no backstage.io/source-location',
      ),
    });
    expect(await code.codeFor(target('not-in-catalog', 'dev'))).toEqual({
      reason: 'component:default/not-in-catalog is no longer in the catalog.',
    });
  });

  it('refuses a repository on a host the portal has no integration for, without a request to it', async () => {
    const elsewhere = await code.codeFor(target('elsewhere', 'dev'));
    expect(elsewhere).toEqual({
      reason: expect.stringContaining(
        "Reading from 'https://git.internal.example/acme/payments-api/tree/main/infra/envs/dev' is not allowed",
      ),
    });
    const metadata = await code.codeFor(target('metadata', 'dev'));
    expect(metadata).toEqual({
      reason: expect.stringContaining('is not allowed'),
    });
  });

  it.each([
    ['a', '../../etc', 'climbs out of its folder with ".."'],
    ['b', 'infra/../../x', 'climbs out of its folder with ".."'],
    ['c', '/etc', 'is absolute'],
    [
      'd',
      'https://evil.example/acme/x',
      'is a URL or a drive, not a path in the repository',
    ],
    ['e', 'infra/%2e%2e/%2e%2e/x', 'holds "%2e%2e"'],
    ['f', 'infra\\..\\..\\x', 'holds "infra\\..\\..\\x"'],
    ['g', 'infra/envs/dev?ref=evil', 'holds "dev?ref=evil"'],
    ['h', 'infra/envs/dev#x', 'holds "dev#x"'],
    ['i', 'C:/Windows', 'is a URL or a drive, not a path in the repository'],
    ['j', '.', 'is the repository root'],
  ])(
    'refuses terraform-code %s=%s before any request',
    async (environment, folder, problem) => {
      const expected = `${problem}${
        problem.startsWith('holds')
          ? ': a folder may hold letters, digits and . _ - @ + ~ only'
          : ''
      }: give the folder of the environment's root module relative to the repository, such as infra/envs/${environment}.`;
      const calls = github.calls.length;
      const found = await code.codeFor(target('hostile', environment));
      expect(found).toEqual({
        reason: `groundwork.dev/terraform-code for ${environment} ("${folder}") ${expected}`,
      });
      expect(github.calls.length).toBe(calls);
    },
  );

  it('refuses an environment name that would climb out of infra/envs', () => {
    expect(normalizeCodeFolder('infra/envs/..')).toEqual({
      problem: 'climbs out of its folder with ".."',
    });
    expect(normalizeCodeFolder('./infra//envs/dev/')).toEqual({
      folder: 'infra/envs/dev',
    });
  });
});

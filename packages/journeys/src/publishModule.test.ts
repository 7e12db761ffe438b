import fs from 'node:fs';
import path from 'node:path';
import { TestDatabases } from '@backstage/backend-test-utils';
import { planFixturePath } from '@groundwork/stand-in-test-utils';
import { FACTORY_DIR } from '@groundwork/terraform-modules';
import { Portal, startPortal } from './__testUtils__/portal';
import { FinishedTask, runTemplate } from './__testUtils__/tasks';

jest.setTimeout(300_000);

/**
 * publish-module: a team publishes a change to the factory's aws-network
 * module from its own repository. The module is fetched from the GitHub
 * stand-in, checked (structure, and the governance gate on its example plan
 * in every environment), versioned against the factory's release tags, and
 * proposed to the factory repository as a pull request for the platform
 * team to review. A module whose example plan fails the gate gets no pull
 * request.
 */

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

function filesOf(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) Object.assign(out, filesOf(p, `${prefix}${e.name}/`));
    else out[`${prefix}${e.name}`] = fs.readFileSync(p, 'utf8');
  }
  return out;
}

const under = (prefix: string, files: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(files).map(([k, v]) => [`${prefix}/${k}`, v]),
  );

const NETWORK = filesOf(path.join(FACTORY_DIR, 'aws-network'));
const README_LINE = 'The nat_gateway_mode input picks one NAT or one per zone.';
const PLAN = 'examples/complete/plan.prod.json';

describe.each(databases.eachSupportedId())(
  'publish-module on %s',
  databaseId => {
    let portal: Portal;

    beforeAll(async () => {
      portal = await startPortal({ databases, databaseId });
      const { repos } = portal.github;
      // The factory, with aws-network released as 1.0.0.
      repos.addRepo({
        owner: 'acme',
        name: 'terraform-modules',
        files: under('aws-network', NETWORK),
      });
      repos
        .requireRepo('acme', 'terraform-modules')
        .refs.set(
          'tags/aws-network/v1.0.0',
          repos.branchHead('acme', 'terraform-modules', 'main')!,
        );
      // The team's work: a documented feature, and a variant whose example
      // plan is TerraGoat's.
      repos.addRepo({
        owner: 'acme',
        name: 'network-work',
        files: {
          ...under('modules/aws-network', {
            ...NETWORK,
            'README.md': `${NETWORK['README.md']}\n${README_LINE}\n`,
          }),
          ...under('modules/aws-network-risky', {
            ...NETWORK,
            [PLAN]: fs.readFileSync(
              planFixturePath('01-checkov-terragoat-tfplan.json'),
              'utf8',
            ),
          }),
        },
      });
    });
    afterAll(() => portal?.stop());
    afterEach(() => portal.assertNoViolations());

    const publish = (folder: string) =>
      runTemplate(portal.server, 'publish-module', {
        moduleUrl: `https://github.com/acme/network-work/tree/main/modules/${folder}`,
        name: 'aws-network',
        examplePlan: PLAN,
        changeType: 'feature',
        summary: 'Document the nat_gateway_mode input.',
      });

    describe('a module that passes', () => {
      let task: FinishedTask;
      beforeAll(async () => {
        task = await publish('aws-network');
      });

      it('completes every step; the output links the pull request and gives the report', () => {
        expect([task.status, task.error]).toEqual(['completed', undefined]);
        expect(task.steps).toEqual({
          fetch: 'completed',
          check: 'completed',
          version: 'completed',
          prepare: 'completed',
          'pull-request': 'completed',
        });
        expect(task.output.links).toEqual([
          {
            title: 'Pull request to the module factory',
            url: 'https://github.com/acme/terraform-modules/pull/1',
          },
        ]);
        expect(task.output.text[0].title).toBe('aws-network 1.1.0');
        const report = task.output.text[0].content as string;
        expect(report).toContain(
          '| ✅ | versions.tf pins Terraform and every provider |',
        );
        for (const env of ['dev', 'staging', 'lab', 'azdev'])
          expect(report).toContain(`| ${env} | critical | ✅ passes |`);
        expect(report).toContain('| prod (production) | high | ✅ passes |');
        // The version follows the factory's last release tag.
        expect(task.log).toContain(
          'info: aws-network: 1.0.0 -> 1.1.0 (feature)',
        );
      });

      it('opens the pull request to the factory with the module, its version and changelog, for the platform team', () => {
        const [pr] = portal.github.repos.pulls('acme', 'terraform-modules');
        expect(pr).toMatchObject({
          number: 1,
          title: 'aws-network 1.1.0: Document the nat_gateway_mode input.',
          head: 'module/aws-network/v1.1.0',
          base: 'main',
          state: 'open',
          requestedTeams: ['platform'],
        });
        expect(pr.body).toContain(
          'source = "git::https://github.com/acme/terraform-modules.git//aws-network?ref=aws-network/v1.1.0"',
        );
        const files = portal.github.repos.files(
          'acme',
          'terraform-modules',
          pr.head,
        );
        expect(files['aws-network/VERSION']).toBe('1.1.0\n');
        expect(files['aws-network/CHANGELOG.md']).toContain('## 1.1.0 (');
        expect(files['aws-network/CHANGELOG.md']).toContain(
          '- Document the nat_gateway_mode input.',
        );
        expect(files['aws-network/README.md']).toContain(README_LINE);
        expect(files['aws-network/main.tf']).toBe(NETWORK['main.tf']);
        // main holds the released module until the review.
        expect(
          portal.github.repos.file(
            'acme',
            'terraform-modules',
            'main',
            'aws-network/README.md',
          ),
        ).toBe(NETWORK['README.md']);
      });
    });

    describe('a module whose example plan fails the gate', () => {
      let task: FinishedTask;
      beforeAll(async () => {
        task = await publish('aws-network-risky');
      });

      it('stops at the check, naming rule and resource, and opens no pull request', () => {
        expect(task.status).toBe('failed');
        expect(task.steps).toMatchObject({
          fetch: 'completed',
          check: 'failed',
          version: 'skipped',
          prepare: 'skipped',
          'pull-request': 'skipped',
        });
        expect(task.log.join('\n')).toMatch(
          /GW-AWS-\d{3}[^\n]*aws_s3_bucket\.data/,
        );
        expect(
          portal.github.repos.pulls('acme', 'terraform-modules'),
        ).toHaveLength(1);
      });
    });
  },
);

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FACTORY_DIR } from '@groundwork/terraform-modules';
import { actionInputValidator } from './__testUtils__/actionSchemas';
import { cloudOf } from './testing/cloud';
import { createDoubleState } from './__testUtils__/pendingActions';
import {
  dryRun,
  loggedInputs,
  servedTrees,
  startScaffolder,
} from './__testUtils__/scaffolder';

jest.setTimeout(120_000);

/**
 * publish-module through the real scaffolder's dry run, with the real
 * module-factory actions. fetch:plain reads through a UrlReader TEST DOUBLE
 * that serves this repository's module factory instead of GitHub; GitHub's
 * API is unreachable, so next-version and prepare-pull-request take their
 * documented dry-run path (a first release).
 */
describe('publish-module', () => {
  const state = createDoubleState(cloudOf);
  let backend: Awaited<ReturnType<typeof startScaffolder>>;
  let schemas: Awaited<ReturnType<typeof actionInputValidator>>;
  beforeAll(async () => {
    backend = await startScaffolder(state);
    schemas = await actionInputValidator(backend.server);
  });
  afterAll(() => backend?.stop());

  const values = {
    moduleUrl:
      'https://github.com/acme/terraform-modules/tree/main/aws-network',
    name: 'aws-network',
    examplePlan: 'examples/complete/plan.prod.json',
    changeType: 'feature',
    summary: 'Add the nat_gateway_mode input.',
  };

  it('checks the module, gates its example plan in every environment and prepares the pull request (UrlReader is a test double)', async () => {
    const r = await dryRun(backend.server, 'publish-module', values);
    expect([r.status, r.body?.error?.message]).toEqual([200, undefined]);
    const report = r.body.output.text[0].content as string;
    expect(r.body.output.text[0].title).toBe('aws-network 1.0.0');
    expect(report).toContain(
      '| ✅ | versions.tf pins Terraform and every provider |',
    );
    expect(report).toContain(
      '### Governance of `./module/examples/complete/plan.prod.json`',
    );
    for (const env of ['dev', 'staging', 'lab', 'azdev']) {
      expect(report).toContain(`| ${env} | critical | ✅ passes |`);
    }
    expect(report).toContain('| prod (production) | high | ✅ passes |');

    const [pr] = loggedInputs(r, 'publish:github:pull-request');
    expect(schemas.problems('publish:github:pull-request', pr)).toEqual([]);
    expect(pr).toMatchObject({
      repoUrl: 'github.com?owner=acme&repo=terraform-modules',
      branchName: 'module/aws-network/v1.0.0',
      title: 'aws-network 1.0.0: Add the nat_gateway_mode input.',
      sourcePath: '.module-factory/aws-network',
      targetPath: 'aws-network',
      teamReviewers: ['platform'],
      filesToDelete: [],
    });
    expect(pr.description).toContain(
      'source = "git::https://github.com/acme/terraform-modules.git//aws-network?ref=aws-network/v1.0.0"',
    );
    // The staged release holds the module, its version and its changelog.
    const staged = [...r.files.keys()].filter(f =>
      f.startsWith('.module-factory/aws-network/'),
    );
    expect(staged).toEqual(
      expect.arrayContaining([
        '.module-factory/aws-network/main.tf',
        '.module-factory/aws-network/VERSION',
        '.module-factory/aws-network/CHANGELOG.md',
        '.module-factory/aws-network/examples/complete/plan.prod.json',
      ]),
    );
    expect(r.files.get('.module-factory/aws-network/VERSION')).toBe('1.0.0\n');
    expect(
      r.log.some(l =>
        l.includes('Dry run: could not read the tags of aws-network'),
      ),
    ).toBe(true);
  });

  it('stops at the check when the example plan is blocked, naming rule and resource', async () => {
    // A module whose example plan opens SSH to the internet (fixture derived from aws-network).
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'broken-'));
    try {
      const plan = JSON.parse(
        fs.readFileSync(
          path.join(FACTORY_DIR, 'aws-network/examples/complete/plan.dev.json'),
          'utf8',
        ),
      );
      plan.resource_changes.push({
        address: 'module.network.aws_security_group.bastion',
        module_address: 'module.network',
        mode: 'managed',
        type: 'aws_security_group',
        name: 'bastion',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: {
          actions: ['create'],
          before: null,
          after: {
            name: 'bastion',
            tags: { Owner: 'x', Environment: 'dev' },
            ingress: [
              {
                from_port: 22,
                to_port: 22,
                protocol: 'tcp',
                cidr_blocks: ['0.0.0.0/0'],
                ipv6_cidr_blocks: [],
                self: false,
                security_groups: [],
                prefix_list_ids: [],
                description: '',
              },
            ],
          },
          after_unknown: { id: true, arn: true },
          before_sensitive: false,
          after_sensitive: {},
        },
      });
      fs.cpSync(path.join(FACTORY_DIR, 'aws-network'), broken, {
        recursive: true,
      });
      fs.writeFileSync(
        path.join(broken, 'examples/complete/plan.dev.json'),
        JSON.stringify(plan),
      );
      servedTrees.set(
        'https://github.com/acme/services/tree/main/bastion-network',
        broken,
      );
      const r = await dryRun(backend.server, 'publish-module', {
        ...values,
        moduleUrl: 'https://github.com/acme/services/tree/main/bastion-network',
        name: 'bastion-network',
        examplePlan: 'examples/complete/plan.dev.json',
      });
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(
        /The example plan is blocked in dev: GW-AWS-002 \(critical\) on module\.network\.aws_security_group\.bastion/,
      );
    } finally {
      servedTrees.clear();
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });
});

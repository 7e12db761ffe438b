import type { JsonObject } from '@backstage/types';
import fs from 'node:fs';
import yaml from 'yaml';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { planFixturePath } from '@groundwork/stand-in-test-utils';
import { createModuleFactoryCheckAction } from './check';
import { examples } from './check.examples';
import { environmentsConfig, keyModuleFiles } from '../__testUtils__/workspace';

describe('module-factory:check', () => {
  const workspace = createMockDirectory();
  const action = createModuleFactoryCheckAction({ config: environmentsConfig });

  beforeEach(() => workspace.setContent(keyModuleFiles('module')));

  const run = async (
    input: JsonObject,
    extra: Record<string, unknown> = {},
  ) => {
    const ctx = createMockActionContext({
      input,
      workspacePath: workspace.path,
      ...extra,
    });
    await action.handler(ctx as any);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  };

  it('passes a compliant module and gates its plan in every configured environment', async () => {
    const out = await run({
      path: 'module',
      examplePlan: 'module/examples/basic/plan.json',
    });
    expect(out.passed).toBe(true);
    expect(
      out.governance.map((g: any) => [g.environment, g.threshold, g.blocking]),
    ).toEqual([
      ['dev', 'critical', false],
      ['staging', 'critical', false],
      ['prod', 'high', false],
      ['lab', 'critical', false],
    ]);
    expect(out.variables).toEqual(['name', 'tags']);
    expect(out.report).toContain(
      '### Governance of `module/examples/basic/plan.json`',
    );
    expect(out.report).toContain('| prod (production) | high | ✅ passes |');
  });

  it('says in the report when no plan was given, and still checks the structure', async () => {
    const out = await run({ path: 'module' });
    expect(out.passed).toBe(true);
    expect(out.governance).toEqual([]);
    expect(out.report).toContain('No example plan was supplied');
  });

  it('fails with every structural problem listed', async () => {
    workspace.addContent({
      'module/variables.tf': 'variable "name" {}\n',
      'module/README.md': '',
    });
    await expect(run({ path: 'module' })).rejects.toThrow(
      /The module is not ready for the factory:[\s\S]*README.md explains the module[\s\S]*Give name a type[\s\S]*Describe name/,
    );
  });

  it('stops a plan that the policy pack blocks, naming rule and resource', async () => {
    workspace.addContent({
      'module/examples/basic/plan.json': fs.readFileSync(
        planFixturePath('01-checkov-terragoat-tfplan.json'),
        'utf8',
      ),
    });
    await expect(
      run({
        path: 'module',
        examplePlan: 'module/examples/basic/plan.json',
        environments: ['dev'],
      }),
    ).rejects.toThrow(
      /The example plan is blocked in dev: GW-AWS-\d+ \(critical\) on [^:]+: /,
    );
  });

  it('fails on warnings only when strict', async () => {
    workspace.addContent({
      'module/README.md':
        '# key-module\n\nA KMS key with rotation, and nothing about its inputs.\n',
    });
    await expect(run({ path: 'module' })).resolves.toMatchObject({
      passed: true,
    });
    await expect(run({ path: 'module', strict: true })).rejects.toThrow(
      /The README mentions every required input/,
    );
  });

  it('refuses paths outside the workspace and plans that are not there', async () => {
    await expect(run({ path: '../elsewhere' })).rejects.toThrow(/outside/i);
    await expect(
      run({ path: 'module', examplePlan: 'module/plan.json' }),
    ).rejects.toThrow(/does not exist in the workspace/);
    await expect(run({ path: 'nope' })).rejects.toThrow(
      /fetch the module first/,
    );
  });

  it('refuses unknown environments with the configured ones', async () => {
    await expect(
      run({
        path: 'module',
        examplePlan: 'module/examples/basic/plan.json',
        environments: ['qa'],
      }),
    ).rejects.toThrow(
      'Unknown environment "qa"; the configured environments are dev, staging, prod, lab',
    );
  });

  it.each(examples.map(e => [e.description, e]))(
    'runs its example: %s',
    async (_d, example) => {
      const step = yaml.parse(example.example).steps[0];
      // The examples name plans the fixture does not have under those names.
      workspace.addContent({
        [step.input.examplePlan.replace(/^\.\//, '')]: fs.readFileSync(
          `${workspace.path}/module/examples/basic/plan.json`,
          'utf8',
        ),
      });
      const out = await run(step.input);
      expect(out.passed).toBe(true);
    },
  );
});

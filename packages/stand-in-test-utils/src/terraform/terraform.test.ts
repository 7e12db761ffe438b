import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planFixturePath } from '../vendored';
import { createTerraformStandIn, generatePlanDocument } from '.';

const FIXTURE = planFixturePath(
  '07-tfcompliance-vpc-module-3nat-eu-west-1-plan.json',
);

describe('the terraform stand-in', () => {
  const tf = createTerraformStandIn({ plan: { file: FIXTURE } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-tf-'));
  fs.writeFileSync(
    path.join(dir, 'main.tf'),
    'terraform {\n  backend "s3" {\n    bucket = "b"\n    encrypt = true\n  }\n}\n',
  );
  const run = (...args: string[]) =>
    spawnSync(tf.binary, args, {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, TF_VAR_token: 'abc' },
    });
  afterAll(() => {
    tf.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('plans, shows, applies once and refuses the same plan again as stale', () => {
    expect(run('init', '-input=false').status).toBe(0);
    expect(
      JSON.parse(
        fs.readFileSync(path.join(dir, '.terraform/terraform.tfstate'), 'utf8'),
      ).backend,
    ).toMatchObject({
      type: 's3',
      config: { bucket: 'b', encrypt: true },
    });
    const plan = run('plan', '-input=false', '-out=p.tfplan');
    expect(plan.stdout).toContain(
      'Plan: 29 to add, 0 to change, 0 to destroy.',
    );
    const shown = JSON.parse(
      execFileSync(tf.binary, ['show', '-json', 'p.tfplan'], {
        cwd: dir,
        encoding: 'utf8',
      }),
    );
    expect(shown.resource_changes).toHaveLength(29);
    expect(shown.variables).toEqual({ token: { value: 'abc' } });
    expect(run('apply', 'p.tfplan').stdout).toContain(
      'Apply complete! Resources: 29 added',
    );
    const again = run('apply', 'p.tfplan');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('Error: Saved plan is stale');
    expect(tf.calls().map(c => [c.argv[0], c.exitCode])).toEqual([
      ['init', 0],
      ['plan', 0],
      ['show', 0],
      ['apply', 0],
      ['apply', 1],
    ]);
    expect(tf.calls()[1].tfVarSha256.TF_VAR_token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('destroys what the state holds: a destroy plan applied leaves no resource and no output', () => {
    tf.configure({ outputs: { vpc_id: { value: 'vpc-1' } } });
    try {
      expect(run('plan', '-input=false', '-out=c.tfplan').status).toBe(0);
      expect(run('apply', 'c.tfplan').status).toBe(0);
      expect(tf.state().resources).toHaveLength(29);
      expect(tf.state().outputs).toMatchObject({ vpc_id: { value: 'vpc-1' } });
      const plan = run('plan', '-input=false', '-destroy', '-out=d.tfplan');
      expect(plan.stdout).toContain(
        'Plan: 0 to add, 0 to change, 29 to destroy.',
      );
      expect(run('apply', 'd.tfplan').stdout).toContain(
        'Apply complete! Resources: 0 added, 0 changed, 29 destroyed.',
      );
      expect(tf.state()).toMatchObject({ resources: [], outputs: {} });
    } finally {
      tf.configure({ outputs: undefined });
    }
  });

  it('writes only the outputs the configuration declares, when asked to, as Terraform does', () => {
    const own = createTerraformStandIn({
      plan: { file: FIXTURE },
      outputs: { a: { value: 'x' }, b: { value: 'y' } },
      outputsDeclaredOnly: true,
    });
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-tf-out-'));
    try {
      fs.writeFileSync(
        path.join(root, 'outputs.tf'),
        'output "a" {\n  value = "x"\n}\n',
      );
      const go = (...args: string[]) =>
        spawnSync(own.binary, args, { cwd: root, encoding: 'utf8' });
      expect(go('init', '-input=false').status).toBe(0);
      expect(go('plan', '-input=false', '-out=p.tfplan').status).toBe(0);
      expect(go('apply', 'p.tfplan').status).toBe(0);
      expect(JSON.parse(go('output', '-json').stdout)).toEqual({
        a: { sensitive: false, type: 'string', value: 'x' },
      });
    } finally {
      own.remove();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('records the backend init configured', () => {
    const init = tf.calls().find(c => c.argv[0] === 'init');
    expect(init?.backend).toEqual({
      type: 's3',
      config: { bucket: 'b', encrypt: true },
    });
  });

  it('installs modules as init does: under .terraform/modules, listed in modules.json', () => {
    const modules = createTerraformStandIn({
      plan: { file: FIXTURE },
      modules: {
        vpc: {
          source: 'registry.terraform.io/acme/vpc/aws',
          version: '2.1.0',
          files: { 'main.tf': 'variable "cidr" {}\n' },
        },
      },
    });
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-tf-modules-'));
    try {
      const init = spawnSync(modules.binary, ['init', '-input=false'], {
        cwd: work,
        encoding: 'utf8',
        env: { PATH: process.env.PATH },
      });
      expect(init.stdout).toContain('- vpc in .terraform/modules/vpc');
      expect(
        fs.readFileSync(
          path.join(work, '.terraform/modules/vpc/main.tf'),
          'utf8',
        ),
      ).toBe('variable "cidr" {}\n');
      expect(
        JSON.parse(
          fs.readFileSync(
            path.join(work, '.terraform/modules/modules.json'),
            'utf8',
          ),
        ),
      ).toEqual({
        Modules: [
          { Key: '', Source: '', Dir: '.' },
          {
            Key: 'vpc',
            Source: 'registry.terraform.io/acme/vpc/aws',
            Version: '2.1.0',
            Dir: '.terraform/modules/vpc',
          },
        ],
      });
    } finally {
      modules.remove();
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('plans what a program computes from the working directory and its variables', () => {
    const programDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-tf-prog-'));
    const program = path.join(programDir, 'plan.js');
    // One resource per .tf file, named after the file, tagged with a variable.
    fs.writeFileSync(
      program,
      `const fs = require('fs');
exports.planDocument = async ({ cwd, variables, options }) => ({
  format_version: '1.2',
  resource_changes: fs.readdirSync(cwd).filter(f => f.endsWith('.tf')).map(f => ({
    address: options.type + '.' + f.replace('.tf', ''),
    mode: 'managed', type: options.type, name: f.replace('.tf', ''),
    change: { actions: ['create'], before: null, after: { tags: { Owner: variables.owner.value } }, after_unknown: {} },
  })),
});
`,
    );
    const programmed = createTerraformStandIn({
      plan: {
        program: { module: program, options: { type: 'aws_sqs_queue' } },
      },
    });
    fs.writeFileSync(
      path.join(dir, 'owner.auto.tfvars.json'),
      JSON.stringify({ owner: 'payments' }),
    );
    try {
      const exec = (...args: string[]) =>
        spawnSync(programmed.binary, args, { cwd: dir, encoding: 'utf8' });
      expect(exec('init', '-input=false').status).toBe(0);
      const plan = exec('plan', '-input=false', '-out=q.tfplan');
      expect(plan.stdout).toContain('# aws_sqs_queue.main will be created');
      expect(plan.stdout).toContain(
        'Plan: 1 to add, 0 to change, 0 to destroy.',
      );
      const shown = JSON.parse(exec('show', '-json', 'q.tfplan').stdout);
      expect(shown.resource_changes[0].change.after.tags).toEqual({
        Owner: 'payments',
      });
      expect(shown.variables.owner).toEqual({ value: 'payments' });
    } finally {
      programmed.remove();
      fs.rmSync(programDir, { recursive: true, force: true });
      fs.rmSync(path.join(dir, 'owner.auto.tfvars.json'));
    }
  });

  it('generates plans of any size from a fixture, module resources included', () => {
    const doc = generatePlanDocument(1000, FIXTURE) as any;
    expect(doc.resource_changes).toHaveLength(1000);
    expect(doc.resource_changes[0].address).toBe(
      'module.unit[0].module.vpc.aws_eip.nat[0]',
    );
    expect(doc.resource_changes[999].module_address).toMatch(
      /^module\.unit\[34\]\.module\.vpc$/,
    );
  });

  it('plans refresh-only with detailed exit codes: 0 in sync, 2 drifted, 1 on error', () => {
    const exec = (...args: string[]) =>
      spawnSync(tf.binary, args, { cwd: dir, encoding: 'utf8' });
    expect(exec('init', '-input=false').status).toBe(0);
    const args = [
      'plan',
      '-refresh-only',
      '-detailed-exitcode',
      '-out=r.tfplan',
    ];
    try {
      const clean = exec(...args);
      expect(clean.status).toBe(0);
      expect(clean.stdout).toContain(
        'No changes. Your infrastructure still matches the configuration.',
      );
      expect(
        JSON.parse(exec('show', '-json', 'r.tfplan').stdout).resource_drift,
      ).toEqual([]);

      const drifted = planFixturePath(
        '06b-infracost-instance_with_attachment_after_deploy.json',
      );
      tf.configure({ drift: { fromPlan: drifted } });
      const found = exec(...args);
      expect(found.status).toBe(2);
      expect(found.stdout).toContain('# aws_instance.ec2 has changed');
      expect(found.stdout).toContain('This is a refresh-only plan');
      const shown = JSON.parse(exec('show', '-json', 'r.tfplan').stdout);
      expect(shown.resource_changes).toEqual([]);
      expect(shown.resource_drift.map((r: any) => r.address)).toEqual([
        'aws_default_subnet.default',
        'aws_instance.ec2',
      ]);
      // Without -detailed-exitcode, changes exit 0 as a plain plan does.
      expect(exec('plan', '-refresh-only', '-out=r.tfplan').status).toBe(0);

      tf.configure({ refreshError: 'No valid credential sources found' });
      const failed = exec(...args);
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain(
        'Error: No valid credential sources found',
      );

      const both = exec('plan', '-refresh-only', '-destroy', '-out=r.tfplan');
      expect(both.status).toBe(1);
      expect(both.stderr).toContain('Incompatible plan mode options');
      expect(tf.lockHeld()).toBe(false);
    } finally {
      tf.configure({ drift: undefined, refreshError: undefined });
    }
  });
});

import { loadFixture } from '../../../__testUtils__/fixtures';
import { parsePlan } from '../../../plan/parsePlan';
import { evaluatePlan, isBlocking } from '../../evaluate';
import { listRules } from '../../listRules';
import type { Finding } from '../../types';

/**
 * A plan as Terraform 1.9 prints it (`terraform show -json`) for a root
 * module that reads the commit with `data "external"` and the network
 * layer's state, bootstraps with two local-exec provisioners, and calls a
 * local module whose instance is configured over SSH.
 */
const PLAN = {
  format_version: '1.2',
  terraform_version: '1.9.5',
  planned_values: {
    root_module: {
      resources: [
        {
          address: 'terraform_data.bootstrap',
          mode: 'managed',
          type: 'terraform_data',
          name: 'bootstrap',
          provider_name: 'terraform.io/builtin/terraform',
          schema_version: 0,
          values: { input: null, triggers_replace: null },
          sensitive_values: {},
        },
      ],
      child_modules: [
        {
          address: 'module.hosts',
          resources: [
            {
              address: 'module.hosts.aws_instance.web',
              mode: 'managed',
              type: 'aws_instance',
              name: 'web',
              provider_name: 'registry.terraform.io/hashicorp/aws',
              schema_version: 1,
              values: {
                ami: 'ami-0abcdef1234567890',
                instance_type: 't3.micro',
              },
              sensitive_values: {},
            },
          ],
        },
      ],
    },
  },
  resource_changes: [
    {
      address: 'terraform_data.bootstrap',
      mode: 'managed',
      type: 'terraform_data',
      name: 'bootstrap',
      provider_name: 'terraform.io/builtin/terraform',
      change: {
        actions: ['create'],
        before: null,
        after: { input: null, triggers_replace: null },
        after_unknown: { id: true, output: true },
        before_sensitive: false,
        after_sensitive: {},
      },
    },
    {
      address: 'module.hosts.aws_instance.web',
      module_address: 'module.hosts',
      mode: 'managed',
      type: 'aws_instance',
      name: 'web',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: ['create'],
        before: null,
        after: { ami: 'ami-0abcdef1234567890', instance_type: 't3.micro' },
        after_unknown: { id: true, arn: true },
        before_sensitive: false,
        after_sensitive: {},
      },
    },
  ],
  prior_state: {
    format_version: '1.0',
    terraform_version: '1.9.5',
    values: {
      root_module: {
        resources: [
          {
            address: 'data.external.git',
            mode: 'data',
            type: 'external',
            name: 'git',
            provider_name: 'registry.terraform.io/hashicorp/external',
            schema_version: 0,
            values: {
              id: '-',
              program: ['sh', '-c', 'git rev-parse HEAD'],
              query: null,
              result: { sha: '4f6aa4a' },
              working_dir: null,
            },
            sensitive_values: { program: [false, false, false], result: {} },
          },
        ],
      },
    },
  },
  configuration: {
    provider_config: {
      aws: {
        name: 'aws',
        full_name: 'registry.terraform.io/hashicorp/aws',
      },
      external: {
        name: 'external',
        full_name: 'registry.terraform.io/hashicorp/external',
      },
    },
    root_module: {
      resources: [
        {
          address: 'terraform_data.bootstrap',
          mode: 'managed',
          type: 'terraform_data',
          name: 'bootstrap',
          provider_config_key: 'terraform',
          provisioners: [
            {
              type: 'local-exec',
              expressions: { command: { constant_value: './bootstrap.sh' } },
            },
            {
              type: 'local-exec',
              expressions: {
                command: { references: ['data.external.git.result.sha'] },
              },
            },
          ],
          schema_version: 0,
        },
        {
          address: 'data.external.git',
          mode: 'data',
          type: 'external',
          name: 'git',
          provider_config_key: 'external',
          expressions: {
            program: { constant_value: ['sh', '-c', 'git rev-parse HEAD'] },
          },
          schema_version: 0,
        },
        {
          address: 'data.terraform_remote_state.network',
          mode: 'data',
          type: 'terraform_remote_state',
          name: 'network',
          provider_config_key: 'terraform',
          expressions: {
            backend: { constant_value: 's3' },
            config: {
              constant_value: {
                bucket: 'acme-tfstate-prod',
                key: 'platform/prod/network.tfstate',
                region: 'eu-west-1',
              },
            },
          },
          schema_version: 0,
        },
      ],
      module_calls: {
        hosts: {
          source: './modules/hosts',
          module: {
            resources: [
              {
                address: 'aws_instance.web',
                mode: 'managed',
                type: 'aws_instance',
                name: 'web',
                provider_config_key: 'aws',
                provisioners: [
                  {
                    type: 'file',
                    expressions: {
                      source: { constant_value: 'app.conf' },
                      destination: { constant_value: '/etc/app.conf' },
                    },
                  },
                  {
                    type: 'remote-exec',
                    expressions: {
                      inline: {
                        constant_value: ['sudo systemctl restart app'],
                      },
                    },
                  },
                ],
                expressions: {
                  ami: { constant_value: 'ami-0abcdef1234567890' },
                  instance_type: { constant_value: 't3.micro' },
                },
                schema_version: 1,
              },
            ],
          },
        },
      },
    },
  },
};

const NOW = new Date('2026-11-22T00:00:00Z');

function ours(findings: Finding[]) {
  return findings
    .filter(f => f.ruleId.startsWith('GW-TF-'))
    .map(f => ({
      ruleId: f.ruleId,
      address: f.address,
      verdict: f.verdict,
      severity: f.severity,
    }));
}

describe('the Terraform code-execution rules (GW-TF)', () => {
  it('flag external and remote-state data sources and exec provisioners, in every module', () => {
    const { findings, summary } = evaluatePlan(
      parsePlan(JSON.stringify(PLAN)),
      {
        environment: 'dev',
        now: NOW,
      },
    );
    expect(ours(findings)).toEqual([
      {
        ruleId: 'GW-TF-001',
        address: 'data.external.git',
        verdict: 'fail',
        severity: 'critical',
      },
      {
        ruleId: 'GW-TF-002',
        address: 'terraform_data.bootstrap',
        verdict: 'fail',
        severity: 'high',
      },
      {
        ruleId: 'GW-TF-003',
        address: 'module.hosts.aws_instance.web',
        verdict: 'fail',
        severity: 'high',
      },
      {
        ruleId: 'GW-TF-004',
        address: 'data.terraform_remote_state.network',
        verdict: 'fail',
        severity: 'medium',
      },
    ]);
    const local = findings.find(f => f.ruleId === 'GW-TF-002')!;
    expect(local.message).toBe(
      'terraform_data.bootstrap has 2 local-exec provisioners: a shell command on the machine that runs Terraform.',
    );
    // A program run during the plan is critical: it blocks even in dev.
    expect(summary).toMatchObject({ threshold: 'critical', blocking: true });
  });

  it('blocks exec provisioners in production, where the threshold is high', () => {
    const withoutExternal = structuredClone(PLAN);
    withoutExternal.configuration.root_module.resources =
      withoutExternal.configuration.root_module.resources.filter(
        r => r.type !== 'external',
      );
    withoutExternal.prior_state.values.root_module.resources = [];
    const plan = parsePlan(JSON.stringify(withoutExternal));
    const blockingOf = (environment: string) => {
      const { findings, summary } = evaluatePlan(plan, {
        environment,
        now: NOW,
      });
      return findings
        .filter(f => f.ruleId.startsWith('GW-TF-'))
        .filter(f => isBlocking(f, summary.threshold, summary.unknownBlocks))
        .map(f => f.ruleId);
    };
    expect(blockingOf('dev')).toEqual([]);
    expect(blockingOf('prod')).toEqual(['GW-TF-002', 'GW-TF-003']);
  });

  it('finds a data source read during apply in a plan printed without its configuration', () => {
    const bare = {
      format_version: '0.1',
      terraform_version: '0.12.23',
      resource_changes: [
        {
          address: 'module.meta.data.external.caller',
          module_address: 'module.meta',
          mode: 'data',
          type: 'external',
          name: 'caller',
          provider_name: 'external',
          change: {
            actions: ['read'],
            before: null,
            after: { program: ['./whoami.sh'] },
            after_unknown: { id: true, result: true },
          },
        },
      ],
    };
    const { findings } = evaluatePlan(parsePlan(JSON.stringify(bare)), {
      environment: 'dev',
      now: NOW,
    });
    expect(ours(findings)).toEqual([
      {
        ruleId: 'GW-TF-001',
        address: 'module.meta.data.external.caller',
        verdict: 'fail',
        severity: 'critical',
      },
    ]);
  });

  it("finds TerraGoat's local-exec image push in a real plan", () => {
    const { findings } = evaluatePlan(
      loadFixture('01-checkov-terragoat-tfplan.json'),
      { environment: 'prod', now: NOW },
    );
    expect(ours(findings)).toEqual([
      {
        ruleId: 'GW-TF-002',
        address: 'null_resource.push_image',
        verdict: 'fail',
        severity: 'high',
      },
    ]);
  });

  it('says nothing about a plan without such constructs', () => {
    const { findings } = evaluatePlan(
      loadFixture('07-tfcompliance-vpc-module-3nat-eu-west-1-plan.json'),
      { environment: 'prod', now: NOW },
    );
    expect(ours(findings)).toEqual([]);
  });

  it('can be waived like any rule, for a stated reason and a limited time', () => {
    const { findings } = evaluatePlan(parsePlan(JSON.stringify(PLAN)), {
      environment: 'prod',
      now: NOW,
      policy: {
        version: 1,
        waivers: [
          {
            rule: 'GW-TF-004',
            resource: 'data.terraform_remote_state.network',
            reason: 'The network layer publishes no parameters yet',
            owner: 'group:default/platform',
            expires: '2026-12-31',
          },
        ],
      },
    });
    expect(findings.find(f => f.ruleId === 'GW-TF-004')).toMatchObject({
      verdict: 'waived',
      waivedVerdict: 'fail',
    });
  });

  it('are listed with rationale and remediation, as Terraform rules', () => {
    const rules = listRules().filter(r => r.id.startsWith('GW-TF-'));
    expect(rules.map(r => [r.id, r.severity, r.provider])).toEqual([
      ['GW-TF-001', 'critical', 'terraform'],
      ['GW-TF-002', 'high', 'terraform'],
      ['GW-TF-003', 'high', 'terraform'],
      ['GW-TF-004', 'medium', 'terraform'],
    ]);
    for (const rule of rules) {
      expect(rule.rationale.length).toBeGreaterThan(80);
      expect(rule.remediation.text).toMatch(/\w/);
      expect(rule.remediation.terraform).toMatch(/\w/);
      expect(rule.references.docs[0]).toMatch(/^https:\/\//);
    }
  });
});

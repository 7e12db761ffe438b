import type { ConfigResource } from '../../../plan/configIndex';
import type { PlanSubjectOutcome, RuleContext } from '../../types';
import { fail, planRule } from '../helpers';

/**
 * Rules on what a configuration makes Terraform run or read beyond its own
 * resources: programs on the machine that runs Terraform, commands on other
 * hosts, other configurations' state. They read the plan's `configuration`
 * (where provisioners and data sources are written down), so they judge
 * every module, whichever resources the plan happens to change.
 */

/** Module-qualified address of a block: `module.net.data.external.x`. */
function blockAddress(modulePath: string, address: string): string {
  return modulePath ? `${modulePath}.${address}` : address;
}

/**
 * Every data source of `type`: from the configuration, and from the plan's
 * resources for a plan printed without one (older formats).
 */
function dataSourcesOf(
  ctx: RuleContext,
  type: string,
): Array<{ address: string }> {
  const found = new Map<string, { address: string }>();
  for (const module of ctx.plan.config.allModules()) {
    for (const block of module.resources.values()) {
      if (block.mode === 'data' && block.type === type) {
        const address = blockAddress(module.path, block.address);
        found.set(address, { address });
      }
    }
  }
  for (const r of ctx.plan.byType.get(type) ?? []) {
    if (r.mode !== 'data') continue;
    const address = blockAddress(r.configModulePath, r.configAddress);
    if (!found.has(address)) found.set(address, { address });
  }
  return [...found.values()];
}

/** Every resource block with a provisioner of `type`, and how many it has. */
function provisionedBy(
  ctx: RuleContext,
  type: string,
): Array<{ address: string; block: ConfigResource; count: number }> {
  const out = [];
  for (const module of ctx.plan.config.allModules()) {
    for (const block of module.resources.values()) {
      const count = block.provisioners.filter(p => p.type === type).length;
      if (count > 0) {
        out.push({
          address: blockAddress(module.path, block.address),
          block,
          count,
        });
      }
    }
  }
  return out;
}

export const externalDataSource = planRule(
  {
    id: 'GW-TF-001',
    title: 'No external data sources',
    severity: 'critical',
    resourceTypes: ['data.external'],
    rationale:
      'A `data "external"` block runs a program on the machine that runs Terraform while it ' +
      'plans, before any review or gate, with that machine’s credentials, environment and ' +
      'network. Whoever can change the configuration can run anything there.',
    remediation: {
      text:
        'Read the value with a provider data source, or compute it in the pipeline before ' +
        'Terraform runs and pass it in as a variable.',
      terraform: [
        '# Instead of data "external" "git_sha" { program = ["sh", "-c", "..."] }',
        'variable "git_sha" {',
        '  type        = string',
        '  description = "Commit being deployed, passed in by the pipeline."',
        '}',
      ].join('\n'),
    },
    references: {
      docs: [
        'https://registry.terraform.io/providers/hashicorp/external/latest/docs/data-sources/external',
      ],
    },
  },
  ctx =>
    dataSourcesOf(ctx, 'external').map(
      ({ address }): PlanSubjectOutcome => ({
        address,
        resourceType: 'data.external',
        action: 'read',
        ...fail(
          `${address} runs a program on the machine that runs Terraform, during the plan.`,
        ),
      }),
    ),
);

export const localExecProvisioner = planRule(
  {
    id: 'GW-TF-002',
    title: 'No local-exec provisioners',
    severity: 'high',
    resourceTypes: ['provisioner.local-exec'],
    rationale:
      'A `local-exec` provisioner runs a shell command on the machine that runs Terraform, with ' +
      'its credentials, when the resource is created (or destroyed). The plan does not show what ' +
      'the command will do, so neither the policy gate nor a reviewer can judge it.',
    remediation: {
      text:
        'Manage the effect with a provider resource, or run the command as its own pipeline step ' +
        'after the apply, where it is reviewed and logged as such.',
      terraform: [
        '# Instead of provisioner "local-exec" { command = "aws s3 cp ..." }',
        'resource "aws_s3_object" "config" {',
        '  bucket = aws_s3_bucket.app.id',
        '  key    = "config.json"',
        '  source = "${path.module}/config.json"',
        '}',
      ].join('\n'),
    },
    references: {
      docs: [
        'https://developer.hashicorp.com/terraform/language/resources/provisioners/local-exec',
      ],
    },
  },
  ctx =>
    provisionedBy(ctx, 'local-exec').map(({ address, block, count }) => ({
      address,
      resourceType: block.type,
      ...fail(
        `${address} has ${
          count === 1
            ? 'a local-exec provisioner'
            : `${count} local-exec provisioners`
        }: a shell command on the machine that runs Terraform.`,
      ),
    })),
);

export const remoteExecProvisioner = planRule(
  {
    id: 'GW-TF-003',
    title: 'No remote-exec provisioners',
    severity: 'high',
    resourceTypes: ['provisioner.remote-exec'],
    rationale:
      'A `remote-exec` provisioner logs in to the new machine over SSH or WinRM and runs ' +
      'commands there: the configuration has to carry a login credential, the machine has to ' +
      'accept logins from wherever Terraform runs, and what runs is invisible in the plan.',
    remediation: {
      text:
        'Configure the machine at boot (user data, cloud-init) or bake an image (Packer), and ' +
        'keep administrative ports closed.',
      terraform: [
        'resource "aws_instance" "web" {',
        '  # ...',
        '  user_data = file("${path.module}/cloud-init.yaml")',
        '}',
      ].join('\n'),
    },
    references: {
      docs: [
        'https://developer.hashicorp.com/terraform/language/resources/provisioners/remote-exec',
      ],
    },
  },
  ctx =>
    provisionedBy(ctx, 'remote-exec').map(({ address, block, count }) => ({
      address,
      resourceType: block.type,
      ...fail(
        `${address} has ${
          count === 1
            ? 'a remote-exec provisioner'
            : `${count} remote-exec provisioners`
        }: commands run on a remote host over SSH or WinRM.`,
      ),
    })),
);

export const remoteStateDataSource = planRule(
  {
    id: 'GW-TF-004',
    title: 'No terraform_remote_state data sources',
    severity: 'medium',
    resourceTypes: ['data.terraform_remote_state'],
    rationale:
      'Reading another configuration’s state needs read access to all of it, and the state ' +
      'holds every value that configuration knows, secrets included. It also ties this ' +
      'configuration to the other one’s backend, layout and outputs.',
    remediation: {
      text:
        'Have the other configuration publish what it shares (an SSM parameter, a Secret ' +
        'Manager entry, a DNS record) and read that with a data source, or pass it in as a ' +
        'variable.',
      terraform: [
        '# Instead of data "terraform_remote_state" "network" { ... }',
        'data "aws_ssm_parameter" "vpc_id" {',
        '  name = "/platform/prod/network/vpc-id"',
        '}',
      ].join('\n'),
    },
    references: {
      docs: [
        'https://developer.hashicorp.com/terraform/language/state/remote-state-data',
      ],
    },
  },
  ctx =>
    dataSourcesOf(ctx, 'terraform_remote_state').map(({ address }) => ({
      address,
      resourceType: 'data.terraform_remote_state',
      action: 'read' as const,
      ...fail(
        `${address} reads another configuration's state, with every value in it.`,
      ),
    })),
);

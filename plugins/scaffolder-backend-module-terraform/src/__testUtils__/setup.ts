import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { InfrastructureRunReport } from '@groundwork/plugin-platform-status-common';
import type { PlatformStatusService } from '@groundwork/plugin-platform-status-node';
import { planFixturePath } from '@groundwork/stand-in-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const fixture = planFixturePath;

/** 07: a VPC with three NAT gateways; passes the policy everywhere, about 116 USD/month. */
export const PASSING_PLAN = fixture(
  '07-tfcompliance-vpc-module-3nat-eu-west-1-plan.json',
);
/** 01: TerraGoat, five critical failures. */
export const CRITICAL_PLAN = fixture('01-checkov-terragoat-tfplan.json');
/** 04: three high failures: passes in dev, blocks in prod. */
export const HIGH_PLAN = fixture('04-infracost-example_plan.json');

export const SECRET = 's3cr3t-Pa55word!"quoted"';
export const DERIVED_SECRET = 'Zq8kDerivedMasterPassw0rd';
export const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/**
 * The passing fixture with values Terraform marks sensitive: an SSM
 * parameter holding the secret variable's value and a generated password.
 */
export function sensitivePlanFile(dir: string): string {
  const doc = JSON.parse(fs.readFileSync(PASSING_PLAN, 'utf8'));
  const extra = [
    {
      address: 'aws_ssm_parameter.db_password',
      type: 'aws_ssm_parameter',
      name: 'db_password',
      values: {
        name: '/payments/db_password',
        type: 'SecureString',
        value: SECRET,
        tags: { Owner: 'team-a', Environment: 'dev' },
      },
      sensitive: { value: true },
    },
    {
      address: 'random_password.master',
      type: 'random_password',
      name: 'master',
      values: { length: 24, result: DERIVED_SECRET },
      sensitive: { result: true },
    },
  ];
  for (const r of extra) {
    doc.resource_changes.push({
      address: r.address,
      mode: 'managed',
      type: r.type,
      name: r.name,
      provider_name: r.type.startsWith('aws') ? 'aws' : 'random',
      change: {
        actions: ['create'],
        before: null,
        after: r.values,
        after_unknown: { id: true },
        before_sensitive: false,
        after_sensitive: r.sensitive,
      },
    });
    doc.planned_values.root_module.resources =
      doc.planned_values.root_module.resources ?? [];
    doc.planned_values.root_module.resources.push({
      address: r.address,
      mode: 'managed',
      type: r.type,
      name: r.name,
      provider_name: r.type.startsWith('aws') ? 'aws' : 'random',
      schema_version: 0,
      values: r.values,
      sensitive_values: r.sensitive,
    });
  }
  doc.planned_values.outputs = {
    ...doc.planned_values.outputs,
    vpc_name: { sensitive: false, value: 'payments-vpc' },
    master_password: { sensitive: true, value: DERIVED_SECRET },
  };
  const file = path.join(dir, 'sensitive-plan.json');
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
}

export const MAIN_TF = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

variable "service_name" {
  type = string
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = null
}
`;

/** A task workspace with Terraform code in infra/. */
export function makeWorkspace(
  files: Record<string, string> = { 'infra/main.tf': MAIN_TF },
) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-ws-'));
  const workspace = path.join(root, 'workspace');
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(workspace, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  fs.mkdirSync(workspace, { recursive: true });
  return {
    root,
    workspace,
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

export const S3_BACKEND = {
  type: 's3',
  settings: {
    bucket: 'acme-tfstate',
    key: '{kind}/{namespace}/{name}/{environment}/{workingDirectory}.tfstate',
    region: 'eu-west-1',
    encrypt: true,
    use_lockfile: true,
  },
};

export function makeConfig(
  terraform: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return new ConfigReader({
    app: { baseUrl: 'http://portal.example.com' },
    groundwork: {
      environments: [
        { name: 'dev', monthlyBudget: 500 },
        { name: 'staging', monthlyBudget: 100 },
        { name: 'prod', production: true, monthlyBudget: 1000 },
        // No state backend in terraform.environments: local state only.
        { name: 'preview', monthlyBudget: 50 },
      ],
    },
    terraform: {
      timeouts: { cancelGraceSeconds: 2 },
      environments: {
        dev: { backend: S3_BACKEND },
        staging: { backend: S3_BACKEND },
        prod: { backend: S3_BACKEND },
      },
      ...terraform,
    },
    ...extra,
  });
}

/** platform-status stand-in: records every report, and whom it was sent for. */
export function recordingPlatformStatus(options: { fail?: boolean } = {}) {
  const reports: InfrastructureRunReport[] = [];
  const onBehalfOf: Array<BackstageCredentials | undefined> = [];
  const service: PlatformStatusService = {
    async reportInfrastructureRun(report, sent) {
      reports.push(JSON.parse(JSON.stringify(report)));
      onBehalfOf.push(sent?.onBehalfOf);
      if (options.fail) throw new Error('platform-status answered 503');
    },
  };
  return { service, reports, onBehalfOf };
}

/** A logger that keeps every message, for assertions on the task log. */
export function recordingLogger() {
  const messages: Array<{ level: string; message: string }> = [];
  const logger: LoggerService = {
    info: m => void messages.push({ level: 'info', message: m }),
    warn: m => void messages.push({ level: 'warn', message: m }),
    error: m => void messages.push({ level: 'error', message: m }),
    debug: m => void messages.push({ level: 'debug', message: m }),
    child: () => logger,
  };
  return {
    logger,
    messages,
    text: () => messages.map(m => m.message).join('\n'),
  };
}

/** Every file under a directory with its text, to search for secrets. */
export function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(out, filesUnder(full));
    else if (entry.isFile()) out[full] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

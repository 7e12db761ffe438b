import type { JsonObject, PlanResource } from '../../../../plan/types';
import { asObject, blocks } from '../../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../../types';
import {
  expectAttribute,
  fail,
  hiddenUntilApply,
  isFalse,
  isTrue,
  notApplicable,
  pass,
  resourceRule,
  unknown,
} from '../../helpers';
import {
  blocksOf,
  docsOf,
  firstBlock,
  hcl,
  jsonDocument,
  presence,
  principalIsEveryone,
  referencesOf,
  statementsOf,
} from './support';

const CODEBUILD = ['aws_codebuild_project'];
const CODEBUILD_DOCS = [docsOf('aws_codebuild_project')];

export const codebuildArtifactEncryption = resourceRule(
  {
    id: 'GW-AWS-134',
    title: 'CodeBuild artifacts are encrypted',
    severity: 'medium',
    resourceTypes: CODEBUILD,
    rationale:
      'Build artifacts hold compiled code and often embedded configuration; encryption_disabled stores them ' +
      'in S3 without encryption.',
    remediation: {
      text: 'Remove encryption_disabled (or set it to false) on artifacts and secondary_artifacts.',
      terraform: hcl(
        'resource "aws_codebuild_project" "app" {',
        '  # ...',
        '  artifacts {',
        '    type                = "S3"',
        '    location            = aws_s3_bucket.artifacts.bucket',
        '    encryption_disabled = false',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_78'], docs: CODEBUILD_DOCS },
  },
  (project, ctx) => {
    for (const name of ['artifacts', 'secondary_artifacts']) {
      const list = blocksOf(ctx, project, [name]);
      if (list === 'hidden') return hiddenUntilApply(name);
      const plain = list.findIndex(
        a =>
          a.type !== 'NO_ARTIFACTS' && isTrue(a.encryption_disabled ?? false),
      );
      if (plain >= 0)
        return fail(
          `${name}[${plain}].encryption_disabled is true; artifacts are stored unencrypted.`,
        );
    }
    return pass('Artifacts are encrypted (encryption_disabled is not set).');
  },
);

/** `logs_config[0].<kind>[0]`, or undefined when the block is absent. */
function logsOf(
  project: PlanResource,
  ctx: RuleContext,
  kind: 'cloudwatch_logs' | 's3_logs',
): JsonObject | undefined | 'hidden' {
  const logs = firstBlock(ctx, project, ['logs_config']);
  if (logs === 'hidden') return logs;
  return blocks(logs?.[kind])[0];
}

export const codebuildS3LogEncryption = resourceRule(
  {
    id: 'GW-AWS-135',
    title: 'CodeBuild S3 build logs are encrypted',
    severity: 'medium',
    resourceTypes: CODEBUILD,
    rationale:
      'Build logs echo environment values, dependency URLs and sometimes credentials; stored in S3 they ' +
      'must be encrypted like any other sensitive object.',
    remediation: {
      text: 'Remove encryption_disabled (or set it to false) in logs_config.s3_logs.',
      terraform: hcl(
        'resource "aws_codebuild_project" "app" {',
        '  # ...',
        '  logs_config {',
        '    s3_logs {',
        '      status              = "ENABLED"',
        '      location            = "${aws_s3_bucket.build_logs.id}/app"',
        '      encryption_disabled = false',
        '    }',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_311'], docs: CODEBUILD_DOCS },
  },
  (project, ctx) => {
    const s3 = logsOf(project, ctx, 's3_logs');
    if (s3 === 'hidden') return hiddenUntilApply('logs_config');
    if (!s3 || s3.status !== 'ENABLED')
      return notApplicable('Build logs are not written to S3.');
    return isTrue(s3.encryption_disabled ?? false)
      ? fail(
          'logs_config.s3_logs.encryption_disabled is true; S3 build logs are unencrypted.',
        )
      : pass('S3 build logs are encrypted.');
  },
);

export const codebuildLogging = resourceRule(
  {
    id: 'GW-AWS-136',
    title: 'CodeBuild projects keep build logs',
    severity: 'medium',
    resourceTypes: CODEBUILD,
    rationale:
      'Build logs show what a build fetched and ran; with both CloudWatch and S3 logging off, a ' +
      'compromised build step leaves no record.',
    remediation: {
      text: 'Keep logs_config.cloudwatch_logs enabled (the default) or enable s3_logs.',
      terraform: hcl(
        'resource "aws_codebuild_project" "app" {',
        '  # ...',
        '  logs_config {',
        '    cloudwatch_logs {',
        '      status     = "ENABLED"',
        '      group_name = aws_cloudwatch_log_group.builds.name',
        '    }',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_314'], docs: CODEBUILD_DOCS },
  },
  (project, ctx) => {
    const cw = logsOf(project, ctx, 'cloudwatch_logs');
    const s3 = logsOf(project, ctx, 's3_logs');
    if (cw === 'hidden' || s3 === 'hidden')
      return hiddenUntilApply('logs_config');
    // CloudWatch logging is on unless its status says DISABLED; S3 is off by default.
    if ((cw?.status ?? 'ENABLED') !== 'DISABLED')
      return pass(
        cw
          ? 'Build logs go to CloudWatch.'
          : 'Build logs go to CloudWatch (provider default).',
      );
    if (s3?.status === 'ENABLED') return pass('Build logs go to S3.');
    return fail(
      'No build logs: logs_config.cloudwatch_logs.status is DISABLED and s3_logs is not ENABLED.',
    );
  },
);

export const codebuildPrivileged = resourceRule(
  {
    id: 'GW-AWS-137',
    title: 'CodeBuild environments do not run in privileged mode',
    severity: 'medium',
    resourceTypes: CODEBUILD,
    rationale:
      'Privileged mode gives the build container root access to the host’s Docker daemon, so a malicious ' +
      'dependency in the build can escape the container. Only image builds need it.',
    remediation: {
      text: 'Set environment.privileged_mode = false, or build images with a daemonless builder (kaniko, buildah).',
      terraform: hcl(
        'resource "aws_codebuild_project" "app" {',
        '  # ...',
        '  environment {',
        '    compute_type    = "BUILD_GENERAL1_SMALL"',
        '    image           = "aws/codebuild/standard:7.0"',
        '    type            = "LINUX_CONTAINER"',
        '    privileged_mode = false',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_316'], docs: CODEBUILD_DOCS },
  },
  (project, ctx) =>
    expectAttribute(ctx, project, ['environment', 0, 'privileged_mode'], {
      label: 'environment.privileged_mode',
      compliant: v => v === null || isFalse(v),
      passMessage: 'The build runs unprivileged',
      failMessage:
        'The build runs privileged: environment.privileged_mode is true',
      providerDefault: false,
    }),
);

const ECS_CLUSTER = ['aws_ecs_cluster'];
const CLUSTER_DOCS = [docsOf('aws_ecs_cluster')];

export const ecsContainerInsights = resourceRule(
  {
    id: 'GW-AWS-138',
    title: 'ECS clusters have Container Insights enabled',
    severity: 'low',
    resourceTypes: ECS_CLUSTER,
    rationale:
      'Container Insights gives per-service and per-task CPU, memory and restart metrics; without it a ' +
      'crash-looping task is noticed by users first.',
    remediation: {
      text: 'Add a setting block containerInsights = enabled (or enhanced).',
      terraform: hcl(
        'resource "aws_ecs_cluster" "main" {',
        '  name = "main"',
        '  setting {',
        '    name  = "containerInsights"',
        '    value = "enabled"',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_65'], docs: CLUSTER_DOCS },
  },
  (cluster, ctx) => {
    const settings = blocksOf(ctx, cluster, ['setting']);
    if (settings === 'hidden') return hiddenUntilApply('setting');
    const insights = settings.find(s => s.name === 'containerInsights');
    if (!insights)
      return fail(
        'Container Insights is off: no setting named containerInsights.',
      );
    return insights.value === 'enabled' || insights.value === 'enhanced'
      ? pass(`setting containerInsights is ${insights.value}.`)
      : fail(
          `setting containerInsights is ${String(
            insights.value,
          )}; set enabled.`,
        );
  },
);

/** `configuration[0].execute_command_configuration[0]`. */
function execConfig(
  cluster: PlanResource,
  ctx: RuleContext,
): JsonObject | undefined | 'hidden' {
  const conf = firstBlock(ctx, cluster, ['configuration']);
  if (conf === 'hidden') return conf;
  return blocks(conf?.execute_command_configuration)[0];
}

export const ecsExecLogging = resourceRule(
  {
    id: 'GW-AWS-139',
    title: 'ECS Exec sessions are logged',
    severity: 'medium',
    resourceTypes: ECS_CLUSTER,
    rationale:
      'ECS Exec opens a shell in a running container; the session log is the record of what an operator, ' +
      'or an attacker with their credentials, typed there.',
    remediation: {
      text: 'Leave execute_command_configuration.logging at DEFAULT, or OVERRIDE with a log_configuration; never NONE.',
      terraform: hcl(
        'resource "aws_ecs_cluster" "main" {',
        '  name = "main"',
        '  configuration {',
        '    execute_command_configuration {',
        '      logging = "OVERRIDE"',
        '      log_configuration {',
        '        cloud_watch_log_group_name     = aws_cloudwatch_log_group.exec.name',
        '        cloud_watch_encryption_enabled = true',
        '      }',
        '    }',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_223'], docs: CLUSTER_DOCS },
  },
  (cluster, ctx) => {
    const exec = execConfig(cluster, ctx);
    if (exec === 'hidden') return hiddenUntilApply('configuration');
    const logging = exec?.logging ?? 'DEFAULT';
    return logging === 'NONE'
      ? fail(
          'ECS Exec sessions are not logged: execute_command_configuration.logging is NONE.',
        )
      : pass(`execute_command_configuration.logging is ${String(logging)}.`);
  },
);

export const ecsExecEncryption = resourceRule(
  {
    id: 'GW-AWS-140',
    title:
      'ECS Exec sessions and their logs are encrypted with a customer-managed key',
    severity: 'medium',
    resourceTypes: ECS_CLUSTER,
    rationale:
      'An exec session carries whatever an operator types and sees, secrets included; a customer-managed ' +
      'key encrypts the session data, and the session log destination should be encrypted as well.',
    remediation: {
      text: 'Set execute_command_configuration.kms_key_id and, with logging OVERRIDE, enable encryption of the log destination.',
      terraform: hcl(
        'resource "aws_ecs_cluster" "main" {',
        '  name = "main"',
        '  configuration {',
        '    execute_command_configuration {',
        '      kms_key_id = aws_kms_key.exec.arn',
        '      logging    = "OVERRIDE"',
        '      log_configuration {',
        '        cloud_watch_log_group_name     = aws_cloudwatch_log_group.exec.name',
        '        cloud_watch_encryption_enabled = true',
        '      }',
        '    }',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_224'], docs: CLUSTER_DOCS },
  },
  (cluster, ctx) => {
    const exec = execConfig(cluster, ctx);
    if (exec === 'hidden') return hiddenUntilApply('configuration');
    if (!exec)
      return notApplicable('ECS Exec is not configured on the cluster.');
    if (exec.logging === 'NONE')
      return notApplicable('ECS Exec logging is off (judged by GW-AWS-139).');
    const keyHidden = presence(ctx, cluster, [
      'configuration',
      0,
      'execute_command_configuration',
      0,
      'kms_key_id',
    ]);
    if (keyHidden !== 'set')
      return fail(
        'execute_command_configuration.kms_key_id is not set; set a customer-managed key.',
      );
    if (exec.logging === 'OVERRIDE') {
      const log = blocks(exec.log_configuration)[0] ?? {};
      if (
        !isTrue(log.cloud_watch_encryption_enabled ?? false) &&
        !isTrue(log.s3_bucket_encryption_enabled ?? false)
      )
        return fail(
          'log_configuration encrypts neither destination: set cloud_watch_encryption_enabled or s3_bucket_encryption_enabled.',
        );
    }
    return pass(
      'ECS Exec sessions use kms_key_id and their logs are encrypted.',
    );
  },
);

const ECS_SERVICE = ['aws_ecs_service'];
const SERVICE_DOCS = [docsOf('aws_ecs_service')];

export const ecsFargateLatest = resourceRule(
  {
    id: 'GW-AWS-141',
    title: 'ECS Fargate services run on the latest platform version',
    severity: 'low',
    resourceTypes: ECS_SERVICE,
    rationale:
      'Older Fargate platform versions miss kernel and runtime fixes; pinning one freezes the service on ' +
      'it until someone remembers to move the pin.',
    remediation: {
      text: 'Leave platform_version unset or set it to LATEST.',
      terraform: hcl(
        'resource "aws_ecs_service" "api" {',
        '  # ...',
        '  launch_type      = "FARGATE"',
        '  platform_version = "LATEST"',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_332'], docs: SERVICE_DOCS },
  },
  (service, ctx) => {
    const launch = ctx.read(service, ['launch_type']);
    if (launch.state === 'known' && launch.value !== 'FARGATE')
      return notApplicable('Not a Fargate launch type.');
    return expectAttribute(ctx, service, ['platform_version'], {
      label: 'platform_version',
      compliant: v => v === null || v === 'LATEST',
      passMessage: 'The service follows the latest Fargate platform',
      failMessage: 'platform_version is pinned to an older release; set LATEST',
      providerDefault: 'LATEST',
    });
  },
);

export const ecsNoPublicIp = resourceRule(
  {
    id: 'GW-AWS-142',
    title: 'ECS services do not assign public IP addresses',
    severity: 'high',
    resourceTypes: ECS_SERVICE,
    rationale:
      'A task with a public IP is reachable from the internet whenever its security group allows it; ' +
      'tasks belong in private subnets behind a load balancer, with a NAT gateway or endpoints for egress.',
    remediation: {
      text: 'Set network_configuration.assign_public_ip = false and run tasks in private subnets.',
      terraform: hcl(
        'resource "aws_ecs_service" "api" {',
        '  # ...',
        '  network_configuration {',
        '    subnets          = aws_subnet.private[*].id',
        '    security_groups  = [aws_security_group.api.id]',
        '    assign_public_ip = false',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_333'], docs: SERVICE_DOCS },
  },
  (service, ctx) =>
    expectAttribute(
      ctx,
      service,
      ['network_configuration', 0, 'assign_public_ip'],
      {
        label: 'network_configuration.assign_public_ip',
        compliant: v => v === null || isFalse(v),
        passMessage: 'Tasks get no public IP',
        failMessage:
          'Tasks get public IPs: network_configuration.assign_public_ip is true',
        providerDefault: false,
      },
    ),
);

const TASK_DEF = ['aws_ecs_task_definition'];
const TASK_DOCS = [docsOf('aws_ecs_task_definition')];

export const ecsSeparateRoles = resourceRule(
  {
    id: 'GW-AWS-143',
    title: 'ECS task definitions use different execution and task roles',
    severity: 'medium',
    resourceTypes: TASK_DEF,
    rationale:
      'The execution role pulls images and reads secrets for the agent; the task role is what the ' +
      'application code gets. One role for both hands the application every secret the agent may read.',
    remediation: {
      text: 'Give execution_role_arn and task_role_arn separate roles.',
      terraform: hcl(
        'resource "aws_ecs_task_definition" "api" {',
        '  # ...',
        '  execution_role_arn = aws_iam_role.api_execution.arn',
        '  task_role_arn      = aws_iam_role.api_task.arn',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_249'], docs: TASK_DOCS },
  },
  (task, ctx) => {
    const exec = ctx.read(task, ['execution_role_arn']);
    const role = ctx.read(task, ['task_role_arn']);
    if (
      (exec.state === 'known' && exec.value === null) ||
      (role.state === 'known' && role.value === null)
    )
      return notApplicable('The task definition does not set both roles.');
    if (exec.state === 'known' && role.state === 'known')
      return exec.value === role.value
        ? fail(
            'execution_role_arn and task_role_arn are the same role; split them.',
          )
        : pass('execution_role_arn and task_role_arn are different roles.');
    // Roles created in this plan: compare what the expressions refer to.
    const a = referencesOf(ctx, task, 'execution_role_arn');
    const b = referencesOf(ctx, task, 'task_role_arn');
    if (a.length === 0 || b.length === 0)
      return hiddenUntilApply('execution_role_arn or task_role_arn');
    return a[0] === b[0]
      ? fail(
          `execution_role_arn and task_role_arn both refer to ${a[0]}; split them.`,
        )
      : pass('execution_role_arn and task_role_arn refer to different roles.');
  },
);

type ContainerVerdict = (c: JsonObject) => string | undefined;

/** Judges every container of `container_definitions` (a JSON array string). */
function judgeContainers(
  task: PlanResource,
  ctx: RuleContext,
  problem: ContainerVerdict,
  passMessage: string,
): RuleOutcome {
  const doc = jsonDocument(ctx, task, 'container_definitions');
  if (doc === 'hidden') return hiddenUntilApply('container_definitions');
  if (doc === 'invalid' || !Array.isArray(doc))
    return unknown(
      'container_definitions is not a JSON array of containers, so it cannot be judged.',
    );
  for (const raw of doc) {
    const c = asObject(raw);
    if (!c) continue;
    const found = problem(c);
    if (found) return fail(`container ${String(c.name ?? '?')}: ${found}`);
  }
  return pass(passMessage);
}

export const ecsNotPrivileged = resourceRule(
  {
    id: 'GW-AWS-144',
    title: 'ECS containers do not run privileged',
    severity: 'high',
    resourceTypes: TASK_DEF,
    rationale:
      'A privileged container has root on the host: every other task on the instance, and the instance ' +
      'role, is one exploit away.',
    remediation: {
      text: 'Remove "privileged": true from container_definitions; grant specific Linux capabilities if needed.',
      terraform: hcl(
        'resource "aws_ecs_task_definition" "api" {',
        '  # ...',
        '  container_definitions = jsonencode([{',
        '    name       = "api"',
        '    image      = "example/api:1.2.3"',
        '    privileged = false',
        '  }])',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_334'], docs: TASK_DOCS },
  },
  (task, ctx) =>
    judgeContainers(
      task,
      ctx,
      c =>
        isTrue(c.privileged ?? false)
          ? 'container_definitions privileged is true; remove it.'
          : undefined,
      'No container in container_definitions is privileged.',
    ),
);

export const ecsReadOnlyRoot = resourceRule(
  {
    id: 'GW-AWS-145',
    title: 'ECS containers have read-only root filesystems',
    severity: 'low',
    resourceTypes: TASK_DEF,
    rationale:
      'A read-only root filesystem stops an intruder from dropping tools or changing binaries in the ' +
      'container; the application writes only to declared volumes.',
    remediation: {
      text: 'Set readonlyRootFilesystem = true in each container definition and mount volumes for writable paths.',
      terraform: hcl(
        'resource "aws_ecs_task_definition" "api" {',
        '  # ...',
        '  container_definitions = jsonencode([{',
        '    name                   = "api"',
        '    image                  = "example/api:1.2.3"',
        '    readonlyRootFilesystem = true',
        '  }])',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_336'], docs: TASK_DOCS },
  },
  (task, ctx) =>
    judgeContainers(
      task,
      ctx,
      c =>
        isTrue(c.readonlyRootFilesystem ?? false)
          ? undefined
          : 'container_definitions readonlyRootFilesystem is not true.',
      'Every container has readonlyRootFilesystem true.',
    ),
);

export const ecsNoHostPid = resourceRule(
  {
    id: 'GW-AWS-146',
    title: 'ECS tasks do not share the host process namespace',
    severity: 'medium',
    resourceTypes: TASK_DEF,
    rationale:
      'With pid_mode host a container sees, and with enough privilege signals or traces, every process on ' +
      'the instance, including other tasks.',
    remediation: {
      text: 'Remove pid_mode or set it to task.',
      terraform: hcl(
        'resource "aws_ecs_task_definition" "api" {',
        '  # ...',
        '  pid_mode = "task"',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_335'], docs: TASK_DOCS },
  },
  (task, ctx) =>
    expectAttribute(ctx, task, ['pid_mode'], {
      label: 'pid_mode',
      compliant: v => v !== 'host',
      passMessage: 'Containers have their own process namespace',
      failMessage:
        'pid_mode is host: containers see every process on the instance',
    }),
);

export const ecsEfsTransitEncryption = resourceRule(
  {
    id: 'GW-AWS-147',
    title: 'ECS tasks mount EFS volumes with encryption in transit',
    severity: 'medium',
    resourceTypes: TASK_DEF,
    rationale:
      'Without transit encryption NFS traffic between the task and EFS crosses the network in clear text.',
    remediation: {
      text: 'Set efs_volume_configuration.transit_encryption = ENABLED on every EFS volume.',
      terraform: hcl(
        'resource "aws_ecs_task_definition" "api" {',
        '  # ...',
        '  volume {',
        '    name = "shared"',
        '    efs_volume_configuration {',
        '      file_system_id     = aws_efs_file_system.shared.id',
        '      transit_encryption = "ENABLED"',
        '    }',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_97'], docs: TASK_DOCS },
  },
  (task, ctx) => {
    const volumes = blocksOf(ctx, task, ['volume']);
    if (volumes === 'hidden') return hiddenUntilApply('volume');
    let efs = 0;
    for (const v of volumes) {
      const conf = blocks(v.efs_volume_configuration)[0];
      if (!conf) continue;
      efs++;
      if (conf.transit_encryption !== 'ENABLED')
        return fail(
          `volume ${String(
            v.name,
          )}: efs_volume_configuration.transit_encryption is not ENABLED.`,
        );
    }
    return efs > 0
      ? pass('Every EFS volume has transit_encryption ENABLED.')
      : notApplicable('The task mounts no EFS volume.');
  },
);

/**
 * The oldest Kubernetes minor version EKS still supports (standard or
 * extended support), from AWS's release calendar at
 * docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html,
 * read December 2026. Raise it when a version leaves extended support.
 */
const EKS_OLDEST_SUPPORTED: [number, number] = [1, 32];

export const eksSupportedVersion = resourceRule(
  {
    id: 'GW-AWS-148',
    title: 'EKS clusters run a supported Kubernetes version',
    severity: 'medium',
    resourceTypes: ['aws_eks_cluster'],
    rationale:
      'A version past the end of extended support gets no security fixes, and AWS upgrades such clusters ' +
      'automatically, on its schedule rather than the team’s.',
    remediation: {
      text: 'Upgrade the cluster (one minor version at a time) to a supported version.',
      terraform: hcl(
        'resource "aws_eks_cluster" "main" {',
        '  # ...',
        '  version = "1.34"',
        '}',
      ),
    },
    references: {
      checkov: ['CKV_AWS_339'],
      docs: [
        docsOf('aws_eks_cluster'),
        'https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html',
      ],
    },
  },
  (cluster, ctx) => {
    const version = ctx.read(cluster, ['version']);
    if (version.state === 'unknown')
      return version.configured
        ? hiddenUntilApply('version')
        : pass(
            'version is not set: EKS creates the cluster on its current default version (provider default).',
          );
    const m = /^(\d+)\.(\d+)/.exec(String(version.value ?? ''));
    if (!m)
      return unknown(
        `version ${String(
          version.value,
        )} is not a Kubernetes version (major.minor).`,
      );
    const [major, minor] = [Number(m[1]), Number(m[2])];
    const [oMajor, oMinor] = EKS_OLDEST_SUPPORTED;
    return major > oMajor || (major === oMajor && minor >= oMinor)
      ? pass(`version ${major}.${minor} is supported.`)
      : fail(
          `version ${major}.${minor} is past EKS support (oldest supported ${oMajor}.${oMinor}); upgrade.`,
        );
  },
);

export const eksNodeGroupSsh = resourceRule(
  {
    id: 'GW-AWS-149',
    title: 'EKS node groups do not open SSH to the internet',
    severity: 'high',
    resourceTypes: ['aws_eks_node_group'],
    rationale:
      'A node group with an SSH key and no source security groups gets a rule that opens port 22 to ' +
      '0.0.0.0/0 on every node.',
    remediation: {
      text: 'Drop remote_access (use SSM), or restrict it with source_security_group_ids.',
      terraform: hcl(
        'resource "aws_eks_node_group" "workers" {',
        '  # ...',
        '  remote_access {',
        '    ec2_ssh_key               = aws_key_pair.ops.key_name',
        '    source_security_group_ids = [aws_security_group.bastion.id]',
        '  }',
        '}',
      ),
    },
    references: {
      checkov: ['CKV_AWS_100'],
      docs: [docsOf('aws_eks_node_group')],
    },
  },
  (group, ctx) => {
    const access = firstBlock(ctx, group, ['remote_access']);
    if (access === 'hidden') return hiddenUntilApply('remote_access');
    if (!access) return pass('No remote_access: SSH is not opened.');
    const key = presence(ctx, group, ['remote_access', 0, 'ec2_ssh_key']);
    if (key !== 'set') return pass('remote_access sets no ec2_ssh_key.');
    const sources = presence(ctx, group, [
      'remote_access',
      0,
      'source_security_group_ids',
    ]);
    return sources === 'set'
      ? pass('SSH is limited by remote_access.source_security_group_ids.')
      : fail(
          'SSH is open to 0.0.0.0/0: remote_access.ec2_ssh_key is set without source_security_group_ids.',
        );
  },
);

export const ecrPolicyNotPublic = resourceRule(
  {
    id: 'GW-AWS-150',
    title: 'ECR repository policies do not grant access to everyone',
    severity: 'high',
    resourceTypes: ['aws_ecr_repository_policy'],
    rationale:
      'A repository policy allowing principal "*" without a condition lets any AWS account pull the ' +
      'images, and with them the code and any baked-in configuration.',
    remediation: {
      text: 'Name the accounts or roles that may pull, or add a condition such as aws:PrincipalOrgID.',
      terraform: hcl(
        'resource "aws_ecr_repository_policy" "app" {',
        '  repository = aws_ecr_repository.app.name',
        '  policy = jsonencode({',
        '    Version = "2012-10-17"',
        '    Statement = [{',
        '      Effect    = "Allow"',
        '      Principal = { AWS = "arn:aws:iam::111122223333:root" }',
        '      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]',
        '    }]',
        '  })',
        '}',
      ),
    },
    references: {
      checkov: ['CKV_AWS_32'],
      docs: [docsOf('aws_ecr_repository_policy')],
    },
  },
  (policy, ctx) => {
    const doc = jsonDocument(ctx, policy, 'policy');
    if (doc === 'hidden') return hiddenUntilApply('policy');
    if (doc === 'invalid' || doc === undefined)
      return unknown(
        'policy is not a JSON policy document, so it cannot be judged.',
      );
    const open = statementsOf(doc).find(
      s => s.Effect === 'Allow' && principalIsEveryone(s) && !s.Condition,
    );
    return open
      ? fail(
          'policy allows Principal "*" without a Condition: anyone can reach the repository.',
        )
      : pass('policy grants access to named principals only.');
  },
);

export const CONTAINER_RULES = [
  codebuildArtifactEncryption,
  codebuildS3LogEncryption,
  codebuildLogging,
  codebuildPrivileged,
  ecsContainerInsights,
  ecsExecLogging,
  ecsExecEncryption,
  ecsFargateLatest,
  ecsNoPublicIp,
  ecsSeparateRoles,
  ecsNotPrivileged,
  ecsReadOnlyRoot,
  ecsNoHostPid,
  ecsEfsTransitEncryption,
  eksSupportedVersion,
  eksNodeGroupSsh,
  ecrPolicyNotPublic,
];

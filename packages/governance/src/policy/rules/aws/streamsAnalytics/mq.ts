import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
  unknown,
} from '../../helpers';
import { expectValue, isTrueValue, tfDoc } from '../identityAudit/support';

const DOCS = [tfDoc('aws_mq_broker')];
const broker = (body: string) =>
  `resource "aws_mq_broker" "orders" {\n  broker_name        = "orders"\n  engine_type        = "ActiveMQ"\n  engine_version     = "5.18"\n  host_instance_type = "mq.m5.large"\n${body}\n}`;

export const mqPrivate = resourceRule(
  {
    id: 'GW-AWS-308',
    title: 'Amazon MQ brokers are not publicly accessible',
    severity: 'critical',
    resourceTypes: ['aws_mq_broker'],
    rationale:
      'A public broker exposes its console and message endpoints to the internet, so a leaked or ' +
      'guessed password gives access to every queue.',
    remediation: {
      text: 'Set publicly_accessible = false and place the broker in private subnets.',
      terraform: broker(
        '  publicly_accessible = false\n  subnet_ids          = [var.private_subnet_id]',
      ),
    },
    references: { checkov: ['CKV_AWS_69'], docs: DOCS },
  },
  (b, ctx) =>
    expectValue(ctx, b, ['publicly_accessible'], {
      label: 'publicly_accessible',
      compliant: v => !isTrueValue(v),
      providerDefault: false,
      passMessage: 'Private: publicly_accessible is false',
      failMessage: 'publicly_accessible is true; set it to false',
    }),
);

export const mqGeneralLogs = resourceRule(
  {
    id: 'GW-AWS-309',
    title: 'Amazon MQ brokers publish general logs',
    severity: 'medium',
    resourceTypes: ['aws_mq_broker'],
    rationale:
      'General logs record connections and broker errors in CloudWatch; without them a failing or ' +
      'abused broker leaves nothing to investigate.',
    remediation: {
      text: 'Set logs { general = true }.',
      terraform: broker(
        '  logs {\n    general = true\n    audit   = true\n  }',
      ),
    },
    references: { checkov: ['CKV_AWS_48'], docs: DOCS },
  },
  (b, ctx) =>
    expectValue(ctx, b, ['logs', 0, 'general'], {
      label: 'logs.general',
      compliant: isTrueValue,
      providerDefault: false,
      passMessage: 'logs.general is true',
      failMessage: 'logs.general is not true; set it to true',
    }),
);

export const mqAuditLogs = resourceRule(
  {
    id: 'GW-AWS-310',
    title: 'ActiveMQ brokers publish audit logs',
    severity: 'medium',
    resourceTypes: ['aws_mq_broker'],
    rationale:
      'Audit logs record management actions taken through the ActiveMQ console and JMX; they show who ' +
      'changed queues or users. RabbitMQ brokers have no audit log.',
    remediation: {
      text: 'Set logs { audit = true } on ActiveMQ brokers.',
      terraform: broker(
        '  logs {\n    general = true\n    audit   = true\n  }',
      ),
    },
    references: { checkov: ['CKV_AWS_197'], docs: DOCS },
  },
  (b, ctx) => {
    const engine = ctx.read(b, ['engine_type']);
    if (
      engine.state === 'known' &&
      typeof engine.value === 'string' &&
      engine.value.toLowerCase() === 'rabbitmq'
    )
      return notApplicable('RabbitMQ brokers have no audit log.');
    return expectValue(ctx, b, ['logs', 0, 'audit'], {
      label: 'logs.audit',
      compliant: isTrueValue,
      providerDefault: false,
      passMessage: 'logs.audit is true',
      failMessage: 'logs.audit is not true; set it to true',
    });
  },
);

export const mqMinorUpgrades = resourceRule(
  {
    id: 'GW-AWS-311',
    title: 'Amazon MQ brokers take minor version upgrades automatically',
    severity: 'low',
    resourceTypes: ['aws_mq_broker'],
    rationale:
      "Minor versions carry the broker engine's security fixes; automatic upgrades apply them in the " +
      'maintenance window instead of waiting for someone to notice.',
    remediation: {
      text: 'Set auto_minor_version_upgrade = true.',
      terraform: broker('  auto_minor_version_upgrade = true'),
    },
    references: { checkov: ['CKV_AWS_207'], docs: DOCS },
  },
  (b, ctx) =>
    expectValue(ctx, b, ['auto_minor_version_upgrade'], {
      label: 'auto_minor_version_upgrade',
      compliant: isTrueValue,
      providerDefault: false,
      passMessage: 'auto_minor_version_upgrade is true',
      failMessage: 'auto_minor_version_upgrade is not true; set it to true',
    }),
);

export const mqCmk = resourceRule(
  {
    id: 'GW-AWS-312',
    title: 'Amazon MQ brokers are encrypted with a customer managed KMS key',
    severity: 'medium',
    resourceTypes: ['aws_mq_broker'],
    rationale:
      'Messages at rest are encrypted with an AWS-owned key by default, which the team cannot restrict ' +
      "or audit; a customer managed key puts decryption under the team's key policy.",
    remediation: {
      text: 'Set encryption_options { use_aws_owned_key = false, kms_key_id = ... }.',
      terraform: broker(
        '  encryption_options {\n    use_aws_owned_key = false\n    kms_key_id        = aws_kms_key.mq.arn\n  }',
      ),
    },
    references: { checkov: ['CKV_AWS_209'], docs: DOCS },
  },
  (b, ctx) =>
    expectValue(ctx, b, ['encryption_options', 0, 'use_aws_owned_key'], {
      label: 'encryption_options.use_aws_owned_key',
      compliant: v => v === false || v === 'false',
      providerDefault: true,
      passMessage:
        'encryption_options.use_aws_owned_key is false (customer managed key)',
      failMessage:
        'encryption_options.use_aws_owned_key is true; set it to false with a kms_key_id',
    }),
);

/**
 * The oldest engine lines Amazon MQ still supports (the 5.15/5.16 ActiveMQ
 * and 3.8–3.10 RabbitMQ lines have reached end of support).
 */
const OLDEST_SUPPORTED: Record<string, [number, number]> = {
  activemq: [5, 17],
  rabbitmq: [3, 11],
};

export const mqCurrentVersion = resourceRule(
  {
    id: 'GW-AWS-324',
    title: 'Amazon MQ brokers run a supported engine version',
    severity: 'medium',
    resourceTypes: ['aws_mq_broker'],
    rationale:
      'Engine lines past end of support get no security fixes and are upgraded by AWS on its own ' +
      'schedule; ActiveMQ 5.17+ and RabbitMQ 3.11+ are the lines still supported.',
    remediation: {
      text: 'Set engine_version to ActiveMQ 5.17 or later, or RabbitMQ 3.11 or later.',
      terraform: broker('  auto_minor_version_upgrade = true'),
    },
    references: { checkov: ['CKV_AWS_208'], docs: DOCS },
  },
  (b, ctx) => {
    const engine = ctx.read(b, ['engine_type']);
    const version = ctx.read(b, ['engine_version']);
    if (engine.state === 'unknown') return hiddenUntilApply('engine_type');
    if (version.state === 'unknown') return hiddenUntilApply('engine_version');
    const oldest =
      typeof engine.value === 'string'
        ? OLDEST_SUPPORTED[engine.value.toLowerCase()]
        : undefined;
    const m =
      typeof version.value === 'string'
        ? /^(\d+)\.(\d+)/.exec(version.value)
        : null;
    if (!oldest || !m)
      return unknown(
        `engine_type ${String(engine.value)} / engine_version ${String(
          version.value,
        )} could not be read as a known engine version.`,
      );
    const [major, minor] = [Number(m[1]), Number(m[2])];
    const supported =
      major > oldest[0] || (major === oldest[0] && minor >= oldest[1]);
    return supported
      ? pass(`engine_version ${version.value} is a supported line`)
      : fail(
          `engine_version ${
            version.value
          } is past end of support; use ${oldest.join('.')} or later`,
        );
  },
);

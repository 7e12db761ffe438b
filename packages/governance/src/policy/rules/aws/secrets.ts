import type { JsonValue } from '../../../plan/types';
import { asObject, getPath, maskCovers } from '../../../plan/values';
import { readExpression } from '../../../plan/configIndex';
import type { PlanSubjectOutcome } from '../../types';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  planRule,
  resourceRule,
  warn,
} from '../helpers';
import { isSecretName, secretKindOfPair, secretKindsInText } from '../secrets';

const ENV_VARIABLES = ['environment', 0, 'variables'];

export const lambdaEnvironmentSecrets = resourceRule(
  {
    id: 'GW-AWS-030',
    title: 'Lambda environment variables hold no secrets in clear text',
    severity: 'critical',
    resourceTypes: ['aws_lambda_function'],
    rationale:
      'Environment variables are readable by anyone with lambda:GetFunctionConfiguration, show in ' +
      'the console and land in the Terraform state.',
    remediation: {
      text: 'Store the secret in Secrets Manager or SSM Parameter Store and read it at runtime; pass only its name.',
      terraform: [
        'resource "aws_lambda_function" "api" {',
        '  # ...',
        '  environment {',
        '    variables = {',
        '      DB_PASSWORD_SECRET_ARN = aws_secretsmanager_secret.db.arn',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_45'] },
  },
  (fn, ctx) => {
    const env = ctx.read(fn, ENV_VARIABLES);
    if (env.state === 'unknown') {
      return env.configured
        ? hiddenUntilApply('environment.variables')
        : pass('No environment variables.');
    }
    const vars = asObject(env.value);
    const names = vars ? Object.keys(vars) : [];
    if (!vars || names.length === 0) return pass('No environment variables.');
    const literal: string[] = [];
    const computed: string[] = [];
    // maskCovers(afterUnknown, [...ENV_VARIABLES, name]) for every name,
    // with the walk down to the variables done once.
    const allHidden = maskCovers(fn.afterUnknown, ENV_VARIABLES);
    const hiddenVars = allHidden
      ? undefined
      : asObject(getPath(fn.afterUnknown, ENV_VARIABLES));
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const value = vars[name];
      if (allHidden || hiddenVars?.[name] === true) {
        if (isSecretName(name)) computed.push(name);
        continue;
      }
      const kind =
        typeof value === 'string' ? secretKindOfPair(name, value) : undefined;
      if (kind) literal.push(`${name} (${kind})`);
    }
    if (literal.length > 0)
      return fail(`Secrets in clear text: ${literal.join(', ')}.`);
    if (computed.length > 0) {
      return warn(
        `${computed.join(
          ', ',
        )} will be stored in the function configuration in clear text once known; read secrets at runtime instead.`,
      );
    }
    return pass('No secret-looking environment variables.');
  },
);

function decodeBase64(value: JsonValue): string {
  return typeof value === 'string'
    ? Buffer.from(value, 'base64').toString('utf8')
    : '';
}

/** A 40-hex value is the SHA-1 that older AWS providers store instead of user data. */
const HASHED = /^[0-9a-f]{40}$/;

export const userDataSecrets = resourceRule(
  {
    id: 'GW-AWS-031',
    title: 'EC2 user data holds no secrets',
    severity: 'critical',
    resourceTypes: [
      'aws_instance',
      'aws_launch_template',
      'aws_launch_configuration',
    ],
    rationale:
      'User data is readable by anyone with ec2:DescribeInstanceAttribute and from inside the ' +
      'instance by any process through the metadata service.',
    remediation: {
      text: 'Fetch secrets at boot from Secrets Manager or SSM with the instance role; keep user data free of credentials.',
      terraform: [
        'resource "aws_instance" "web" {',
        '  # ...',
        '  iam_instance_profile = aws_iam_instance_profile.web.name',
        '  user_data = <<-EOT',
        '    #!/bin/bash',
        '    DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id db --query SecretString --output text)',
        '  EOT',
        '}',
      ].join('\n'),
    },
    references: { checkov: ['CKV_AWS_46'] },
  },
  (resource, ctx) => {
    const texts: string[] = [];
    const after = resource.after ?? {};
    if (typeof after.user_data === 'string' && !HASHED.test(after.user_data)) {
      texts.push(
        resource.type === 'aws_launch_template'
          ? decodeBase64(after.user_data)
          : after.user_data,
      );
    }
    if (typeof after.user_data_base64 === 'string')
      texts.push(decodeBase64(after.user_data_base64));
    // Older providers store only a hash; the configuration keeps the literal.
    const cfg = ctx.plan.config.resource(
      resource.configModulePath,
      resource.configAddress,
    );
    for (const attr of ['user_data', 'user_data_base64']) {
      const expr = readExpression(cfg?.expressions[attr]);
      if (expr?.hasConstant && typeof expr.constantValue === 'string') {
        texts.push(
          attr === 'user_data_base64'
            ? decodeBase64(expr.constantValue)
            : expr.constantValue,
        );
      }
    }
    if (texts.length === 0) {
      const read = ctx.read(resource, ['user_data']);
      if (read.state === 'unknown' && read.configured)
        return hiddenUntilApply('user_data');
      return notApplicable('No user data.');
    }
    const kinds = [...new Set(texts.flatMap(secretKindsInText))];
    return kinds.length > 0
      ? fail(`User data contains ${kinds.join(', ')}.`)
      : pass('No credential patterns in user data.');
  },
);

export const variableDefaultSecrets = planRule(
  {
    id: 'GW-AWS-032',
    title: 'Variables do not default to secrets',
    severity: 'high',
    resourceTypes: ['variable'],
    rationale:
      'A default value is committed to version control with the module and copied into every ' +
      'plan and state; secrets belong in a secret store or a CI secret.',
    remediation: {
      text: 'Remove the default, mark the variable sensitive, and supply the value from a secret store.',
      terraform:
        'variable "db_password" {\n  type      = string\n  sensitive = true\n  # no default\n}',
    },
    // Checkov's secret scanner: AWS Access Key, Secret Keyword, Private Key.
    references: { checkov: ['CKV_SECRET_2', 'CKV_SECRET_10', 'CKV_SECRET_13'] },
  },
  ctx => {
    const out: PlanSubjectOutcome[] = [];
    for (const v of ctx.plan.variables) {
      if (!v.hasDefault || v.default === null) continue;
      const values =
        typeof v.default === 'string' ? [v.default] : flattenStrings(v.default);
      const kind = values.map(s => secretKindOfPair(v.name, s)).find(Boolean);
      const subject = { address: v.address, resourceType: 'variable' };
      if (kind)
        out.push({
          ...subject,
          ...fail(`The default value is a secret (${kind}).`),
        });
      else if (isSecretName(v.name))
        out.push({
          ...subject,
          ...pass('Secret-named variable without a literal default.'),
        });
    }
    return out;
  },
);

function flattenStrings(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(flattenStrings);
  const obj = asObject(value ?? null);
  if (!obj) return [];
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'string' && isSecretName(k)
      ? [`${k}=${v}`]
      : flattenStrings(v),
  );
}

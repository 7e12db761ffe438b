import { blocks } from '../../../../plan/values';
import { fail, hiddenUntilApply, pass, resourceRule } from '../../helpers';
import { expectValue, tfDoc } from '../identityAudit/support';

const DOCS = [tfDoc('aws_appsync_graphql_api')];
const api = (body: string) =>
  `resource "aws_appsync_graphql_api" "app" {\n  name                = "app"\n  authentication_type = "AMAZON_COGNITO_USER_POOLS"\n${body}\n}`;
const LOG_CONFIG =
  '  log_config {\n    cloudwatch_logs_role_arn = aws_iam_role.appsync_logs.arn\n    field_log_level          = "ERROR"\n  }';

export const appsyncLogging = resourceRule(
  {
    id: 'GW-AWS-325',
    title: 'AppSync GraphQL APIs log to CloudWatch',
    severity: 'medium',
    resourceTypes: ['aws_appsync_graphql_api'],
    rationale:
      'Request logs are how a team sees failed authorisation and abusive queries against a public ' +
      'GraphQL endpoint.',
    remediation: {
      text: 'Add a log_config block with a CloudWatch role.',
      terraform: api(LOG_CONFIG),
    },
    references: { checkov: ['CKV_AWS_193'], docs: DOCS },
  },
  (a, ctx) => {
    const read = ctx.read(a, ['log_config']);
    if (read.state === 'unknown') return hiddenUntilApply('log_config');
    return blocks(read.value).length > 0
      ? pass('Logging is configured (log_config)')
      : fail('log_config is not set; add it with a cloudwatch_logs_role_arn');
  },
);

export const appsyncFieldLogs = resourceRule(
  {
    id: 'GW-AWS-326',
    title: 'AppSync GraphQL APIs log resolver errors',
    severity: 'low',
    resourceTypes: ['aws_appsync_graphql_api'],
    rationale:
      'Field-level logs record resolver errors (and with ALL, every resolver call); without them a ' +
      'failing data source leaves no trace.',
    remediation: {
      text: 'Set log_config.field_log_level to "ERROR" or "ALL".',
      terraform: api(LOG_CONFIG),
    },
    references: { checkov: ['CKV_AWS_194'], docs: DOCS },
  },
  (a, ctx) =>
    expectValue(ctx, a, ['log_config', 0, 'field_log_level'], {
      label: 'log_config.field_log_level',
      compliant: v => typeof v === 'string' && v !== '' && v !== 'NONE',
      providerDefault: 'NONE',
      passMessage: 'log_config.field_log_level records resolver errors',
      failMessage:
        'log_config.field_log_level is NONE; set it to "ERROR" or "ALL"',
    }),
);

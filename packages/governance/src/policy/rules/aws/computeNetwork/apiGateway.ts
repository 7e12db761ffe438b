import {
  expectAttribute,
  expectTrue,
  fail,
  hiddenUntilApply,
  isTrue,
  notApplicable,
  pass,
  resourceRule,
} from '../../helpers';
import { docsOf, expectSet, hcl } from './support';

export const apiMethodAuth = resourceRule(
  {
    id: 'GW-AWS-110',
    title: 'API Gateway methods require an authorizer or an API key',
    severity: 'high',
    resourceTypes: ['aws_api_gateway_method'],
    rationale:
      'A method with authorization NONE and no API key lets anyone who finds the URL call the backend ' +
      '(a Lambda function, a service) directly.',
    remediation: {
      text: 'Set authorization to AWS_IAM, COGNITO_USER_POOLS or CUSTOM (with authorizer_id), or require an API key.',
      terraform: hcl(
        'resource "aws_api_gateway_method" "get_orders" {',
        '  rest_api_id   = aws_api_gateway_rest_api.api.id',
        '  resource_id   = aws_api_gateway_resource.orders.id',
        '  http_method   = "GET"',
        '  authorization = "AWS_IAM"',
        '}',
      ),
    },
    references: {
      checkov: ['CKV_AWS_59'],
      docs: [docsOf('aws_api_gateway_method')],
    },
  },
  (method, ctx) => {
    const verb = ctx.read(method, ['http_method']);
    // Browsers send CORS preflight requests without credentials.
    if (verb.state === 'known' && verb.value === 'OPTIONS')
      return notApplicable(
        'OPTIONS (CORS preflight) cannot carry credentials.',
      );
    const auth = ctx.read(method, ['authorization']);
    if (auth.state === 'unknown') return hiddenUntilApply('authorization');
    if (auth.value !== 'NONE')
      return pass(`Callers are authorised (authorization is ${auth.value}).`);
    const key = ctx.read(method, ['api_key_required']);
    if (key.state === 'unknown') return hiddenUntilApply('api_key_required');
    return isTrue(key.value)
      ? pass('authorization is NONE but api_key_required is true.')
      : fail(
          'Anyone can call the method: authorization is NONE and api_key_required is not true.',
        );
  },
);

const STAGES = ['aws_api_gateway_stage', 'aws_apigatewayv2_stage'];

export const apiStageTracing = resourceRule(
  {
    id: 'GW-AWS-111',
    title: 'API Gateway REST stages trace with X-Ray',
    severity: 'low',
    resourceTypes: ['aws_api_gateway_stage'],
    rationale:
      'X-Ray traces show where a request spent its time between API Gateway and the backend, which is ' +
      'what latency and error investigations need first.',
    remediation: {
      text: 'Set xray_tracing_enabled = true on the stage.',
      terraform: hcl(
        'resource "aws_api_gateway_stage" "prod" {',
        '  # ...',
        '  xray_tracing_enabled = true',
        '}',
      ),
    },
    references: {
      checkov: ['CKV_AWS_73'],
      docs: [docsOf('aws_api_gateway_stage')],
    },
  },
  (stage, ctx) =>
    expectTrue(ctx, stage, ['xray_tracing_enabled'], 'X-Ray tracing'),
);

export const apiStageAccessLogs = resourceRule(
  {
    id: 'GW-AWS-112',
    title: 'API Gateway stages write access logs',
    severity: 'medium',
    resourceTypes: STAGES,
    rationale:
      'Access logs record who called which route and with what result; without them abuse of a public API ' +
      'and failed authentication attempts leave no trace.',
    remediation: {
      text: 'Add access_log_settings with a CloudWatch log group (or Firehose) destination.',
      terraform: hcl(
        'resource "aws_api_gateway_stage" "prod" {',
        '  # ...',
        '  access_log_settings {',
        '    destination_arn = aws_cloudwatch_log_group.api_access.arn',
        '    format          = jsonencode({ requestId = "$context.requestId", status = "$context.status" })',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_76'], docs: STAGES.map(docsOf) },
  },
  (stage, ctx) =>
    expectSet(
      ctx,
      stage,
      ['access_log_settings', 0, 'destination_arn'],
      'access_log_settings.destination_arn',
      'Access logs are written',
      'The stage writes no access logs',
    ),
);

export const acmTransparency = resourceRule(
  {
    id: 'GW-AWS-113',
    title: 'ACM certificates are logged to Certificate Transparency',
    severity: 'low',
    resourceTypes: ['aws_acm_certificate'],
    rationale:
      'Browsers reject publicly trusted certificates missing from CT logs, and CT monitoring is how a team ' +
      'spots certificates issued for its domains by someone else.',
    remediation: {
      text: 'Leave options.certificate_transparency_logging_preference at ENABLED.',
      terraform: hcl(
        'resource "aws_acm_certificate" "site" {',
        '  domain_name       = "example.com"',
        '  validation_method = "DNS"',
        '  options {',
        '    certificate_transparency_logging_preference = "ENABLED"',
        '  }',
        '}',
      ),
    },
    references: {
      checkov: ['CKV_AWS_234'],
      docs: [docsOf('aws_acm_certificate')],
    },
  },
  (cert, ctx) =>
    expectAttribute(
      ctx,
      cert,
      ['options', 0, 'certificate_transparency_logging_preference'],
      {
        label: 'options.certificate_transparency_logging_preference',
        compliant: v => v === null || v === 'ENABLED',
        passMessage: 'Certificate Transparency logging is enabled',
        failMessage:
          'Certificate Transparency logging is off: options.certificate_transparency_logging_preference is DISABLED',
        providerDefault: 'ENABLED',
      },
    ),
);

const SFN = ['aws_sfn_state_machine'];

export const sfnTracing = resourceRule(
  {
    id: 'GW-AWS-114',
    title: 'Step Functions state machines trace with X-Ray',
    severity: 'low',
    resourceTypes: SFN,
    rationale:
      'Tracing ties each state’s calls to Lambda and other services into one trace, so a slow or failing ' +
      'workflow step can be found without reading every execution history.',
    remediation: {
      text: 'Enable tracing_configuration.',
      terraform: hcl(
        'resource "aws_sfn_state_machine" "orders" {',
        '  # ...',
        '  tracing_configuration {',
        '    enabled = true',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_284'], docs: SFN.map(docsOf) },
  },
  (sm, ctx) =>
    expectTrue(
      ctx,
      sm,
      ['tracing_configuration', 0, 'enabled'],
      'X-Ray tracing',
    ),
);

export const sfnLogging = resourceRule(
  {
    id: 'GW-AWS-115',
    title: 'Step Functions state machines log execution history',
    severity: 'medium',
    resourceTypes: SFN,
    rationale:
      'Standard workflows keep execution history for 90 days and Express workflows keep none; logs with ' +
      'execution data are the only lasting record of what a workflow did with its input.',
    remediation: {
      text: 'Add logging_configuration with a log group, a level other than OFF, and include_execution_data = true.',
      terraform: hcl(
        'resource "aws_sfn_state_machine" "orders" {',
        '  # ...',
        '  logging_configuration {',
        '    log_destination        = "${aws_cloudwatch_log_group.orders.arn}:*"',
        '    include_execution_data = true',
        '    level                  = "ERROR"',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_285'], docs: SFN.map(docsOf) },
  },
  (sm, ctx) => {
    const level = ctx.read(sm, ['logging_configuration', 0, 'level']);
    if (
      level.state === 'known' &&
      (level.value === null || level.value === 'OFF')
    )
      return fail(
        'Execution history is not logged: logging_configuration.level is OFF or unset.',
      );
    return expectTrue(
      ctx,
      sm,
      ['logging_configuration', 0, 'include_execution_data'],
      'Execution data logging',
    );
  },
);

export const API_GATEWAY_RULES = [
  apiMethodAuth,
  apiStageTracing,
  apiStageAccessLogs,
  acmTransparency,
  sfnTracing,
  sfnLogging,
];

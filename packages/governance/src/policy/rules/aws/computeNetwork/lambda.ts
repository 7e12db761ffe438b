import {
  expectAttribute,
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
} from '../../helpers';
import { blocksOf, docsOf, expectSet, hcl, presence } from './support';

const LAMBDA = ['aws_lambda_function'];
const LAMBDA_DOCS = [docsOf('aws_lambda_function')];

export const lambdaTracing = resourceRule(
  {
    id: 'GW-AWS-101',
    title: 'Lambda functions trace with X-Ray',
    severity: 'low',
    resourceTypes: LAMBDA,
    rationale:
      'Without active tracing a slow or failing request through several functions leaves no end-to-end ' +
      'trace, and incident responders reconstruct the path from logs by hand.',
    remediation: {
      text: 'Set tracing_config.mode to Active (the role needs xray:PutTraceSegments).',
      terraform: hcl(
        'resource "aws_lambda_function" "api" {',
        '  # ...',
        '  tracing_config {',
        '    mode = "Active"',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_50'], docs: LAMBDA_DOCS },
  },
  (fn, ctx) =>
    expectAttribute(ctx, fn, ['tracing_config', 0, 'mode'], {
      label: 'tracing_config.mode',
      compliant: v => v === 'Active',
      passMessage: 'X-Ray tracing is active',
      failMessage:
        'X-Ray tracing is off: tracing_config.mode is not Active (PassThrough by default)',
      providerDefault: 'PassThrough',
    }),
);

export const lambdaDeadLetter = resourceRule(
  {
    id: 'GW-AWS-102',
    title:
      'Lambda functions send failed asynchronous events to a dead-letter queue',
    severity: 'low',
    resourceTypes: LAMBDA,
    rationale:
      'An asynchronous invocation that keeps failing is dropped after its retries; a dead-letter queue ' +
      'keeps the event so it can be inspected and replayed instead of being lost silently.',
    remediation: {
      text: 'Point dead_letter_config.target_arn at an SQS queue or SNS topic (or use an on-failure destination).',
      terraform: hcl(
        'resource "aws_lambda_function" "worker" {',
        '  # ...',
        '  dead_letter_config {',
        '    target_arn = aws_sqs_queue.worker_dlq.arn',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_116'], docs: LAMBDA_DOCS },
    productionOnly: true,
  },
  (fn, ctx) =>
    expectSet(
      ctx,
      fn,
      ['dead_letter_config'],
      'dead_letter_config',
      'Failed asynchronous events go to a dead-letter target',
      'Failed asynchronous events are dropped after retries',
    ),
);

export const lambdaConcurrency = resourceRule(
  {
    id: 'GW-AWS-103',
    title: 'Lambda functions reserve their concurrency',
    severity: 'low',
    resourceTypes: LAMBDA,
    rationale:
      'Functions share the account concurrency pool: one function flooded by traffic or a retry storm ' +
      'throttles every other function in the region. A reservation caps it and guarantees its share.',
    remediation: {
      text: 'Set reserved_concurrent_executions to the concurrency the function needs.',
      terraform: hcl(
        'resource "aws_lambda_function" "api" {',
        '  # ...',
        '  reserved_concurrent_executions = 50',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_115'], docs: LAMBDA_DOCS },
    productionOnly: true,
  },
  (fn, ctx) =>
    expectAttribute(ctx, fn, ['reserved_concurrent_executions'], {
      label: 'reserved_concurrent_executions',
      compliant: v => typeof v === 'number' && v >= 0,
      passMessage: 'The function has a concurrency reservation',
      failMessage:
        'The function draws on the unreserved account pool: reserved_concurrent_executions is -1',
      providerDefault: -1,
    }),
);

export const lambdaEnvironmentKms = resourceRule(
  {
    id: 'GW-AWS-104',
    title:
      'Lambda environment variables are encrypted with a customer-managed key',
    severity: 'medium',
    resourceTypes: LAMBDA,
    rationale:
      'Environment variables often carry connection strings and tokens. With the AWS-managed key anyone ' +
      'allowed lambda:GetFunctionConfiguration reads them; a customer-managed key adds a key policy that decides who can.',
    remediation: {
      text: 'Set kms_key_arn to a customer-managed key when the function has environment variables.',
      terraform: hcl(
        'resource "aws_lambda_function" "api" {',
        '  # ...',
        '  kms_key_arn = aws_kms_key.lambda.arn',
        '  environment {',
        '    variables = { STAGE = "prod" }',
        '  }',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_173'], docs: LAMBDA_DOCS },
  },
  (fn, ctx) => {
    const env = blocksOf(ctx, fn, ['environment']);
    if (env === 'hidden') return hiddenUntilApply('environment');
    if (env.length === 0)
      return notApplicable('The function has no environment variables.');
    return expectSet(
      ctx,
      fn,
      ['kms_key_arn'],
      'kms_key_arn',
      'Environment variables are encrypted with a customer-managed key',
      'Environment variables are encrypted only with the AWS-managed key',
    );
  },
);

export const lambdaCodeSigning = resourceRule(
  {
    id: 'GW-AWS-105',
    title: 'Lambda functions validate code signatures',
    severity: 'low',
    resourceTypes: LAMBDA,
    rationale:
      'A code-signing configuration makes Lambda refuse packages not signed by the team’s signing profile, ' +
      'so a leaked deploy credential alone cannot ship arbitrary code.',
    remediation: {
      text: 'Attach an aws_lambda_code_signing_config through code_signing_config_arn.',
      terraform: hcl(
        'resource "aws_lambda_function" "api" {',
        '  # ...',
        '  code_signing_config_arn = aws_lambda_code_signing_config.release.arn',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_272'], docs: LAMBDA_DOCS },
    productionOnly: true,
  },
  (fn, ctx) => {
    const type = ctx.read(fn, ['package_type']);
    if (type.state === 'known' && type.value === 'Image')
      return notApplicable(
        'Container-image functions are verified through the image registry, not code signing.',
      );
    return expectSet(
      ctx,
      fn,
      ['code_signing_config_arn'],
      'code_signing_config_arn',
      'Code signatures are validated',
      'Unsigned code can be deployed',
    );
  },
);

/**
 * Runtimes past their deprecation date in AWS's Lambda runtime table
 * (docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html, "Deprecated
 * runtimes"). A deprecated runtime gets no security patches.
 */
const DEPRECATED_RUNTIMES = new Set([
  'nodejs',
  'nodejs4.3',
  'nodejs4.3-edge',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'ruby2.5',
  'ruby2.7',
  'java8',
  'go1.x',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'dotnet5.0',
  'dotnet6',
  'dotnet7',
  'provided',
]);

export const lambdaRuntime = resourceRule(
  {
    id: 'GW-AWS-106',
    title: 'Lambda functions run on a supported runtime',
    severity: 'medium',
    resourceTypes: LAMBDA,
    rationale:
      'A deprecated runtime no longer receives security patches, and AWS eventually blocks creating and ' +
      'then updating functions on it, which turns a routine fix into an emergency migration.',
    remediation: {
      text: 'Move the function to a runtime AWS still supports.',
      terraform: hcl(
        'resource "aws_lambda_function" "api" {',
        '  # ...',
        '  runtime = "python3.12"',
        '}',
      ),
    },
    references: {
      checkov: ['CKV_AWS_363'],
      docs: [
        ...LAMBDA_DOCS,
        'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html',
      ],
    },
  },
  (fn, ctx) => {
    const runtime = ctx.read(fn, ['runtime']);
    if (runtime.state === 'unknown') return hiddenUntilApply('runtime');
    if (runtime.value === null)
      return notApplicable('No runtime: a container-image function.');
    const name = String(runtime.value);
    return DEPRECATED_RUNTIMES.has(name)
      ? fail(`runtime ${name} is deprecated; move to a supported runtime.`)
      : pass(`runtime ${name} is supported.`);
  },
);

export const lambdaUrlAuth = resourceRule(
  {
    id: 'GW-AWS-107',
    title: 'Lambda function URLs require IAM authentication',
    severity: 'high',
    resourceTypes: ['aws_lambda_function_url'],
    rationale:
      'A function URL with authorization_type NONE is a public HTTPS endpoint: anyone on the internet can ' +
      'invoke the function and run up its cost, unless the code itself authenticates every request.',
    remediation: {
      text: 'Set authorization_type to AWS_IAM, or front the function with API Gateway and an authorizer.',
      terraform: hcl(
        'resource "aws_lambda_function_url" "api" {',
        '  function_name      = aws_lambda_function.api.function_name',
        '  authorization_type = "AWS_IAM"',
        '}',
      ),
    },
    references: {
      checkov: ['CKV_AWS_258'],
      docs: [docsOf('aws_lambda_function_url')],
    },
  },
  (url, ctx) =>
    expectAttribute(ctx, url, ['authorization_type'], {
      label: 'authorization_type',
      compliant: v => v !== 'NONE',
      passMessage: 'The function URL requires IAM authentication',
      failMessage:
        'The function URL is public: authorization_type is NONE; set it to AWS_IAM',
    }),
);

const PERMISSION_DOCS = [docsOf('aws_lambda_permission')];

export const lambdaPermissionPublic = resourceRule(
  {
    id: 'GW-AWS-108',
    title: 'Lambda permissions do not grant invocation to everyone',
    severity: 'high',
    resourceTypes: ['aws_lambda_permission'],
    rationale:
      'A resource policy with principal "*" lets any AWS account (or, with a function URL, anyone) invoke ' +
      'the function.',
    remediation: {
      text: 'Name the account or service that invokes the function, and scope a service with source_arn.',
      terraform: hcl(
        'resource "aws_lambda_permission" "from_bucket" {',
        '  action        = "lambda:InvokeFunction"',
        '  function_name = aws_lambda_function.ingest.function_name',
        '  principal     = "s3.amazonaws.com"',
        '  source_arn    = aws_s3_bucket.uploads.arn',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_301'], docs: PERMISSION_DOCS },
  },
  (perm, ctx) =>
    expectAttribute(ctx, perm, ['principal'], {
      label: 'principal',
      compliant: v => v !== '*',
      passMessage: 'The permission names its principal',
      failMessage:
        'The function can be invoked by anyone: principal is "*"; name the account or service',
    }),
);

export const lambdaPermissionSource = resourceRule(
  {
    id: 'GW-AWS-109',
    title: 'Lambda permissions for AWS services are scoped to a source',
    severity: 'medium',
    resourceTypes: ['aws_lambda_permission'],
    rationale:
      'A permission for a service principal such as s3.amazonaws.com without source_arn or source_account ' +
      'lets that service invoke the function on behalf of any customer’s resource (the confused-deputy problem).',
    remediation: {
      text: 'Set source_arn (or at least source_account) on permissions granted to AWS services.',
      terraform: hcl(
        'resource "aws_lambda_permission" "from_bucket" {',
        '  action         = "lambda:InvokeFunction"',
        '  function_name  = aws_lambda_function.ingest.function_name',
        '  principal      = "s3.amazonaws.com"',
        '  source_arn     = aws_s3_bucket.uploads.arn',
        '  source_account = data.aws_caller_identity.current.account_id',
        '}',
      ),
    },
    references: { checkov: ['CKV_AWS_364'], docs: PERMISSION_DOCS },
  },
  (perm, ctx) => {
    const principal = ctx.read(perm, ['principal']);
    if (principal.state === 'unknown') return hiddenUntilApply('principal');
    if (!String(principal.value ?? '').endsWith('.amazonaws.com'))
      return notApplicable('The principal is not an AWS service.');
    const scoped =
      presence(ctx, perm, ['source_arn']) === 'set' ||
      presence(ctx, perm, ['source_account']) === 'set';
    return scoped
      ? pass(`The ${principal.value} permission is scoped by source.`)
      : fail(
          `The ${principal.value} permission has neither source_arn nor source_account; set one.`,
        );
  },
);

export const LAMBDA_RULES = [
  lambdaTracing,
  lambdaDeadLetter,
  lambdaConcurrency,
  lambdaEnvironmentKms,
  lambdaCodeSigning,
  lambdaRuntime,
  lambdaUrlAuth,
  lambdaPermissionPublic,
  lambdaPermissionSource,
];

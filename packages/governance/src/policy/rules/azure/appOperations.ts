import { asStringList } from '../../../plan/values';
import { fail, hiddenUntilApply, pass, resourceRule } from '../helpers';
import { blockAttrOf, docsOf, expectFlag, expectSet } from './support';

/** Operations and hygiene settings of web and function apps (see appService.ts for access). */
const WEB_APPS = [
  'azurerm_app_service',
  'azurerm_linux_web_app',
  'azurerm_windows_web_app',
];
const CURRENT_WEB_APPS = ['azurerm_linux_web_app', 'azurerm_windows_web_app'];
const FUNCTION_APPS = [
  'azurerm_function_app',
  'azurerm_function_app_slot',
  'azurerm_linux_function_app',
  'azurerm_linux_function_app_slot',
  'azurerm_windows_function_app',
  'azurerm_windows_function_app_slot',
];
const WEB_DOCS = [
  docsOf('azurerm_linux_web_app'),
  docsOf('azurerm_windows_web_app'),
];
const FUNCTION_DOCS = [
  docsOf('azurerm_linux_function_app'),
  docsOf('azurerm_function_app'),
];

export const webAppHttpLogs = resourceRule(
  {
    id: 'GW-AZ-073',
    title: 'Web apps keep HTTP logs',
    severity: 'medium',
    resourceTypes: WEB_APPS,
    rationale:
      'HTTP logs are the record of which requests reached the app, needed to trace an attack or ' +
      'an outage back to its first request.',
    remediation: {
      text: 'Add logs.http_logs with file_system or azure_blob_storage retention.',
      terraform:
        'resource "azurerm_linux_web_app" "api" {\n  # ...\n  logs {\n    http_logs {\n      file_system {\n        retention_in_days = 30\n        retention_in_mb   = 100\n      }\n    }\n  }\n}',
    },
    references: {
      checkov: ['CKV_AZURE_63'],
      cis: ['CIS Azure Foundations v2.0.0 5.1.7'],
      docs: WEB_DOCS,
    },
  },
  (app, ctx) =>
    expectSet(ctx, app, ['logs', 0, 'http_logs'], {
      good: 'HTTP requests are logged',
      bad: 'HTTP requests are not logged',
    }),
);

export const webAppDiagnosticLogs = resourceRule(
  {
    id: 'GW-AZ-074',
    title: 'Web apps keep detailed errors and failed request traces',
    severity: 'low',
    resourceTypes: WEB_APPS,
    rationale:
      'Detailed error pages and failed request traces, kept in the app logs (not shown to clients), ' +
      'are what explains a 5xx after the fact.',
    remediation: {
      text: 'Set logs.detailed_error_messages and logs.failed_request_tracing to true (the *_enabled names on azurerm_app_service).',
      terraform:
        'resource "azurerm_linux_web_app" "api" {\n  # ...\n  logs {\n    detailed_error_messages = true\n    failed_request_tracing  = true\n  }\n}',
    },
    references: {
      checkov: ['CKV_AZURE_65', 'CKV_AZURE_66'],
      docs: WEB_DOCS,
    },
  },
  (app, ctx) => {
    const errors = expectFlag(
      ctx,
      app,
      blockAttrOf(app, 'logs', [
        'detailed_error_messages',
        'detailed_error_messages_enabled',
      ]),
      {
        want: true,
        byDefault: false,
        good: 'Detailed errors are logged',
        bad: 'Detailed errors are not logged',
      },
    );
    if (errors.verdict !== 'pass') return errors;
    return expectFlag(
      ctx,
      app,
      blockAttrOf(app, 'logs', [
        'failed_request_tracing',
        'failed_request_tracing_enabled',
      ]),
      {
        want: true,
        byDefault: false,
        good: 'Detailed errors and failed requests are logged',
        bad: 'Failed requests are not traced',
      },
    );
  },
);

export const appCorsWildcard = resourceRule(
  {
    id: 'GW-AZ-075',
    title: 'Web and function apps do not allow CORS from every origin',
    severity: 'medium',
    resourceTypes: [...WEB_APPS, ...FUNCTION_APPS],
    rationale:
      'allowed_origins = ["*"] lets any website call the app from a visitor\'s browser and read ' +
      'the responses, which defeats the same-origin protection.',
    remediation: {
      text: 'List the origins that may call the app in site_config.cors.allowed_origins.',
      terraform:
        'resource "azurerm_linux_web_app" "api" {\n  # ...\n  site_config {\n    cors {\n      allowed_origins = ["https://app.example.com"]\n    }\n  }\n}',
    },
    references: {
      checkov: ['CKV_AZURE_57', 'CKV_AZURE_62'],
      docs: [...WEB_DOCS, ...FUNCTION_DOCS],
    },
  },
  (app, ctx) => {
    const read = ctx.read(app, [
      'site_config',
      0,
      'cors',
      0,
      'allowed_origins',
    ]);
    if (read.state === 'unknown')
      return read.configured
        ? hiddenUntilApply('site_config.cors.allowed_origins')
        : pass('No CORS origins are allowed (site_config.cors is not set)');
    const origins = asStringList(read.value);
    return origins.includes('*')
      ? fail(
          'site_config.cors.allowed_origins is "*": every website may call the app; list the allowed origins',
        )
      : pass(
          origins.length > 0
            ? `CORS is limited to site_config.cors.allowed_origins (${origins.join(
                ', ',
              )})`
            : 'No CORS origins are allowed (site_config.cors.allowed_origins is empty)',
        );
  },
);

export const webAppAlwaysOn = resourceRule(
  {
    id: 'GW-AZ-076',
    title: 'Production web apps stay loaded (Always On)',
    severity: 'low',
    resourceTypes: CURRENT_WEB_APPS,
    productionOnly: true,
    rationale:
      'Without Always On an idle app is unloaded, so the next request waits for a cold start and ' +
      'background jobs and health checks stop.',
    remediation: {
      text: 'Leave site_config.always_on = true (the default on Basic and higher plans).',
      terraform:
        'resource "azurerm_linux_web_app" "api" {\n  # ...\n  site_config {\n    always_on = true\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_214'], docs: WEB_DOCS },
  },
  (app, ctx) =>
    expectFlag(ctx, app, ['site_config', 0, 'always_on'], {
      want: true,
      byDefault: true,
      good: 'The app stays loaded',
      bad: 'The app is unloaded when idle',
    }),
);

export const webAppHealthCheck = resourceRule(
  {
    id: 'GW-AZ-077',
    title: 'Production web apps configure a health check',
    severity: 'low',
    resourceTypes: WEB_APPS,
    productionOnly: true,
    rationale:
      'With a health check path the platform takes unhealthy instances out of the load balancer ' +
      'and replaces them; without one, a hung instance keeps receiving traffic.',
    remediation: {
      text: 'Set site_config.health_check_path (and health_check_eviction_time_in_min on the current web apps).',
      terraform:
        'resource "azurerm_linux_web_app" "api" {\n  # ...\n  site_config {\n    health_check_path                 = "/healthz"\n    health_check_eviction_time_in_min = 5\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_213'], docs: WEB_DOCS },
  },
  (app, ctx) =>
    expectSet(ctx, app, ['site_config', 0, 'health_check_path'], {
      good: 'Unhealthy instances are replaced',
      bad: 'No health check: hung instances keep receiving traffic',
    }),
);

export const functionAppHttp2 = resourceRule(
  {
    id: 'GW-AZ-078',
    title: 'Function apps serve HTTP/2',
    severity: 'low',
    resourceTypes: FUNCTION_APPS,
    rationale:
      'HTTP/2 fixes head-of-line blocking and header compression weaknesses of HTTP/1.1 and is ' +
      'only served over TLS.',
    remediation: {
      text: 'Set site_config.http2_enabled = true.',
      terraform:
        'resource "azurerm_linux_function_app" "jobs" {\n  # ...\n  site_config {\n    http2_enabled = true\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_67'], docs: FUNCTION_DOCS },
  },
  (app, ctx) =>
    expectFlag(ctx, app, ['site_config', 0, 'http2_enabled'], {
      want: true,
      byDefault: false,
      good: 'HTTP/2 is served',
      bad: 'Only HTTP/1.1 is served',
    }),
);

export const functionAppBuiltinLogging = resourceRule(
  {
    id: 'GW-AZ-079',
    title: 'Function apps keep built-in logging',
    severity: 'low',
    resourceTypes: ['azurerm_function_app', 'azurerm_function_app_slot'],
    rationale:
      'Built-in logging writes each execution to the storage account; without it or Application ' +
      'Insights a failed run leaves no trace.',
    remediation: {
      text: 'Leave enable_builtin_logging = true (the default), or move to azurerm_linux_function_app with Application Insights.',
      terraform:
        'resource "azurerm_function_app" "jobs" {\n  # ...\n  enable_builtin_logging = true\n}',
    },
    references: {
      checkov: ['CKV_AZURE_159'],
      docs: [docsOf('azurerm_function_app')],
    },
  },
  (app, ctx) =>
    expectFlag(ctx, app, ['enable_builtin_logging'], {
      want: true,
      byDefault: true,
      good: 'Executions are logged',
      bad: 'Executions are not logged',
    }),
);

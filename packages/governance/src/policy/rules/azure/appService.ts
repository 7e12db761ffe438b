import type { PlanResource } from '../../../plan/types';
import type { RuleContext, RuleOutcome } from '../../types';
import { fail, hiddenUntilApply, pass, resourceRule } from '../helpers';
import {
  attrOf,
  blockAttrOf,
  docsOf,
  expectFlag,
  expectOneOf,
  expectSet,
} from './support';

/**
 * Web apps: `azurerm_app_service` is deprecated (azurerm 3) in favour of
 * the Linux and Windows web apps; rules list all three so one rule covers
 * both shapes.
 */
const WEB_APPS = [
  'azurerm_app_service',
  'azurerm_linux_web_app',
  'azurerm_windows_web_app',
];
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
  docsOf('azurerm_windows_function_app'),
];

/** The deprecated resources name the TLS floor `min_tls_version`. */
const tlsPath = (app: PlanResource) =>
  blockAttrOf(app, 'site_config', ['minimum_tls_version', 'min_tls_version']);

const judgeTls = (app: PlanResource, ctx: RuleContext): RuleOutcome =>
  expectOneOf(ctx, app, tlsPath(app), {
    allowed: ['1.2', '1.3'],
    // Every app type defaults to 1.2.
    byDefault: '1.2',
    good: 'Clients must use TLS 1.2 or newer',
    bad: 'Clients may use TLS 1.0 or 1.1',
  });

export const webAppHttpsOnly = resourceRule(
  {
    id: 'GW-AZ-030',
    title: 'Web apps redirect HTTP to HTTPS',
    severity: 'high',
    resourceTypes: WEB_APPS,
    rationale:
      'Served over plain HTTP, session cookies and credentials cross the network readable by anyone on the path.',
    remediation: {
      text: 'Set https_only = true.',
      terraform:
        'resource "azurerm_linux_web_app" "api" {\n  # ...\n  https_only = true\n}',
    },
    references: {
      checkov: ['CKV_AZURE_14'],
      cis: ['CIS Azure Foundations v2.0.0 9.2'],
      docs: WEB_DOCS,
    },
  },
  (app, ctx) =>
    expectFlag(ctx, app, ['https_only'], {
      want: true,
      byDefault: false,
      good: 'HTTP is redirected to HTTPS',
      bad: 'The app answers plain HTTP',
    }),
);

export const webAppMinTls = resourceRule(
  {
    id: 'GW-AZ-031',
    title: 'Web apps require TLS 1.2 or newer',
    severity: 'medium',
    resourceTypes: WEB_APPS,
    rationale:
      'TLS 1.0 and 1.1 have known weaknesses and are no longer accepted by PCI DSS or most browsers.',
    remediation: {
      text: 'Set site_config.minimum_tls_version = "1.2" (min_tls_version on azurerm_app_service).',
      terraform:
        'resource "azurerm_linux_web_app" "api" {\n  # ...\n  site_config {\n    minimum_tls_version = "1.2"\n  }\n}',
    },
    references: {
      checkov: ['CKV_AZURE_15'],
      cis: ['CIS Azure Foundations v2.0.0 9.3'],
      docs: WEB_DOCS,
    },
  },
  judgeTls,
);

export const webAppFtps = resourceRule(
  {
    id: 'GW-AZ-032',
    title: 'Web apps do not accept plain FTP deployments',
    severity: 'medium',
    resourceTypes: WEB_APPS,
    rationale:
      'Plain FTP sends the deployment credentials and the code in clear text; anyone who reads ' +
      'them can replace the app.',
    remediation: {
      text: 'Set site_config.ftps_state = "Disabled" (or "FtpsOnly" if FTP deployment is really needed).',
      terraform:
        'resource "azurerm_linux_web_app" "api" {\n  # ...\n  site_config {\n    ftps_state = "Disabled"\n  }\n}',
    },
    references: {
      checkov: ['CKV_AZURE_78'],
      cis: ['CIS Azure Foundations v2.0.0 9.10'],
      docs: WEB_DOCS,
    },
  },
  (app, ctx) =>
    expectOneOf(ctx, app, ['site_config', 0, 'ftps_state'], {
      allowed: ['Disabled', 'FtpsOnly'],
      // The web apps document Disabled as default; azurerm_app_service documents
      // none, and Azure leaves FTP on (AllAllowed) for apps created without it.
      byDefault: app.type === 'azurerm_app_service' ? 'AllAllowed' : 'Disabled',
      good: 'FTP deployments are off or encrypted',
      bad: 'Plain FTP deployments are accepted',
    }),
);

export const webAppManagedIdentity = resourceRule(
  {
    id: 'GW-AZ-033',
    title: 'Web apps use a managed identity',
    severity: 'medium',
    resourceTypes: WEB_APPS,
    rationale:
      'A managed identity lets the app reach Key Vault, storage and databases without secrets in ' +
      'app settings, which is where leaked credentials usually come from.',
    remediation: {
      text: 'Add an identity block (SystemAssigned or UserAssigned) and grant it the roles the app needs.',
      terraform:
        'resource "azurerm_linux_web_app" "api" {\n  # ...\n  identity {\n    type = "SystemAssigned"\n  }\n}',
    },
    references: {
      checkov: ['CKV_AZURE_71', 'CKV_AZURE_16'],
      cis: ['CIS Azure Foundations v2.0.0 9.5'],
      docs: WEB_DOCS,
    },
  },
  (app, ctx) =>
    expectSet(ctx, app, ['identity'], {
      good: 'The app has a managed identity',
      bad: 'The app has no managed identity',
    }),
);

export const webAppAuthentication = resourceRule(
  {
    id: 'GW-AZ-034',
    title: 'Web apps turn on App Service Authentication',
    severity: 'medium',
    resourceTypes: WEB_APPS,
    rationale:
      'Built-in authentication rejects anonymous requests before they reach the code, so an ' +
      'endpoint the app forgot to protect is still protected.',
    remediation: {
      text: 'Add auth_settings_v2 with auth_enabled = true and an identity provider (auth_settings.enabled on azurerm_app_service).',
      terraform:
        'resource "azurerm_linux_web_app" "api" {\n  # ...\n  auth_settings_v2 {\n    auth_enabled           = true\n    require_authentication = true\n    active_directory_v2 {\n      client_id            = var.client_id\n      tenant_auth_endpoint = "https://login.microsoftonline.com/${var.tenant_id}/v2.0"\n    }\n    login {}\n  }\n}',
    },
    references: {
      checkov: ['CKV_AZURE_13'],
      cis: ['CIS Azure Foundations v2.0.0 9.1'],
      docs: WEB_DOCS,
    },
  },
  (app, ctx) => {
    const v2 = ctx.read(app, ['auth_settings_v2', 0, 'auth_enabled']);
    const v1 = ctx.read(app, ['auth_settings', 0, 'enabled']);
    const on = (r: typeof v1) =>
      r.state === 'known' && (r.value === true || r.value === 'true');
    if (on(v2))
      return pass(
        'Authentication is on (auth_settings_v2.auth_enabled = true)',
      );
    if (on(v1))
      return pass('Authentication is on (auth_settings.enabled = true)');
    if (v2.state === 'unknown' && v2.configured)
      return hiddenUntilApply('auth_settings_v2.auth_enabled');
    if (v1.state === 'unknown' && v1.configured)
      return hiddenUntilApply('auth_settings.enabled');
    return fail(
      'App Service Authentication is off: set auth_settings_v2.auth_enabled = true',
    );
  },
);

export const appRemoteDebugging = resourceRule(
  {
    id: 'GW-AZ-035',
    title: 'Web and function apps disable remote debugging',
    severity: 'high',
    resourceTypes: [...WEB_APPS, ...FUNCTION_APPS],
    rationale:
      'Remote debugging opens extra ports and lets whoever attaches read memory and change ' +
      'execution of the live app.',
    remediation: {
      text: 'Set site_config.remote_debugging_enabled = false (the default).',
      terraform:
        'resource "azurerm_linux_web_app" "api" {\n  # ...\n  site_config {\n    remote_debugging_enabled = false\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_72'], docs: WEB_DOCS },
  },
  (app, ctx) =>
    expectFlag(ctx, app, ['site_config', 0, 'remote_debugging_enabled'], {
      want: false,
      byDefault: false,
      good: 'Remote debugging is off',
      bad: 'Remote debugging is on',
    }),
);

export const webAppHttp2 = resourceRule(
  {
    id: 'GW-AZ-036',
    title: 'Web apps serve HTTP/2',
    severity: 'low',
    resourceTypes: WEB_APPS,
    rationale:
      'HTTP/2 fixes head-of-line blocking and header compression weaknesses of HTTP/1.1 and is ' +
      'only served over TLS.',
    remediation: {
      text: 'Set site_config.http2_enabled = true.',
      terraform:
        'resource "azurerm_linux_web_app" "api" {\n  # ...\n  site_config {\n    http2_enabled = true\n  }\n}',
    },
    references: {
      checkov: ['CKV_AZURE_18'],
      cis: ['CIS Azure Foundations v2.0.0 9.9'],
      docs: WEB_DOCS,
    },
  },
  (app, ctx) =>
    expectFlag(ctx, app, ['site_config', 0, 'http2_enabled'], {
      want: true,
      byDefault: false,
      good: 'HTTP/2 is served',
      bad: 'Only HTTP/1.1 is served',
    }),
);

export const webAppClientCertificates = resourceRule(
  {
    id: 'GW-AZ-037',
    title: 'Web apps require client certificates',
    severity: 'low',
    resourceTypes: WEB_APPS,
    rationale:
      'Incoming client certificates let only callers holding a trusted certificate reach the app, ' +
      'which suits service-to-service APIs.',
    remediation: {
      text: 'Set client_certificate_enabled = true (client_cert_enabled on azurerm_app_service) and client_certificate_mode = "Required".',
      terraform:
        'resource "azurerm_linux_web_app" "api" {\n  # ...\n  client_certificate_enabled = true\n  client_certificate_mode    = "Required"\n}',
    },
    references: {
      checkov: ['CKV_AZURE_17'],
      cis: ['CIS Azure Foundations v2.0.0 9.4'],
      docs: WEB_DOCS,
    },
  },
  (app, ctx) =>
    expectFlag(
      ctx,
      app,
      [attrOf(app, ['client_certificate_enabled', 'client_cert_enabled'])],
      {
        want: true,
        byDefault: false,
        good: 'Client certificates are required',
        bad: 'Client certificates are not requested',
      },
    ),
);

export const functionAppHttpsOnly = resourceRule(
  {
    id: 'GW-AZ-038',
    title: 'Function apps accept HTTPS only',
    severity: 'high',
    resourceTypes: FUNCTION_APPS,
    rationale:
      'HTTP-triggered functions carry function keys in the request; over plain HTTP anyone on ' +
      'the path can read and replay them.',
    remediation: {
      text: 'Set https_only = true.',
      terraform:
        'resource "azurerm_linux_function_app" "jobs" {\n  # ...\n  https_only = true\n}',
    },
    references: { checkov: ['CKV_AZURE_70'], docs: FUNCTION_DOCS },
  },
  (app, ctx) =>
    expectFlag(ctx, app, ['https_only'], {
      want: true,
      byDefault: false,
      good: 'HTTP is redirected to HTTPS',
      bad: 'The function app answers plain HTTP',
    }),
);

export const functionAppMinTls = resourceRule(
  {
    id: 'GW-AZ-039',
    title: 'Function apps require TLS 1.2 or newer',
    severity: 'medium',
    resourceTypes: FUNCTION_APPS,
    rationale:
      'TLS 1.0 and 1.1 have known weaknesses; function keys and payloads deserve the same floor as web apps.',
    remediation: {
      text: 'Set site_config.minimum_tls_version = "1.2" (min_tls_version on azurerm_function_app).',
      terraform:
        'resource "azurerm_linux_function_app" "jobs" {\n  # ...\n  site_config {\n    minimum_tls_version = "1.2"\n  }\n}',
    },
    references: { checkov: ['CKV_AZURE_145'], docs: FUNCTION_DOCS },
  },
  judgeTls,
);

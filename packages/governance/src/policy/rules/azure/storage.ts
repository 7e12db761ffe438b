import type { JsonValue } from '../../../plan/types';
import { expectAttribute, isFalse, isTrue, resourceRule } from '../helpers';

const STORAGE = ['azurerm_storage_account'];

/** azurerm renamed several storage attributes in 4.0; read whichever the plan has. */
function pick(
  after: Record<string, JsonValue> | null,
  names: string[],
): string {
  return names.find(n => after && n in after) ?? names[0];
}

export const storageMinTls = resourceRule(
  {
    id: 'GW-AZ-002',
    title: 'Storage accounts require TLS 1.2',
    severity: 'medium',
    resourceTypes: STORAGE,
    rationale:
      'TLS 1.0 and 1.1 are deprecated and vulnerable; Azure retires them for storage.',
    remediation: {
      text: 'Set min_tls_version = "TLS1_2".',
      terraform:
        'resource "azurerm_storage_account" "data" {\n  # ...\n  min_tls_version = "TLS1_2"\n}',
    },
    references: {
      checkov: ['CKV_AZURE_44'],
      cis: ['CIS Azure Foundations v2.0.0 3.15'],
    },
  },
  (sa, ctx) =>
    expectAttribute(ctx, sa, ['min_tls_version'], {
      label: 'min_tls_version',
      compliant: v => v === 'TLS1_2' || v === 'TLS1_3',
      passMessage: 'TLS 1.2 or newer is required',
      failMessage: 'Older TLS versions are accepted',
    }),
);

export const storageHttpsOnly = resourceRule(
  {
    id: 'GW-AZ-003',
    title: 'Storage accounts accept HTTPS only',
    severity: 'high',
    resourceTypes: STORAGE,
    rationale: 'HTTP exposes shared keys and SAS tokens in transit.',
    remediation: {
      text: 'Set https_traffic_only_enabled = true (enable_https_traffic_only before azurerm 4.0).',
      terraform:
        'resource "azurerm_storage_account" "data" {\n  # ...\n  https_traffic_only_enabled = true\n}',
    },
    references: {
      checkov: ['CKV_AZURE_3'],
      cis: ['CIS Azure Foundations v2.0.0 3.1'],
    },
  },
  (sa, ctx) =>
    expectAttribute(
      ctx,
      sa,
      [
        pick(sa.after, [
          'https_traffic_only_enabled',
          'enable_https_traffic_only',
        ]),
      ],
      {
        label: 'https_traffic_only_enabled',
        compliant: v => v === null || isTrue(v),
        passMessage: 'HTTPS only',
        failMessage: 'Plain HTTP is accepted',
      },
    ),
);

export const storageNoPublicBlobs = resourceRule(
  {
    id: 'GW-AZ-004',
    title: 'Storage accounts do not allow public blob access',
    severity: 'high',
    resourceTypes: STORAGE,
    rationale:
      'With nested public access allowed, one container setting away from publishing data anonymously.',
    remediation: {
      text: 'Set allow_nested_items_to_be_public = false.',
      terraform:
        'resource "azurerm_storage_account" "data" {\n  # ...\n  allow_nested_items_to_be_public = false\n}',
    },
    references: {
      // CKV_AZURE_59 now checks public network access, not blob access.
      checkov: ['CKV_AZURE_190'],
      cis: ['CIS Azure Foundations v2.0.0 3.7'],
    },
  },
  (sa, ctx) =>
    expectAttribute(
      ctx,
      sa,
      [
        pick(sa.after, [
          'allow_nested_items_to_be_public',
          'allow_blob_public_access',
        ]),
      ],
      {
        label: 'allow_nested_items_to_be_public',
        compliant: isFalse,
        passMessage: 'Public blob access is disabled',
        failMessage: 'Containers may be made public',
      },
    ),
);

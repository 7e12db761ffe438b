import { blocks } from '../../../plan/values';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
} from '../helpers';

const ZONE = ['google_dns_managed_zone'];
const ZONE_DOCS =
  'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/dns_managed_zone';

const isPrivate = (visibility: unknown) =>
  typeof visibility === 'string' && visibility.toLowerCase() === 'private';

export const dnsSec = resourceRule(
  {
    id: 'GW-GCP-057',
    title: 'Public Cloud DNS zones sign their records with DNSSEC',
    severity: 'medium',
    resourceTypes: ZONE,
    rationale:
      'Without DNSSEC, resolvers cannot tell a forged answer from a real one, so cache poisoning can ' +
      "send your users to an attacker's servers.",
    remediation: {
      text: 'Add dnssec_config with state = "on" (and publish the DS record at the registrar).',
      terraform:
        'resource "google_dns_managed_zone" "public" {\n  name     = "example-com"\n  dns_name = "example.com."\n  dnssec_config {\n    state = "on"\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_16'],
      cis: ['CIS GCP Foundations v2.0.0 3.3'],
      docs: [ZONE_DOCS],
    },
  },
  (zone, ctx) => {
    if (isPrivate(zone.after?.visibility))
      return notApplicable('A private zone: DNSSEC applies to public zones.');
    const read = ctx.read(zone, ['dnssec_config']);
    if (read.state === 'unknown') return hiddenUntilApply('dnssec_config');
    const config = blocks(read.value)[0];
    const state = config?.state;
    if (state === 'on') return pass('dnssec_config.state is on.');
    if (config && state === undefined)
      return hiddenUntilApply('dnssec_config.state');
    return fail(
      `dnssec_config.state is ${
        typeof state === 'string' ? state : 'not set (off)'
      }; set it to on.`,
    );
  },
);

export const dnsSecNoRsaSha1 = resourceRule(
  {
    id: 'GW-GCP-058',
    title: 'Cloud DNS DNSSEC keys do not use RSASHA1',
    severity: 'medium',
    resourceTypes: ZONE,
    rationale:
      'SHA-1 signatures can be forged with affordable computing power, which undoes the protection ' +
      'DNSSEC is there to give.',
    remediation: {
      text: 'Use rsasha256 (or ecdsap256sha256) for both key-signing and zone-signing keys.',
      terraform:
        'resource "google_dns_managed_zone" "public" {\n  # ...\n  dnssec_config {\n    state = "on"\n    default_key_specs {\n      algorithm  = "rsasha256"\n      key_length = 2048\n      key_type   = "keySigning"\n    }\n    default_key_specs {\n      algorithm  = "rsasha256"\n      key_length = 1024\n      key_type   = "zoneSigning"\n    }\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_17'],
      cis: ['CIS GCP Foundations v2.0.0 3.4', 'CIS GCP Foundations v2.0.0 3.5'],
      docs: [ZONE_DOCS],
    },
  },
  (zone, ctx) => {
    const read = ctx.read(zone, ['dnssec_config']);
    if (read.state === 'unknown') return hiddenUntilApply('dnssec_config');
    const config = blocks(read.value)[0];
    if (!config) return pass('No dnssec_config: no keys to judge.');
    const weak = blocks(config.default_key_specs).filter(
      k => String(k.algorithm).toLowerCase() === 'rsasha1',
    );
    return weak.length > 0
      ? fail(
          `dnssec_config.default_key_specs uses rsasha1 for ${weak
            .map(k => String(k.key_type))
            .join(', ')}.`,
        )
      : pass('No DNSSEC key uses rsasha1 (the default is rsasha256).');
  },
);

import { InputError } from '@backstage/errors';
import type { GroundworkEnvironment } from '@groundwork/plugin-groundwork-common';

/** One DNS label (RFC 1123): what a service name must be to lead a host name. */
const LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
/** A lower-case host name of at least two labels, at most 253 characters. */
const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)+$/;

interface ResolvedHostnames {
  /** Host name per chosen environment; empty unless exposure is public. */
  byEnvironment: Record<string, string>;
  /** The production host name given, when no production environment was chosen. */
  unusedProductionHostname?: string;
}

/**
 * Each environment's host name for a public service: `<service>.<dnsZone>`,
 * in the zone that environment's external-dns manages, so dev, staging and
 * prod never claim one record from three clusters. Production may serve a
 * host name of its own instead, inside its zone (external-dns there cannot
 * create a record anywhere else). Everything is checked here, because the
 * result is written into Kubernetes manifests and callers of the action need
 * not have gone through the form.
 */
export function resolveHostnames(
  chosen: readonly GroundworkEnvironment[],
  options: {
    exposure?: 'internal' | 'public';
    service?: string;
    productionHostname?: string;
  },
): ResolvedHostnames {
  if (options.exposure !== 'public') return { byEnvironment: {} };
  const service = options.service ?? '';
  if (!LABEL.test(service)) {
    throw new InputError(
      `The service name ${JSON.stringify(
        service,
      )} cannot lead a host name: give service as lower-case letters, digits and '-' (at most 63, starting and ending with a letter or digit).`,
    );
  }
  const custom = options.productionHostname || undefined;
  if (custom !== undefined && !HOSTNAME.test(custom)) {
    throw new InputError(
      `The production host name ${JSON.stringify(
        custom,
      )} is not a host name: give lower-case labels separated by dots, e.g. payments.example.com.`,
    );
  }
  const missing = chosen.filter(e => !e.dnsZone).map(e => e.name);
  if (missing.length) {
    throw new InputError(
      `A public service needs a DNS zone in each of its environments, and ${missing.join(
        ', ',
      )} ${
        missing.length > 1 ? 'have' : 'has'
      } none: set groundwork.environments[].dnsZone in app-config (the zone that environment's external-dns manages), or make the service internal.`,
    );
  }
  const byEnvironment: Record<string, string> = {};
  let usedCustom = false;
  for (const env of chosen) {
    const zone = env.dnsZone!;
    if (env.production && custom !== undefined) {
      if (custom !== zone && !custom.endsWith(`.${zone}`)) {
        throw new InputError(
          `The production host name ${custom} is outside ${env.name}'s DNS zone ${zone}, where its external-dns creates records and its certificates are issued: choose a name ending in .${zone}, or leave it empty for ${service}.${zone}.`,
        );
      }
      byEnvironment[env.name] = custom;
      usedCustom = true;
      continue;
    }
    const hostname = `${service}.${zone}`;
    if (!HOSTNAME.test(hostname)) {
      throw new InputError(
        `${hostname} is longer than a host name may be (253 characters): choose a shorter service name or DNS zone for ${env.name}.`,
      );
    }
    byEnvironment[env.name] = hostname;
  }
  return {
    byEnvironment,
    ...(custom !== undefined && !usedCustom
      ? { unusedProductionHostname: custom }
      : {}),
  };
}

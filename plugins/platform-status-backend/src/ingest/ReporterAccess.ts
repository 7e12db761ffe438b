import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { authorizeEntityChange } from '@groundwork/plugin-groundwork-node';
import type { InfrastructureRunReport } from '@groundwork/plugin-platform-status-common';

const OWN_PLUGIN = 'platform-status';
const CONFIG_KEY = 'platformStatus.ingestion.reporters';

/** Who posts a report, as the token says. */
type Reporter =
  /** This plugin (its own modules, e.g. the example plans), as itself. */
  | { type: 'self'; subject: string }
  /** A reporter plugin acting for the person its run was for. */
  | { type: 'delegated'; plugin: string; person: string };

/** The principal kinds a token can carry, user ones with their acting plugin. */
function principalOf(credentials: BackstageCredentials): {
  type: string;
  subject?: string;
  userEntityRef?: string;
  actor?: { subject?: string };
} {
  return credentials.principal as ReturnType<typeof principalOf>;
}

/** The caller, for audit events and messages: who acts, and for whom. */
export function describeCaller(credentials: BackstageCredentials): {
  caller: string;
  onBehalfOf?: string;
} {
  const p = principalOf(credentials);
  if (p.type === 'user') {
    return p.actor?.subject
      ? { caller: p.actor.subject, onBehalfOf: p.userEntityRef }
      : { caller: p.userEntityRef ?? 'an unknown user' };
  }
  return { caller: p.subject ?? p.type };
}

/**
 * Decides who may post infrastructure run reports. A run report changes what
 * the portal says about an entity's infrastructure, compliance and cost, so
 * it is accepted only from a plugin in `platformStatus.ingestion.reporters`
 * acting for a person (an on-behalf-of token: the person, with the plugin as
 * `actor`) who may change the entity, or from this plugin's own modules. A
 * person's own token, another plugin's service token and external tokens
 * (static, JWKS, the legacy shared secret) are refused.
 */
export class ReporterAccess {
  private readonly delegating: Set<string>;

  constructor(
    private readonly deps: {
      reporters: string[];
      permissions: PermissionsService;
      catalog: CatalogService;
      auth: AuthService;
    },
  ) {
    // Own modules acting for a person are held to the same entity check.
    this.delegating = new Set([...deps.reporters, OWN_PLUGIN]);
  }

  /** Who reports, or undefined for a caller that is not a reporter. */
  identify(credentials: BackstageCredentials): Reporter | undefined {
    const p = principalOf(credentials);
    if (p.type === 'service' && p.subject === `plugin:${OWN_PLUGIN}`) {
      return { type: 'self', subject: p.subject };
    }
    const actor = p.type === 'user' ? p.actor?.subject : undefined;
    const plugin = actor?.startsWith('plugin:')
      ? actor.slice('plugin:'.length)
      : undefined;
    if (plugin && this.delegating.has(plugin) && p.userEntityRef) {
      return { type: 'delegated', plugin, person: p.userEntityRef };
    }
    return undefined;
  }

  /** Why a caller that is not a reporter is refused, and what to do. */
  refusal(credentials: BackstageCredentials): NotAllowedError {
    const { caller, onBehalfOf } = describeCaller(credentials);
    const configured = this.deps.reporters.length
      ? this.deps.reporters.join(', ')
      : 'none';
    const rule = `Platform status accepts infrastructure run reports only from the plugins in ${CONFIG_KEY} (now: ${configured}), each acting for the person its run was for, and from its own modules.`;
    if (onBehalfOf) {
      return new NotAllowedError(
        `${caller}, acting for ${onBehalfOf}, may not report runs: it is not in ${CONFIG_KEY}. ${rule} Add its plugin id there if it should report runs.`,
      );
    }
    if (principalOf(credentials).type === 'user') {
      return new NotAllowedError(
        `${caller} may not post run reports directly. ${rule} Runs are reported by the template step that ran them (terraform:apply).`,
      );
    }
    return new NotAllowedError(
      `The service ${caller} may not report runs. ${rule} A plugin that reports must pass the person it acts for (onBehalfOf) and be listed in ${CONFIG_KEY}; tokens from outside the backend (static, JWKS, the legacy secret) are not reporters.`,
    );
  }

  /**
   * Throws NotAllowedError unless the person a reporter acts for may change
   * the report's entity (the permission policy decides; an entity the
   * catalog does not hold yet is a new one, being created by the run).
   */
  async authorizeReport(
    reporter: Reporter,
    credentials: BackstageCredentials,
    report: InfrastructureRunReport,
  ): Promise<void> {
    if (reporter.type === 'self') return;
    await authorizeEntityChange({
      permissions: this.deps.permissions,
      catalog: this.deps.catalog,
      auth: this.deps.auth,
      credentials,
      entityRef: report.entityRef,
      what: `report a ${report.tool} run in ${report.environment} (through plugin:${reporter.plugin})`,
    });
  }
}

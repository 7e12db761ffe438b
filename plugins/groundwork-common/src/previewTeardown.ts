import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ANNOTATION_ENVIRONMENTS, parseListAnnotation } from './annotations';
import type {
  GroundworkEnvironment,
  GroundworkEnvironments,
} from './environments';
import { ANNOTATION_EXPIRES_AT, readExpiry } from './expiry';

/** What an entity says about its own teardown, read once for everyone who asks. */
export interface PreviewTeardownReading {
  /**
   * Why it must not be destroyed, as sentences that say what to fix; empty
   * when it may be (once expired, or when its owners ask).
   */
  problems: string[];
  /** The owner from spec.owner, as a full ref. */
  owner?: string;
  expiresAt?: Date;
  /** Its declared environments that the portal configures, in the portal's order. */
  environments: GroundworkEnvironment[];
}

/**
 * The rule of what may ever be destroyed as an expired preview: an owner
 * who is told, a valid `groundwork.dev/expires-at`, and declared
 * environments that the portal configures, none of them production.
 * Platform status's expiry job asks it before starting a teardown, and the
 * teardown template's check asks it again before destroying anything, so
 * the two can never disagree.
 */
export function readPreviewTeardown(
  entity: {
    metadata: { namespace?: string; annotations?: Record<string, string> };
    spec?: { owner?: unknown };
  },
  environments: GroundworkEnvironments,
): PreviewTeardownReading {
  const problems: string[] = [];
  const rawOwner = entity.spec?.owner;
  let owner: string | undefined;
  try {
    owner =
      typeof rawOwner === 'string' && rawOwner.trim()
        ? stringifyEntityRef(
            parseEntityRef(rawOwner.trim(), {
              defaultKind: 'group',
              defaultNamespace: entity.metadata.namespace ?? 'default',
            }),
          )
        : undefined;
  } catch {
    owner = undefined;
  }
  if (!owner) {
    problems.push(
      `It has no valid owner (spec.owner is ${JSON.stringify(
        rawOwner ?? null,
      )}), and nothing is destroyed without one who is told: set spec.owner in its catalog-info.yaml.`,
    );
  }

  const expiry = readExpiry(entity);
  if (expiry.kind === 'none') {
    problems.push(
      `It has no ${ANNOTATION_EXPIRES_AT} annotation, so it is not a preview service: only previews (New service with a time to live) are torn down.`,
    );
  } else if (expiry.kind === 'invalid') {
    problems.push(`${expiry.reason}.`);
  }

  const names = parseListAnnotation(
    entity.metadata.annotations?.[ANNOTATION_ENVIRONMENTS],
  );
  if (names.length === 0) {
    problems.push(
      `It declares no environments (${ANNOTATION_ENVIRONMENTS}), so what to destroy is unknown: add the preview's environment.`,
    );
  }
  const declared: GroundworkEnvironment[] = [];
  for (const name of names) {
    const env = environments.find(name);
    if (env) declared.push(env);
    else {
      problems.push(
        `It declares environment "${name}" (${ANNOTATION_ENVIRONMENTS}), which the portal does not configure (groundwork.environments): fix the annotation.`,
      );
    }
  }
  const production = declared.filter(e => e.production).map(e => e.name);
  if (production.length > 0) {
    problems.push(
      `It declares the production environment${
        production.length > 1 ? 's' : ''
      } ${production.join(
        ', ',
      )}, and a preview never runs in production: remove the expiry or the environment from its catalog-info.yaml, whichever is wrong.`,
    );
  }
  return {
    problems,
    owner,
    expiresAt: expiry.kind === 'expires' ? expiry.expiresAt : undefined,
    environments: declared.sort((a, b) => a.order - b.order),
  };
}

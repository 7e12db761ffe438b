import type { Config } from '@backstage/config';

/**
 * The expiry of a short-lived entity (a preview service made by New service
 * with a time to live): the one reading of `groundwork.dev/expires-at` that
 * the template, the teardown's check and platform status's expiry job share,
 * so they never disagree about whether something may be destroyed.
 */

/**
 * When the entity and everything its template made are destroyed, as an
 * RFC 3339 instant in UTC: `2026-12-08T15:00:00Z`. Only entities that also
 * have an owner and run in non-production environments only are ever
 * destroyed; the portal refuses the rest and says why.
 */
export const ANNOTATION_EXPIRES_AT = 'groundwork.dev/expires-at';

/** Seconds-precision UTC, `Z` only: what the template writes and people read. */
const EXPIRES_AT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** An expiry as read from an entity: a date, or why there is none. */
export type ExpiryReading =
  | { kind: 'none' }
  | { kind: 'expires'; expiresAt: Date }
  | { kind: 'invalid'; reason: string };

/**
 * Reads `groundwork.dev/expires-at`. Anything but a real instant in the
 * shape above is `invalid`, never a guess: a typo must not destroy a service
 * early, nor keep one silently forever.
 */
export function readExpiry(entity: {
  metadata: { annotations?: Record<string, string> };
}): ExpiryReading {
  const value = entity.metadata.annotations?.[ANNOTATION_EXPIRES_AT];
  if (value === undefined) return { kind: 'none' };
  const trimmed = value.trim();
  const expiresAt = new Date(trimmed);
  if (
    !EXPIRES_AT_PATTERN.test(trimmed) ||
    Number.isNaN(expiresAt.getTime()) ||
    expiresAt.toISOString().slice(0, 19) !== trimmed.slice(0, 19)
  ) {
    return {
      kind: 'invalid',
      reason: `${ANNOTATION_EXPIRES_AT} is "${value}", not an instant in UTC such as 2026-12-08T15:00:00Z; fix the annotation in the entity's catalog-info.yaml`,
    };
  }
  return { kind: 'expires', expiresAt };
}

/** The annotation's value for an instant, seconds precision. */
export function formatExpiresAt(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}

/** `groundwork.previews.maxTtlHours` when not configured: a week. */
export const DEFAULT_PREVIEW_MAX_TTL_HOURS = 168;

/**
 * `groundwork.previews.maxTtlHours`: the longest time to live a preview
 * service may ask for. Read at startup, so a wrong value stops the backend
 * rather than a template run.
 */
export function readPreviewMaxTtlHours(config: Config): number {
  const value = config.getOptionalNumber('groundwork.previews.maxTtlHours');
  if (value === undefined) return DEFAULT_PREVIEW_MAX_TTL_HOURS;
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(
      `groundwork.previews.maxTtlHours must be a whole number of hours, at least 1; got ${value}.`,
    );
  }
  return value;
}

import { InputError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { DEFAULT_MAX_DURATION, RequestsSettings } from '../config';

function humanDuration(duration: HumanDuration): string {
  return Object.entries(duration)
    .map(([unit, n]) => `${n} ${n === 1 ? unit.replace(/s$/, '') : unit}`)
    .join(' ');
}

/**
 * Refuses an end that is not a date, not in the future, or further than the
 * configured maximum (the environment's own when it has one); returns it
 * normalised to the ISO form times are stored and compared in.
 */
export function checkExpiresAt(
  expiresAt: string,
  environment: string | undefined,
  now: Date,
  settings?: Pick<RequestsSettings, 'maxDuration' | 'environmentMaxDuration'>,
): string {
  const at = new Date(expiresAt);
  if (Number.isNaN(at.getTime())) {
    throw new InputError(
      `expiresAt "${expiresAt}" is not a date; give an ISO 8601 instant, e.g. 2026-12-24T18:00:00Z.`,
    );
  }
  if (at.getTime() <= now.getTime()) {
    throw new InputError(
      `expiresAt ${at.toISOString()} is not in the future; choose when it should end, after ${now.toISOString()}.`,
    );
  }
  const envMax =
    environment !== undefined
      ? settings?.environmentMaxDuration[environment]
      : undefined;
  const max = envMax ?? settings?.maxDuration ?? DEFAULT_MAX_DURATION;
  const latest = now.getTime() + durationToMilliseconds(max);
  if (at.getTime() > latest) {
    const key = envMax
      ? `groundwork.requests.environments.${environment}.maxDuration`
      : 'groundwork.requests.maxDuration';
    throw new InputError(
      `expiresAt ${at.toISOString()} is too far away: ${
        environment ? `in ${environment} ` : ''
      }a request may last at most ${humanDuration(
        max,
      )} (${key}); choose an end no later than ${new Date(
        latest,
      ).toISOString()}.`,
    );
  }
  return at.toISOString();
}

import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ANNOTATION_EXPIRES_AT,
  GroundworkEnvironment,
  GroundworkEnvironments,
  formatExpiresAt,
} from '@groundwork/plugin-groundwork-common';
import { examples } from './stamp.examples';

interface StampExpiryActionOptions {
  environments: GroundworkEnvironments;
  /** `readPreviewMaxTtlHours`: groundwork.previews.maxTtlHours. */
  maxTtlHours: number;
  /** The portal's clock (tests fix it). */
  now?: () => Date;
}

const HOUR_MS = 3_600_000;

/**
 * groundwork:expiry:stamp: when a preview service made now expires, from the
 * portal's clock rather than the browser's, so nobody can write an expiry
 * the portal did not compute. It also refuses what could never be torn
 * down: a production environment, or more than one (a preview is never
 * promoted, so New service provisions its first environment only).
 */
export function createStampExpiryAction(options: StampExpiryActionOptions) {
  const { environments, maxTtlHours } = options;
  const now = options.now ?? (() => new Date());
  return createTemplateAction({
    id: 'groundwork:expiry:stamp',
    description: `Computes a preview service's expiry (${ANNOTATION_EXPIRES_AT}, an instant in UTC) from a time to live in hours and the portal's clock, for catalog-info.yaml; without a time to live it outputs an empty string (no expiry). With one, it refuses a time to live above groundwork.previews.maxTtlHours, a production environment and more than one environment, before anything is created. Writes nothing, so it runs in dry runs too.`,
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ttlHours: z =>
          z
            .number()
            .nullish()
            .describe(
              'Time to live in whole hours from now; absent (or null) for a service that does not expire',
            ),
        environments: z =>
          z
            .array(z.string())
            .min(1)
            .describe(
              'The environments the service is made for (names from groundwork.environments)',
            ),
      },
      output: {
        expiresAt: z =>
          z
            .string()
            .describe(
              `The ${ANNOTATION_EXPIRES_AT} value (e.g. 2026-12-08T15:00:00Z), or '' when the service does not expire`,
            ),
        environment: z =>
          z
            .string()
            .describe(
              'The first environment in the portal order, the one New service provisions',
            ),
      },
    },
    async handler(ctx) {
      const { ttlHours } = ctx.input;
      const chosen: GroundworkEnvironment[] = ctx.input.environments
        .map(name => {
          const env = environments.find(name);
          if (!env) {
            throw new InputError(
              `Unknown environment "${name}"; the portal configures ${environments.environments
                .map(e => e.name)
                .join(', ')} (groundwork.environments).`,
            );
          }
          return env;
        })
        .sort((a, b) => a.order - b.order);
      const first = chosen[0];
      if (ttlHours === undefined || ttlHours === null) {
        ctx.logger.info('No time to live: the service does not expire.');
        ctx.output('expiresAt', '');
        ctx.output('environment', first.name);
        return;
      }
      if (!Number.isInteger(ttlHours) || ttlHours < 1) {
        throw new InputError(
          `The time to live must be a whole number of hours, at least 1; got ${ttlHours}. Leave it empty for a service that does not expire.`,
        );
      }
      if (ttlHours > maxTtlHours) {
        throw new InputError(
          `A time to live of ${ttlHours} hours is longer than the portal allows (${maxTtlHours}, groundwork.previews.maxTtlHours). Choose at most ${maxTtlHours} hours, or leave it empty for a service that does not expire.`,
        );
      }
      if (first.production) {
        throw new InputError(
          `${
            first.name
          } is a production environment, and a preview with a time to live never runs in production (it would be destroyed when it expires). Choose a non-production environment such as ${
            environments.environments.find(e => !e.production)?.name ?? 'dev'
          }, or leave the time to live empty.`,
        );
      }
      if (chosen.length > 1) {
        throw new InputError(
          `A preview runs in one environment only: it is never promoted, and the teardown destroys the one New service provisions. You chose ${chosen
            .map(e => e.name)
            .join(', ')}; keep ${
            first.name
          } alone, or leave the time to live empty.`,
        );
      }
      const expiresAt = formatExpiresAt(
        new Date(now().getTime() + ttlHours * HOUR_MS),
      );
      ctx.logger.info(
        `The service expires at ${expiresAt} (${ttlHours} hours from now): then it and everything this template makes in ${first.name} are destroyed.`,
      );
      ctx.output('expiresAt', expiresAt);
      ctx.output('environment', first.name);
    },
  });
}

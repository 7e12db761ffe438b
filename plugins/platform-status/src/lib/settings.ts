import { readDurationFromConfig, type Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  readGroundworkEnvironments,
  type GroundworkEnvironments,
} from '@groundwork/plugin-groundwork-common';

/** Where the empty state sends people who want to enable the card. */
export const DEFAULT_DOCUMENTATION_URL =
  'https://github.com/groundwork-dev/groundwork/blob/main/plugins/platform-status/README.md#annotations';

const DEFAULT_STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/** What the platform-status front end reads from app-config. */
export interface PlatformStatusSettings {
  staleAfterMs: number;
  documentationUrl: string;
  environments: GroundworkEnvironments;
}

/**
 * Reads `platformStatus.staleAfter`, `platformStatus.documentationUrl` and
 * `groundwork.environments`. Throws with the key at fault when a value is
 * malformed, so a typo in app-config does not silently turn staleness off.
 */
export function readPlatformStatusSettings(
  config: Config,
): PlatformStatusSettings {
  const root = config.getOptionalConfig('platformStatus');
  let staleAfterMs = DEFAULT_STALE_AFTER_MS;
  if (root?.has('staleAfter')) {
    try {
      staleAfterMs = durationToMilliseconds(
        readDurationFromConfig(root, { key: 'staleAfter' }),
      );
    } catch (error) {
      throw new TypeError(
        `platformStatus.staleAfter must be a duration such as { hours: 24 }, 'P1D' or '36h': ${
          (error as Error).message
        }`,
      );
    }
  }
  return {
    staleAfterMs,
    documentationUrl:
      root?.getOptionalString('documentationUrl') ?? DEFAULT_DOCUMENTATION_URL,
    environments: readGroundworkEnvironments(config),
  };
}

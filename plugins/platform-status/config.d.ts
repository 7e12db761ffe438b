import type { HumanDuration } from '@backstage/types';

export interface Config {
  /** Settings of the Groundwork platform-status plugins. */
  platformStatus?: {
    /**
     * How old an environment's data (its oldest source `asOf`) may be before
     * the entity card and tab mark it as stale. A duration object such as
     * `{ hours: 24 }`, an ISO 8601 duration (`P1D`) or a string like `36h`.
     * Defaults to 24 hours.
     * @visibility frontend
     * @deepVisibility frontend
     */
    staleAfter?: HumanDuration | string;
    /**
     * Where the "how to enable platform status" links point. Defaults to the
     * annotations section of this plugin's README.
     * @visibility frontend
     */
    documentationUrl?: string;
  };
}

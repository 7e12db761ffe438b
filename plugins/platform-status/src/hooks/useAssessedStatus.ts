import { useMemo } from 'react';
import type { EntityStatusResponse } from '@groundwork/plugin-platform-status-common';
import {
  assessEnvironment,
  inConfiguredOrder,
  type EnvironmentAssessment,
} from '../lib/assess';
import { usePlatformStatusSettings } from './usePlatformStatusSettings';

/** The response's environments in configured order, each assessed. */
export function useAssessedStatus(
  value: EntityStatusResponse | undefined,
): EnvironmentAssessment[] {
  const { staleAfterMs } = usePlatformStatusSettings();
  return useMemo(() => {
    if (!value) return [];
    const now = Date.now();
    return inConfiguredOrder(value.environments).map(env =>
      assessEnvironment(env, { now, staleAfterMs }),
    );
  }, [value, staleAfterMs]);
}

/** `Production` for `prod`: the response's title, then config, then the name. */
export function useEnvironmentTitle(): (env: {
  name: string;
  title?: string;
}) => string {
  const { environments } = usePlatformStatusSettings();
  return env => env.title ?? environments.find(env.name)?.title ?? env.name;
}

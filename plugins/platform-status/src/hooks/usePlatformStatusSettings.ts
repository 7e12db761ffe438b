import { useMemo } from 'react';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import {
  readPlatformStatusSettings,
  type PlatformStatusSettings,
} from '../lib/settings';

/** The plugin's front-end settings from app-config, read once per config. */
export function usePlatformStatusSettings(): PlatformStatusSettings {
  const configApi = useApi(configApiRef);
  return useMemo(() => readPlatformStatusSettings(configApi), [configApi]);
}

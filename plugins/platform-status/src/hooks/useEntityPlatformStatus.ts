import { useCallback, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityStatusResponse } from '@groundwork/plugin-platform-status-common';
import { platformStatusApiRef } from '../api/PlatformStatusApi';

interface EntityPlatformStatus {
  loading: boolean;
  error?: Error;
  value?: EntityStatusResponse;
  /** Asks the back end again, past the response the card and tab share. */
  reload: () => void;
}

/**
 * The status of the entity in context. The card and the tab both call this;
 * the API client shares one request between them.
 */
export function useEntityPlatformStatus(): EntityPlatformStatus {
  const { entity } = useEntity();
  const api = useApi(platformStatusApiRef);
  const [generation, setGeneration] = useState(0);
  const ref = getCompoundEntityRef(entity);
  const { kind, namespace, name } = ref;
  const state = useAsync(
    () =>
      api.getEntityStatus({ kind, namespace, name }, { fresh: generation > 0 }),
    [api, kind, namespace, name, generation],
  );
  const reload = useCallback(() => setGeneration(g => g + 1), []);
  return {
    loading: state.loading,
    error: state.error,
    value: state.value,
    reload,
  };
}

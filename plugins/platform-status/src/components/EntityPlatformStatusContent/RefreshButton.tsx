import { useState } from 'react';
import Button from '@material-ui/core/Button';
import RefreshIcon from '@material-ui/icons/Refresh';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { platformStatusRefreshPermission } from '@groundwork/plugin-platform-status-common';
import { platformStatusApiRef } from '../../api/PlatformStatusApi';

/**
 * Asks the back end to collect this entity again, then reloads. Only shown
 * to people with `platform-status.entity.refresh` on the entity.
 */
export function RefreshButton(props: { onRefreshed: () => void }) {
  const { entity } = useEntity();
  const api = useApi(platformStatusApiRef);
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);
  const { allowed, loading } = usePermission({
    permission: platformStatusRefreshPermission,
    resourceRef: stringifyEntityRef(entity),
  });
  if (loading || !allowed) return null;
  const refresh = async () => {
    setBusy(true);
    try {
      await api.refreshEntityStatus(getCompoundEntityRef(entity));
      props.onRefreshed();
    } catch (error) {
      alertApi.post({
        message: `Could not refresh platform status: ${
          (error as Error).message
        }`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      variant="outlined"
      startIcon={<RefreshIcon />}
      onClick={refresh}
      disabled={busy}
    >
      {busy ? 'Refreshing…' : 'Refresh'}
    </Button>
  );
}

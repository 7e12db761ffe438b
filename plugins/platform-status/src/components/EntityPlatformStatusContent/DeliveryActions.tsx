import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  groundworkEntityChangePermission,
  groundworkProductionChangePermission,
} from '@groundwork/plugin-groundwork-common';
import type {
  DeploymentHistoryEntry,
  EnvironmentStatus,
} from '@groundwork/plugin-platform-status-common';
import { platformStatusApiRef } from '../../api/PlatformStatusApi';

/**
 * Whether the signed-in person may sync or roll back this environment: the
 * entity's owners and administrators (groundwork.entity.change), and for a
 * production environment the production groups too. The back end checks the
 * same; this only hides buttons that would be refused.
 */
export function useMayDeploy(env: EnvironmentStatus): boolean {
  const { entity } = useEntity();
  const change = usePermission({
    permission: groundworkEntityChangePermission,
    resourceRef: stringifyEntityRef(entity),
  });
  const production = usePermission({
    permission: groundworkProductionChangePermission,
  });
  if (change.loading || !change.allowed) return false;
  return !env.production || (!production.loading && production.allowed);
}

const short = (revision?: string) => revision?.slice(0, 7) ?? 'unknown';

/** What a sync or a rollback will do, in the words the dialog shows. */
export type PendingAction =
  | { kind: 'sync' }
  | { kind: 'rollback'; entry: DeploymentHistoryEntry };

function describe(
  action: PendingAction,
  env: EnvironmentStatus,
  envTitle: string,
) {
  const d = env.delivery;
  const app = `${d.appName} (Argo CD ${d.instance})`;
  if (action.kind === 'sync') {
    return {
      title: `Sync ${envTitle}?`,
      text: `Argo CD will apply what Git holds now for ${app} to ${envTitle}, replacing what runs there (${short(
        d.revision,
      )}, ${
        d.syncStatus ?? 'sync status unknown'
      }). Resources Git no longer has are kept (no prune).`,
      confirm: 'Sync',
    };
  }
  const { entry } = action;
  const subject = entry.commit?.message?.split('\n')[0];
  return {
    title: `Roll back ${envTitle} to ${short(entry.revision)}?`,
    text: `Argo CD will deploy ${short(entry.revision)}${
      subject ? ` (“${subject}”)` : ''
    }, sync #${entry.historyId} of ${app}, in place of ${short(
      d.revision,
    )} that runs now. Git is not changed: the application shows OutOfSync until the next sync, which deploys what Git holds again.`,
    confirm: 'Roll back',
  };
}

/**
 * The confirmation dialog and the call behind it; tells the person what
 * Argo CD answered either way.
 */
export function DeliveryActionDialog(props: {
  env: EnvironmentStatus;
  envTitle: string;
  action?: PendingAction;
  onClose: (started: boolean) => void;
}) {
  const { entity } = useEntity();
  const api = useApi(platformStatusApiRef);
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);
  const { action, env } = props;
  if (!action) return null;
  const words = describe(action, env, props.envTitle);
  const run = async () => {
    setBusy(true);
    try {
      const ref = getCompoundEntityRef(entity);
      if (action.kind === 'sync') {
        await api.syncEnvironment(ref, env.name);
      } else {
        await api.rollbackEnvironment(ref, env.name, action.entry.historyId!);
      }
      alertApi.post({
        message: `${words.confirm} of ${props.envTitle} started; its status shows the progress.`,
        severity: 'success',
        display: 'transient',
      });
      props.onClose(true);
    } catch (error) {
      alertApi.post({
        message: `${words.confirm} of ${props.envTitle} was refused: ${
          (error as Error).message
        }`,
        severity: 'error',
      });
      props.onClose(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={() => props.onClose(false)}>
      <DialogTitle>{words.title}</DialogTitle>
      <DialogContent>
        <DialogContentText>{words.text}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => props.onClose(false)} disabled={busy}>
          Cancel
        </Button>
        <Button
          onClick={run}
          color="primary"
          variant="contained"
          disabled={busy}
        >
          {words.confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

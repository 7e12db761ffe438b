import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import SyncIcon from '@material-ui/icons/Sync';
import Tooltip from '@material-ui/core/Tooltip';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type {
  DeploymentHistoryEntry,
  EnvironmentStatus,
} from '@groundwork/plugin-platform-status-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { platformStatusApiRef } from '../../api/PlatformStatusApi';
import { StatusLabel, type StatusLevel } from '../common/StatusLabel';
import { Timestamp } from '../common/Timestamp';
import {
  DeliveryActionDialog,
  PendingAction,
  useMayDeploy,
} from './DeliveryActions';

const RESULT_LEVELS: Record<string, StatusLevel> = {
  Succeeded: 'ok',
  Running: 'warning',
  Terminating: 'warning',
  Failed: 'failing',
  Error: 'failing',
};

/** The first line of a commit message: the rest is for the diff view. */
function subject(message?: string) {
  return message?.split('\n')[0];
}

function Revision({ entry }: { entry: DeploymentHistoryEntry }) {
  if (!entry.revision) return <>—</>;
  const short = entry.revision.slice(0, 7);
  return entry.diffUrl ? (
    <Link to={entry.diffUrl} title={`Changes up to ${entry.revision}`}>
      {short}
    </Link>
  ) : (
    <span title={entry.revision}>{short}</span>
  );
}

/** A past sync Argo CD can return to: it has a history id and is not what runs now. */
function rollbackTarget(entry: DeploymentHistoryEntry, env: EnvironmentStatus) {
  return (
    entry.historyId !== undefined &&
    entry.result === 'Succeeded' &&
    entry.revision !== env.delivery.revision
  );
}

/** An environment's syncs, newest first, loaded when shown. */
function HistoryTable(props: {
  env: EnvironmentStatus;
  mayDeploy: boolean;
  onRollback: (entry: DeploymentHistoryEntry) => void;
  reloads: number;
}) {
  const { entity } = useEntity();
  const api = useApi(platformStatusApiRef);
  const environment = props.env.name;
  const { loading, error, value } = useAsyncRetry(
    () => api.getDeploymentHistory(getCompoundEntityRef(entity), environment),
    [api, entity, environment, props.reloads],
  );
  if (loading) return <Progress />;
  if (error) {
    return (
      <ResponseErrorPanel
        error={error}
        title="Could not load the deployment history"
      />
    );
  }
  if (!value || value.items.length === 0) {
    return (
      <Typography variant="body2">
        No sync recorded yet: history starts with the first collection.
      </Typography>
    );
  }
  return (
    <Table
      size="small"
      aria-label={`Deployment history of ${environment}`}
      data-testid={`platform-status-history-${environment}`}
    >
      <TableHead>
        <TableRow>
          <TableCell>Revision</TableCell>
          <TableCell>Commit</TableCell>
          <TableCell>Author</TableCell>
          <TableCell>Images</TableCell>
          <TableCell>Started</TableCell>
          <TableCell>Finished</TableCell>
          <TableCell>Result</TableCell>
          {props.mayDeploy && <TableCell />}
        </TableRow>
      </TableHead>
      <TableBody>
        {value.items.map(entry => (
          <TableRow key={`${entry.instance}/${entry.appName}/${entry.key}`}>
            <TableCell>
              <Revision entry={entry} />
              {entry.commit?.tags?.length
                ? ` (${entry.commit.tags.join(', ')})`
                : ''}
            </TableCell>
            <TableCell>{subject(entry.commit?.message) ?? '—'}</TableCell>
            <TableCell>
              {entry.commit?.author ?? '—'}
              {entry.initiatedBy && (
                <Typography variant="caption" component="div">
                  synced by {entry.initiatedBy}
                </Typography>
              )}
            </TableCell>
            <TableCell>{entry.images?.join(', ') ?? '—'}</TableCell>
            <TableCell>
              {entry.startedAt ? <Timestamp iso={entry.startedAt} /> : '—'}
            </TableCell>
            <TableCell>
              {entry.finishedAt ? <Timestamp iso={entry.finishedAt} /> : '—'}
            </TableCell>
            <TableCell>
              <StatusLabel level={RESULT_LEVELS[entry.result] ?? 'no-data'}>
                {entry.result}
              </StatusLabel>
              {entry.result !== 'Succeeded' && entry.message && (
                <Typography variant="caption" component="div">
                  {entry.message}
                </Typography>
              )}
            </TableCell>
            {props.mayDeploy && (
              <TableCell>
                {rollbackTarget(entry, props.env) && (
                  <Tooltip
                    title={
                      props.env.delivery.automatedSync
                        ? 'Automated sync is on: Argo CD refuses rollbacks (the next automated sync would undo one). Revert in Git instead.'
                        : ''
                    }
                  >
                    <span>
                      <Button
                        size="small"
                        variant="outlined"
                        disabled={props.env.delivery.automatedSync !== false}
                        onClick={() => props.onRollback(entry)}
                      >
                        Roll back
                      </Button>
                    </span>
                  </Tooltip>
                )}
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Under an environment's row: a toggle that shows its deployment history
 * (one request, made when opened), for environments Argo CD delivers.
 */
export function DeploymentHistory(props: {
  env: EnvironmentStatus;
  envTitle: string;
}) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState<PendingAction>();
  const [reloads, setReloads] = useState(0);
  const { env } = props;
  const mayDeploy = useMayDeploy(env);
  if (!env.delivery.appName || env.delivery.state === 'not-configured') {
    return null;
  }
  return (
    <>
      <Button
        size="small"
        aria-expanded={open}
        startIcon={open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
        onClick={() => setOpen(!open)}
      >
        Deployment history
      </Button>
      {mayDeploy && (
        <Button
          size="small"
          startIcon={<SyncIcon />}
          onClick={() => setPending({ kind: 'sync' })}
        >
          Sync
        </Button>
      )}
      {open && (
        <HistoryTable
          env={env}
          mayDeploy={mayDeploy}
          reloads={reloads}
          onRollback={entry => setPending({ kind: 'rollback', entry })}
        />
      )}
      <DeliveryActionDialog
        env={env}
        envTitle={props.envTitle}
        action={pending}
        onClose={started => {
          setPending(undefined);
          if (started) setReloads(reloads + 1);
        }}
      />
    </>
  );
}

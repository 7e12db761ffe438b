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

/** An environment's syncs, newest first, loaded when shown. */
function HistoryTable(props: { environment: string }) {
  const { entity } = useEntity();
  const api = useApi(platformStatusApiRef);
  const { loading, error, value } = useAsyncRetry(
    () =>
      api.getDeploymentHistory(getCompoundEntityRef(entity), props.environment),
    [api, entity, props.environment],
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
      aria-label={`Deployment history of ${props.environment}`}
      data-testid={`platform-status-history-${props.environment}`}
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
export function DeploymentHistory(props: { env: EnvironmentStatus }) {
  const [open, setOpen] = useState(false);
  const { env } = props;
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
      {open && <HistoryTable environment={env.name} />}
    </>
  );
}

import {
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { GroundworkRequest } from '@groundwork/plugin-requests-common';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { requestsApiRef } from '../api/RequestsApi';
import {
  absoluteTime,
  relativeTime,
} from '@groundwork/plugin-groundwork-common';
import { RequestState } from './RequestState';

function Expires({ request }: { request: GroundworkRequest }) {
  if (!request.expiresAt) return <>–</>;
  return (
    <span title={absoluteTime(request.expiresAt)}>
      {relativeTime(request.expiresAt)}
      <Typography variant="caption" color="textSecondary" display="block">
        {absoluteTime(request.expiresAt)}
      </Typography>
    </span>
  );
}

const columns: TableColumn<GroundworkRequest>[] = [
  {
    title: 'Request',
    field: 'title',
    render: r => <Link to={r.id}>{r.title}</Link>,
  },
  { title: 'Kind', field: 'kind' },
  {
    title: 'Entity',
    field: 'entityRef',
    render: r => r.entityRef ?? '–',
  },
  {
    title: 'Environment',
    field: 'environment',
    render: r => r.environment ?? '–',
  },
  { title: 'Why', field: 'reason' },
  { title: 'Asked by', field: 'requestedBy' },
  {
    title: 'Asked',
    field: 'createdAt',
    render: r => new Date(r.createdAt).toLocaleString(),
  },
  {
    title: 'Expires',
    field: 'expiresAt',
    render: r => <Expires request={r} />,
  },
  {
    title: 'State',
    field: 'state',
    render: r => <RequestState state={r.state} />,
  },
];

/**
 * What waits for a decision, and everything else the person may see:
 * approvers see every request, others the ones they asked for or are about.
 */
export function RequestList(props: { refreshKey?: number }) {
  const api = useApi(requestsApiRef);
  const [tab, setTab] = useState<'waiting' | 'all'>('waiting');
  const { value, loading, error } = useAsync(
    () => api.list(tab === 'waiting' ? { states: ['requested'] } : undefined),
    [api, tab, props.refreshKey],
  );
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <>
      <Tabs value={tab} onChange={(_e, v) => setTab(v)}>
        <Tab value="waiting" label="Waiting for approval" />
        <Tab value="all" label="All" />
      </Tabs>
      {value && !value.canDecide && (
        <Typography variant="body2" color="textSecondary" paragraph>
          You see the requests you asked for or that are about you. Approvers
          (groundwork.permissions.approverGroups) decide them.
        </Typography>
      )}
      <Table<GroundworkRequest>
        isLoading={loading}
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={columns}
        data={value?.items ?? []}
        emptyContent={
          <Typography style={{ padding: 16 }}>
            {tab === 'waiting'
              ? 'Nothing waits for approval.'
              : 'No requests yet.'}
          </Typography>
        }
      />
    </>
  );
}

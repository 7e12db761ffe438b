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
import { RequestState } from './RequestState';

const columns: TableColumn<GroundworkRequest>[] = [
  {
    title: 'Request',
    field: 'title',
    render: r => <Link to={r.id}>{r.title}</Link>,
  },
  { title: 'Why', field: 'reason' },
  { title: 'Asked by', field: 'requestedBy' },
  {
    title: 'Asked',
    field: 'createdAt',
    render: r => new Date(r.createdAt).toLocaleString(),
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
export function RequestList() {
  const api = useApi(requestsApiRef);
  const [tab, setTab] = useState<'waiting' | 'all'>('waiting');
  const { value, loading, error } = useAsync(
    () => api.list(tab === 'waiting' ? { states: ['requested'] } : undefined),
    [api, tab],
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

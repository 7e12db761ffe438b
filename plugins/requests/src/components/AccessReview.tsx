import {
  Link,
  LinkButton,
  Progress,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { AccessReviewEntry } from '@groundwork/plugin-requests-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { requestsApiRef } from '../api/RequestsApi';
import { accessReviewCsv } from '../lib/accessReviewCsv';
import { absoluteTime } from '@groundwork/plugin-groundwork-common';

interface Row extends AccessReviewEntry {
  id: string;
}

const GITHUB_TEXT: Record<AccessReviewEntry['github'], string> = {
  member: 'Member',
  pending: 'Invitation pending',
  absent: 'Not a member',
  unknown: 'Unknown (GitHub not asked)',
};

const columns: TableColumn<Row>[] = [
  { title: 'System', field: 'system' },
  {
    title: 'Environment',
    field: 'environment',
    render: r => r.environment ?? 'all',
  },
  {
    title: 'Person',
    field: 'person',
    render: r => (
      <>
        {r.person}
        {r.githubLogin && (
          <Typography variant="caption" color="textSecondary" display="block">
            @{r.githubLogin}
          </Typography>
        )}
      </>
    ),
  },
  { title: 'Grant', field: 'grant' },
  {
    title: 'Via',
    field: 'via',
    sorting: false,
    render: r => (
      <>
        {r.via.persona && <div>persona {r.via.persona}</div>}
        {r.via.requestId && (
          <Link to={`../${encodeURIComponent(r.via.requestId)}`}>
            request {r.via.requestId}
          </Link>
        )}
        {r.via.file && (
          <Typography variant="caption" color="textSecondary" display="block">
            {r.via.file}
          </Typography>
        )}
      </>
    ),
  },
  {
    title: 'Since',
    field: 'since',
    render: r => (r.since ? absoluteTime(r.since) : '–'),
  },
  {
    title: 'Until',
    field: 'until',
    render: r => (r.until ? absoluteTime(r.until) : 'no end'),
  },
  {
    title: 'GitHub',
    field: 'github',
    render: r => (
      <>
        {GITHUB_TEXT[r.github] ?? r.github}
        {r.mismatch && (
          <Typography variant="caption" color="error" display="block">
            Mismatch: {r.mismatch}
          </Typography>
        )}
      </>
    ),
  },
];

function download(csv: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `access-review-${new Date().toISOString().slice(0, 10)}.csv`;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * Who has access to which system in which environment, through which
 * persona or request, since and until when, and whether GitHub agrees with
 * the access repository; for approvers (the backend answers 403 to others).
 */
export function AccessReview() {
  const api = useApi(requestsApiRef);
  const { value, loading, error } = useAsync(() => api.accessReview(), [api]);
  const [system, setSystem] = useState('');
  const [environment, setEnvironment] = useState('');
  const entries = useMemo(() => value?.entries ?? [], [value]);
  const systems = useMemo(
    () => [...new Set(entries.map(e => e.system))].sort(),
    [entries],
  );
  const environments = useMemo(
    () =>
      [
        ...new Set(
          entries.flatMap(e => (e.environment ? [e.environment] : [])),
        ),
      ].sort(),
    [entries],
  );
  const rows: Row[] = useMemo(
    () =>
      entries
        .filter(e => !system || e.system === system)
        .filter(e => !environment || e.environment === environment)
        .map((e, i) => ({ ...e, id: `${i}` }))
        // Mismatches first: they are what a review is for.
        .sort((a, b) => Number(!!b.mismatch) - Number(!!a.mismatch)),
    [entries, system, environment],
  );

  if (loading) return <Progress />;
  if (error) {
    if ((error as { statusCode?: number }).statusCode === 403) {
      return (
        <Alert severity="info">
          The access review is for approvers (the groups in
          groundwork.permissions.approverGroups). Ask one of them if you need to
          know who has access to a system.
        </Alert>
      );
    }
    return (
      <ResponseErrorPanel error={error} title="Could not load the review" />
    );
  }
  const mismatches = rows.filter(r => r.mismatch).length;
  return (
    <>
      <Box display="flex" alignItems="center" style={{ gap: 16 }} mb={2}>
        <LinkButton to=".." variant="text">
          Back to requests
        </LinkButton>
        <TextField
          id="access-review-system"
          select
          label="System"
          value={system}
          onChange={e => setSystem(e.target.value)}
          SelectProps={{ native: true }}
        >
          <option value="">All systems</option>
          {systems.map(s => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </TextField>
        <TextField
          id="access-review-environment"
          select
          label="Environment"
          value={environment}
          onChange={e => setEnvironment(e.target.value)}
          SelectProps={{ native: true }}
        >
          <option value="">All environments</option>
          {environments.map(s => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </TextField>
        <Box flexGrow={1} />
        <Button
          variant="outlined"
          onClick={() => download(accessReviewCsv(rows))}
        >
          Download CSV
        </Button>
      </Box>
      {mismatches > 0 && (
        <Box mb={2}>
          <Alert severity="warning">
            {mismatches} grant{mismatches === 1 ? '' : 's'} where the access
            repository and GitHub disagree.
          </Alert>
        </Box>
      )}
      <Table<Row>
        title="Access review"
        subtitle={value && `GitHub asked ${absoluteTime(value.generatedAt)}`}
        columns={columns}
        data={rows}
        options={{
          paging: rows.length > 50,
          pageSize: 50,
          padding: 'dense',
          search: true,
          rowStyle: (r: Row) =>
            r.mismatch ? { backgroundColor: 'rgba(255, 152, 0, 0.12)' } : {},
        }}
        emptyContent={
          <Typography style={{ padding: 16 }}>
            Nobody has access through a persona or a request here.
          </Typography>
        }
      />
    </>
  );
}

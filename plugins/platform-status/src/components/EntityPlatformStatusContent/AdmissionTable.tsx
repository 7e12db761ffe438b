import { useMemo, useState } from 'react';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { Table, type TableColumn } from '@backstage/core-components';
import type { AdmissionFinding } from '@groundwork/plugin-platform-status-common';
import { SEVERITY_RANK, type EnvironmentAssessment } from '../../lib/assess';
import { StatusLabel, type StatusLevel } from '../common/StatusLabel';

interface AdmissionRow extends AdmissionFinding {
  id: string;
  environment: string;
  environmentOrder: number;
  cluster?: string;
}

type Result = AdmissionFinding['result'];

/** The policy report's own verdicts; none but `pass` reads as passing. */
const RESULTS: Record<
  Result,
  { level: StatusLevel; label: string; rank: number }
> = {
  fail: { level: 'failing', label: 'Fail', rank: 0 },
  error: { level: 'error', label: 'Error (not evaluated)', rank: 1 },
  warn: { level: 'warning', label: 'Warn', rank: 2 },
  skip: { level: 'not-configured', label: 'Skipped', rank: 3 },
  pass: { level: 'ok', label: 'Pass', rank: 4 },
};

const byResult = (a: AdmissionRow, b: AdmissionRow) =>
  RESULTS[a.result].rank - RESULTS[b.result].rank;
const bySeverity = (a: AdmissionRow, b: AdmissionRow) =>
  SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
const byEnvironment = (a: AdmissionRow, b: AdmissionRow) =>
  a.environmentOrder - b.environmentOrder;

/**
 * What the environments' clusters say of the running resources: the
 * results of their policy reports (Kyverno's admission controller and
 * background scans), apart from the plan-time findings of Terraform runs
 * and labelled as in-cluster, with the engine that judged each one.
 */
export function AdmissionTable(props: {
  assessments: EnvironmentAssessment[];
  title: (env: { name: string; title?: string }) => string;
}) {
  const [showPassing, setShowPassing] = useState(false);
  const rows = useMemo(
    () =>
      props.assessments
        .flatMap(a =>
          a.environment.compliance.admission.findings.map((f, i) => ({
            ...f,
            id: `${a.environment.name}:${f.ruleId}:${f.address}:${i}`,
            environment: props.title(a.environment),
            environmentOrder: a.environment.order,
            cluster: a.environment.compliance.admission.cluster,
          })),
        )
        .sort(
          (a, b) =>
            byResult(a, b) ||
            bySeverity(a, b) ||
            byEnvironment(a, b) ||
            a.address.localeCompare(b.address),
        ),
    [props],
  );
  const configured = props.assessments.some(
    a => a.environment.compliance.admission.state !== 'not-configured',
  );
  const isPassing = (r: AdmissionRow) => r.result === 'pass';
  const passing = rows.filter(isPassing).length;
  const shown = showPassing ? rows : rows.filter(r => !isPassing(r));

  const columns: TableColumn<AdmissionRow>[] = [
    { title: 'Environment', field: 'environment', customSort: byEnvironment },
    {
      title: 'Policy / rule',
      field: 'ruleId',
      render: row => (
        <>
          <Typography variant="body2">{row.ruleId}</Typography>
          <Typography variant="caption" color="textSecondary">
            In cluster · {row.engine}
            {row.cluster && ` · ${row.cluster}`}
            {!row.scored && ' · not scored'}
          </Typography>
        </>
      ),
    },
    {
      title: 'Severity',
      field: 'severity',
      customSort: bySeverity,
    },
    {
      title: 'Resource',
      field: 'address',
      render: row => (
        <>
          <code>{row.address}</code>
          <Typography variant="caption" component="div" color="textSecondary">
            {row.resourceType}
          </Typography>
        </>
      ),
    },
    {
      title: 'Result',
      field: 'result',
      customSort: byResult,
      render: row => (
        <StatusLabel level={RESULTS[row.result].level}>
          {RESULTS[row.result].label}
        </StatusLabel>
      ),
    },
    {
      title: 'Message',
      field: 'message',
      sorting: false,
      render: row => <Typography variant="body2">{row.message}</Typography>,
    },
  ];

  let empty = 'Nothing fails, warns or errs in the clusters.';
  if (!configured) {
    empty =
      'No cluster is read for these environments (platformStatus.policyReports), so there are no in-cluster findings.';
  } else if (rows.length === 0) {
    empty = 'The clusters have no policy report about this entity yet.';
  }
  return (
    <div data-testid="platform-status-admission">
      <FormControlLabel
        control={
          <Switch
            checked={showPassing}
            onChange={e => setShowPassing(e.target.checked)}
            color="primary"
          />
        }
        label={`Show passing in-cluster findings (${passing})`}
      />
      <Table<AdmissionRow>
        title="In-cluster findings (admission: the clusters' policy reports)"
        columns={columns}
        data={shown}
        options={{
          paging: shown.length > 20,
          pageSize: 20,
          padding: 'dense',
          search: true,
        }}
        emptyContent={<Typography style={{ padding: 16 }}>{empty}</Typography>}
      />
    </div>
  );
}

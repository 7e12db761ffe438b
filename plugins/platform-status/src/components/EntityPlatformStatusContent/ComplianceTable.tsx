import { useMemo, useState } from 'react';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { Table, type TableColumn } from '@backstage/core-components';
import type {
  ReportedFinding,
  Verdict,
} from '@groundwork/plugin-platform-status-common';
import {
  SEVERITY_RANK,
  VERDICT_RANK,
  type EnvironmentAssessment,
} from '../../lib/assess';
import { RequestWaiverButton } from '@groundwork/plugin-requests-react';
import { useRequestsAvailable } from '../../hooks/useRequestsAvailable';
import { StatusLabel, type StatusLevel } from '../common/StatusLabel';

interface FindingRow extends ReportedFinding {
  id: string;
  environment: string;
  /** The environment's name in groundwork.environments (`environment` is its title). */
  environmentName: string;
  environmentOrder: number;
}

/** Findings a waiver is for: failing ones, and unknowns the gate treats as failing. */
const WAIVABLE = new Set<Verdict>(['fail', 'unknown']);

const VERDICTS: Record<Verdict, { level: StatusLevel; label: string }> = {
  fail: { level: 'failing', label: 'Fail' },
  warn: { level: 'warning', label: 'Warn' },
  unknown: { level: 'no-data', label: 'Unknown (value not in plan)' },
  waived: { level: 'not-configured', label: 'Waived' },
  pass: { level: 'ok', label: 'Pass' },
  'not-applicable': { level: 'not-configured', label: 'Not applicable' },
};

function VerdictCell({ row }: { row: FindingRow }) {
  const v = VERDICTS[row.verdict];
  return (
    <>
      <StatusLabel level={v.level}>{v.label}</StatusLabel>
      {row.waiver && (
        <Typography variant="caption" component="div" color="textSecondary">
          {row.waiver.expired
            ? `Waiver expired ${row.waiver.expires} (${row.waiver.owner}): ${row.waiver.reason}`
            : `Waived by ${row.waiver.owner} until ${row.waiver.expires}: ${row.waiver.reason}`}
        </Typography>
      )}
    </>
  );
}

const byVerdict = (a: FindingRow, b: FindingRow) =>
  VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict];
const bySeverity = (a: FindingRow, b: FindingRow) =>
  SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
const byEnvironment = (a: FindingRow, b: FindingRow) =>
  a.environmentOrder - b.environmentOrder;

/** What to fix first: failures before warnings, critical before low, dev before prod. */
function compareFindings(a: FindingRow, b: FindingRow): number {
  return (
    byVerdict(a, b) ||
    bySeverity(a, b) ||
    byEnvironment(a, b) ||
    a.address.localeCompare(b.address)
  );
}

/**
 * Every finding of every environment: rule, severity, resource, verdict and
 * remediation; sortable by any column, waived findings marked as waived.
 */
export function ComplianceTable(props: {
  assessments: EnvironmentAssessment[];
  title: (env: { name: string; title?: string }) => string;
  /** The entity the findings are about; with the requests plugin, enables "Request a waiver". */
  entityRef?: string;
}) {
  const [showPassing, setShowPassing] = useState(false);
  const requestsAvailable = useRequestsAvailable();
  const entityRef = props.entityRef;
  const rows = useMemo(() => {
    const all: FindingRow[] = props.assessments.flatMap(a =>
      a.environment.compliance.findings.map((f, i) => ({
        ...f,
        id: `${a.environment.name}:${f.ruleId}:${f.address}:${i}`,
        environment: props.title(a.environment),
        environmentName: a.environment.name,
        environmentOrder: a.environment.order,
      })),
    );
    return all.sort(compareFindings);
  }, [props]);
  const isPassing = (r: FindingRow) =>
    r.verdict === 'pass' || r.verdict === 'not-applicable';
  const passing = rows.filter(isPassing).length;
  const shown = showPassing ? rows : rows.filter(r => !isPassing(r));

  const columns: TableColumn<FindingRow>[] = [
    {
      title: 'Environment',
      field: 'environment',
      customSort: byEnvironment,
    },
    {
      title: 'Rule',
      field: 'title',
      render: row => (
        <>
          <Typography variant="body2">{row.title}</Typography>
          <Typography variant="caption" color="textSecondary">
            {row.ruleId}
          </Typography>
        </>
      ),
    },
    {
      title: 'Severity',
      field: 'severity',
      customSort: bySeverity,
      render: row => (
        <span data-testid="platform-status-finding-severity">
          {row.severity}
        </span>
      ),
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
      title: 'Verdict',
      field: 'verdict',
      customSort: byVerdict,
      render: row => <VerdictCell row={row} />,
    },
    {
      title: 'Remediation',
      field: 'remediation',
      sorting: false,
      render: row => (
        <>
          <Typography variant="body2">{row.message}</Typography>
          {row.remediation && (
            <Typography variant="caption" color="textSecondary">
              {row.remediation}
            </Typography>
          )}
        </>
      ),
    },
  ];
  if (requestsAvailable && entityRef) {
    columns.push({
      title: 'Waiver',
      field: 'id',
      sorting: false,
      render: row =>
        WAIVABLE.has(row.verdict) ? (
          <RequestWaiverButton
            entityRef={entityRef}
            environment={row.environmentName}
            rule={row.ruleId}
            resource={row.address}
          />
        ) : null,
    });
  }

  return (
    <div data-testid="platform-status-compliance">
      <FormControlLabel
        control={
          <Switch
            checked={showPassing}
            onChange={e => setShowPassing(e.target.checked)}
            color="primary"
          />
        }
        label={`Show passing findings (${passing})`}
      />
      <Table<FindingRow>
        title="Plan-time compliance findings (Terraform plan)"
        columns={columns}
        data={shown}
        options={{
          paging: shown.length > 20,
          pageSize: 20,
          padding: 'dense',
          search: true,
        }}
        emptyContent={
          <Typography style={{ padding: 16 }}>
            {rows.length === 0
              ? 'No infrastructure run has reported findings yet.'
              : 'No finding fails, warns or is waived.'}
          </Typography>
        }
      />
    </div>
  );
}

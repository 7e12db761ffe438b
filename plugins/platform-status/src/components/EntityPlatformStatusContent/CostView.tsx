import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { Link, Table, type TableColumn } from '@backstage/core-components';
import type {
  CostStatus,
  SourceState,
} from '@groundwork/plugin-platform-status-common';
import type { CellVerdict, EnvironmentAssessment } from '../../lib/assess';
import { RequestBudgetButton } from '@groundwork/plugin-requests-react';
import { useRequestsAvailable } from '../../hooks/useRequestsAvailable';
import { formatMoney, formatPercent } from '../../lib/format';
import { absoluteTime } from '@groundwork/plugin-groundwork-common';
import { requestPath } from '../../lib/requestPath';
import { suggestBudget } from '../../lib/suggestBudget';
import { StatusLabel } from '../common/StatusLabel';
import { CostTrendChart } from './CostTrendChart';

interface CostRow {
  id: string;
  environment: string;
  order: number;
  cost: CostStatus;
  verdict: CellVerdict;
  estimate: number | null;
  actual: number | null;
  budget: number | null;
  used: number | null;
}

const MISSING: Record<SourceState, string> = {
  ok: 'No data yet',
  'no-data': 'No data yet',
  'not-configured': 'Not configured',
  error: 'Collection failed',
};

/** Missing figures sort below every number. */
const nullable =
  (key: 'estimate' | 'actual' | 'budget' | 'used') =>
  (a: CostRow, b: CostRow) =>
    (a[key] ?? -Infinity) - (b[key] ?? -Infinity);

/**
 * Estimate, actual and budget per environment, and the trend of the one
 * picked (the last stage by default, where the money is).
 */
export function CostView(props: {
  assessments: EnvironmentAssessment[];
  title: (env: { name: string; title?: string }) => string;
  /** The entity the cost is of; with the requests plugin, enables "Request budget". */
  entityRef?: string;
}) {
  const { assessments, entityRef } = props;
  const requestsAvailable = useRequestsAvailable();
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const rows: CostRow[] = assessments.map(a => ({
    id: a.environment.name,
    environment: props.title(a.environment),
    order: a.environment.order,
    cost: a.environment.cost,
    verdict: a.cells.cost,
    estimate: a.environment.cost.estimatedMonthly,
    actual: a.environment.cost.actualMonthToDate,
    budget: a.environment.cost.budgetMonthly,
    used: a.environment.cost.budgetUsed,
  }));
  const money = (row: CostRow, v: number | null, state?: SourceState) =>
    v !== null
      ? formatMoney(v, row.cost.currency)
      : MISSING[state ?? 'no-data'];

  const columns: TableColumn<CostRow>[] = [
    {
      title: 'Environment',
      field: 'environment',
      customSort: (a, b) => a.order - b.order,
    },
    {
      title: 'Estimate (monthly)',
      field: 'estimate',
      type: 'numeric',
      customSort: nullable('estimate'),
      render: row => money(row, row.estimate, row.cost.estimateState),
    },
    {
      title: 'Actual (month to date)',
      field: 'actual',
      type: 'numeric',
      customSort: nullable('actual'),
      render: row => money(row, row.actual, row.cost.actualState),
    },
    {
      title: 'Budget (monthly)',
      field: 'budget',
      type: 'numeric',
      customSort: nullable('budget'),
      render: row => (
        <>
          {row.budget !== null
            ? formatMoney(row.budget, row.cost.currency)
            : 'None set'}
          {row.cost.budgetInForce && (
            <Typography variant="caption" component="div" color="textSecondary">
              Budget raised to{' '}
              {formatMoney(
                row.cost.budgetInForce.monthlyBudget,
                row.cost.currency,
              )}{' '}
              until {absoluteTime(row.cost.budgetInForce.expiresAt)} by{' '}
              <Link to={requestPath(row.cost.budgetInForce.requestId)}>
                request {row.cost.budgetInForce.requestId}
              </Link>
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'Budget used',
      field: 'used',
      type: 'numeric',
      customSort: nullable('used'),
      render: row => (row.used !== null ? formatPercent(row.used) : '–'),
    },
    {
      title: 'Status',
      field: 'verdict',
      sorting: false,
      render: row => (
        <>
          <StatusLabel level={row.verdict.level}>
            {row.verdict.label}
          </StatusLabel>
          {requestsAvailable &&
            entityRef &&
            row.used !== null &&
            row.used > 1 && (
              <div>
                <RequestBudgetButton
                  entityRef={entityRef}
                  environment={row.id}
                  suggestedBudget={suggestBudget(
                    row.estimate,
                    row.cost.forecastMonthly,
                  )}
                />
              </div>
            )}
        </>
      ),
    },
  ];

  const chartEnv =
    assessments.find(a => a.environment.name === picked) ??
    assessments[assessments.length - 1];

  return (
    <div data-testid="platform-status-cost">
      <Table<CostRow>
        title="Cost against budget"
        columns={columns}
        data={rows}
        options={{ paging: false, search: false, padding: 'dense' }}
      />
      {chartEnv && (
        <Box mt={2}>
          <Box
            display="flex"
            alignItems="center"
            justifyContent="space-between"
          >
            <Typography variant="h6" component="h3">
              Trend: {props.title(chartEnv.environment)}
            </Typography>
            <ToggleButtonGroup
              exclusive
              size="small"
              value={chartEnv.environment.name}
              onChange={(_e, value) => value && setPicked(value)}
              aria-label="Environment of the trend chart"
            >
              {assessments.map(a => (
                <ToggleButton
                  key={a.environment.name}
                  value={a.environment.name}
                >
                  {props.title(a.environment)}
                </ToggleButton>
              ))}
            </ToggleButtonGroup>
          </Box>
          {chartEnv.environment.cost.trend.length === 0 ? (
            <Typography color="textSecondary">
              No cost has been reported for this environment yet.
            </Typography>
          ) : (
            <CostTrendChart
              cost={chartEnv.environment.cost}
              environment={props.title(chartEnv.environment)}
            />
          )}
        </Box>
      )}
    </div>
  );
}

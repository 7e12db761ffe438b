import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { StatusSource } from '@groundwork/plugin-platform-status-common';
import { isPlatformStatusAvailable } from '../../lib/availability';
import {
  sourceName,
  worstEnvironment,
  type EnvironmentAssessment,
} from '../../lib/assess';
import { formatMoney, formatPercent } from '../../lib/format';
import { useEntityPlatformStatus } from '../../hooks/useEntityPlatformStatus';
import {
  useAssessedStatus,
  useEnvironmentTitle,
} from '../../hooks/useAssessedStatus';
import { usePlatformStatusSettings } from '../../hooks/usePlatformStatusSettings';
import { HEALTH_LABELS, StatusLabel } from '../common/StatusLabel';
import { StaleMarker } from '../common/StaleMarker';
import { SourceErrors } from '../common/SourceErrors';
import { PlatformStatusEmptyState } from '../common/PlatformStatusEmptyState';

const TITLE = 'Platform status';

/**
 * The entity summary card: the environment that needs attention first,
 * budget burn and failing critical and high findings per environment.
 */
export function EntityPlatformStatusCard() {
  const { entity } = useEntity();
  return (
    <div data-testid="platform-status-card">
      {isPlatformStatusAvailable(entity) ? (
        <StatusCard />
      ) : (
        <InfoCard title={TITLE}>
          <PlatformStatusEmptyState />
        </InfoCard>
      )}
    </div>
  );
}

function StatusCard() {
  const { loading, error, value } = useEntityPlatformStatus();
  const assessments = useAssessedStatus(value);
  if (loading) {
    return (
      <InfoCard title={TITLE}>
        <Progress />
      </InfoCard>
    );
  }
  if (error || !value) {
    return (
      <InfoCard title={TITLE}>
        <ResponseErrorPanel
          error={error ?? new Error('No status was returned')}
          title="Could not load platform status"
        />
      </InfoCard>
    );
  }
  return (
    <InfoCard title={TITLE}>
      {value.warnings.map(w => (
        <Alert key={w} severity="warning">
          {w}
        </Alert>
      ))}
      {assessments.length === 0 ? (
        <Typography>
          None of the entity's environments is configured in
          groundwork.environments, so there is nothing to show.
        </Typography>
      ) : (
        <CardBody assessments={assessments} />
      )}
    </InfoCard>
  );
}

function CardBody(props: { assessments: EnvironmentAssessment[] }) {
  const { assessments } = props;
  const { staleAfterMs } = usePlatformStatusSettings();
  const title = useEnvironmentTitle();
  const worst = worstEnvironment(assessments)!;
  const totals = assessments.reduce(
    (sum, a) => ({
      critical: sum.critical + a.environment.compliance.failed.critical,
      high: sum.high + a.environment.compliance.failed.high,
    }),
    { critical: 0, high: 0 },
  );
  const notConfigured = (
    ['delivery', 'infrastructure', 'cost', 'compliance'] as StatusSource[]
  ).filter(source =>
    assessments.every(a => a.cells[source].level === 'not-configured'),
  );

  return (
    <>
      <Box mb={2} data-testid="platform-status-worst-environment">
        {worst.level === 'healthy' ? (
          <StatusLabel level="healthy">All environments healthy</StatusLabel>
        ) : (
          <>
            <Typography variant="subtitle2" component="p">
              Needs attention first: {title(worst.environment)}{' '}
              <StatusLabel level={worst.level}>
                {HEALTH_LABELS[worst.level]}
              </StatusLabel>
            </Typography>
            <Typography variant="body2" color="textSecondary" component="p">
              {worst.reasons.slice(0, 3).join('; ')}
            </Typography>
          </>
        )}
      </Box>

      <Table size="small" aria-label="Environments">
        <TableHead>
          <TableRow>
            <TableCell>Environment</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Budget burn</TableCell>
            <TableCell align="right">Critical</TableCell>
            <TableCell align="right">High</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {assessments.map(a => (
            <EnvironmentRow
              key={a.environment.name}
              assessment={a}
              title={title(a.environment)}
              staleAfterMs={staleAfterMs}
            />
          ))}
        </TableBody>
      </Table>

      <Box mt={2}>
        <Typography
          variant="body2"
          data-testid="platform-status-failing-findings"
        >
          {totals.critical + totals.high === 0
            ? 'No critical or high findings failing'
            : `Failing findings: ${totals.critical} critical, ${totals.high} high`}
        </Typography>
        {notConfigured.length > 0 && (
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="platform-status-not-configured"
          >
            <StatusLabel level="not-configured">
              {notConfigured.map(sourceName).join(', ')}: not configured
            </StatusLabel>
          </Typography>
        )}
      </Box>
      <Box mt={2}>
        <SourceErrors
          environments={assessments.map(a => a.environment)}
          title={title}
        />
      </Box>
    </>
  );
}

function EnvironmentRow(props: {
  assessment: EnvironmentAssessment;
  title: string;
  staleAfterMs: number;
}) {
  const { assessment: a, title } = props;
  const env = a.environment;
  const failed = env.compliance.failed;
  const hasFindings = env.compliance.state === 'ok';
  return (
    <TableRow data-testid={`platform-status-card-env-${env.name}`}>
      <TableCell component="th" scope="row" role="rowheader">
        <Typography variant="body2">{title}</Typography>
        <StaleMarker assessment={a} staleAfterMs={props.staleAfterMs} />
      </TableCell>
      <TableCell>
        <StatusLabel level={a.level}>{HEALTH_LABELS[a.level]}</StatusLabel>
      </TableCell>
      <TableCell data-testid={`platform-status-budget-${env.name}`}>
        <BudgetBurn assessment={a} />
      </TableCell>
      <TableCell
        align="right"
        data-testid={`platform-status-critical-${env.name}`}
      >
        {hasFindings ? failed.critical : '–'}
      </TableCell>
      <TableCell align="right" data-testid={`platform-status-high-${env.name}`}>
        {hasFindings ? failed.high : '–'}
      </TableCell>
    </TableRow>
  );
}

function BudgetBurn(props: { assessment: EnvironmentAssessment }) {
  const { cost } = props.assessment.environment;
  const spend = cost.estimatedMonthly ?? cost.actualMonthToDate;
  if (cost.budgetMonthly === null) {
    return (
      <Typography variant="body2">
        No budget
        {spend !== null && ` · ${formatMoney(spend, cost.currency)}/month`}
      </Typography>
    );
  }
  if (cost.budgetUsed === null) {
    return (
      <Typography variant="body2">
        No cost data · budget {formatMoney(cost.budgetMonthly, cost.currency)}
      </Typography>
    );
  }
  return (
    <>
      <StatusLabel level={props.assessment.cells.cost.level}>
        {formatPercent(cost.budgetUsed)} of{' '}
        {formatMoney(cost.budgetMonthly, cost.currency)}
      </StatusLabel>
      {cost.estimatedMonthly !== null && (
        <Typography variant="caption" component="div" color="textSecondary">
          Estimate {formatMoney(cost.estimatedMonthly, cost.currency)}/month
        </Typography>
      )}
    </>
  );
}

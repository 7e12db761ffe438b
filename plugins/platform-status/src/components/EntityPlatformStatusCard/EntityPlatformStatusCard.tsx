import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
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

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    padding: theme.spacing(1, 0),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  heading: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
  },
}));

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
  const classes = useStyles();
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

      <ul className={classes.list} aria-label="Environments">
        {assessments.map(a => (
          <EnvironmentItem
            key={a.environment.name}
            assessment={a}
            title={title(a.environment)}
            staleAfterMs={staleAfterMs}
          />
        ))}
      </ul>

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

/**
 * One environment as a short block rather than a table row: the card sits
 * in the narrow column beside the About card.
 */
function EnvironmentItem(props: {
  assessment: EnvironmentAssessment;
  title: string;
  staleAfterMs: number;
}) {
  const classes = useStyles();
  const { assessment: a, title } = props;
  const env = a.environment;
  const failed = env.compliance.failed;
  return (
    <li
      className={classes.item}
      data-testid={`platform-status-card-env-${env.name}`}
    >
      <div className={classes.heading}>
        <Typography variant="subtitle2" component="h3">
          {title}
        </Typography>
        <StatusLabel level={a.level}>{HEALTH_LABELS[a.level]}</StatusLabel>
      </div>
      <Typography
        variant="body2"
        component="div"
        data-testid={`platform-status-budget-${env.name}`}
      >
        <BudgetBurn assessment={a} />
      </Typography>
      <Typography variant="body2" component="div">
        {env.compliance.state === 'ok' ? (
          <>
            Failing:{' '}
            <span data-testid={`platform-status-critical-${env.name}`}>
              {failed.critical}
            </span>{' '}
            critical,{' '}
            <span data-testid={`platform-status-high-${env.name}`}>
              {failed.high}
            </span>{' '}
            high
          </>
        ) : (
          <StatusLabel level={a.cells.compliance.level}>
            Compliance: {a.cells.compliance.label.toLocaleLowerCase('en-US')}
          </StatusLabel>
        )}
      </Typography>
      <StaleMarker assessment={a} staleAfterMs={props.staleAfterMs} />
    </li>
  );
}

function BudgetBurn(props: { assessment: EnvironmentAssessment }) {
  const { cost } = props.assessment.environment;
  const spend = cost.estimatedMonthly ?? cost.actualMonthToDate;
  if (cost.budgetMonthly === null) {
    return (
      <>
        No budget
        {spend !== null && ` · ${formatMoney(spend, cost.currency)}/month`}
      </>
    );
  }
  if (cost.budgetUsed === null) {
    return (
      <>
        No cost data · budget {formatMoney(cost.budgetMonthly, cost.currency)}
      </>
    );
  }
  return (
    <>
      <StatusLabel level={props.assessment.cells.cost.level}>
        {formatPercent(cost.budgetUsed)} of{' '}
        {formatMoney(cost.budgetMonthly, cost.currency)} budget
      </StatusLabel>
      {cost.estimatedMonthly !== null && (
        <Typography variant="caption" component="div" color="textSecondary">
          Estimate {formatMoney(cost.estimatedMonthly, cost.currency)}/month
        </Typography>
      )}
    </>
  );
}

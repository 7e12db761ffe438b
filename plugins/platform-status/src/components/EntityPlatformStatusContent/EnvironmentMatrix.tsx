import type { ReactNode } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import type {
  EnvironmentStatus,
  SourceError,
  StatusSource,
} from '@groundwork/plugin-platform-status-common';
import type { CellVerdict, EnvironmentAssessment } from '../../lib/assess';
import { formatMoney, formatPercent } from '../../lib/format';
import { HEALTH_LABELS, StatusLabel } from '../common/StatusLabel';
import { StaleMarker } from '../common/StaleMarker';
import { Timestamp } from '../common/Timestamp';
import { DriftDetails } from './DriftDetails';
import { DeploymentHistory } from './DeploymentHistory';

const useStyles = makeStyles(theme => ({
  cell: { verticalAlign: 'top', minWidth: 180 },
  detail: { display: 'block', color: theme.palette.text.secondary },
}));

function Detail(props: { children: ReactNode }) {
  const classes = useStyles();
  return (
    <Typography variant="caption" component="span" className={classes.detail}>
      {props.children}
    </Typography>
  );
}

function Cell(props: {
  verdict: CellVerdict;
  asOf?: string;
  errors: SourceError[];
  testId: string;
  children?: ReactNode;
}) {
  const classes = useStyles();
  return (
    <TableCell className={classes.cell} data-testid={props.testId}>
      <StatusLabel level={props.verdict.level}>
        {props.verdict.label}
      </StatusLabel>
      {props.errors.map((e, i) => (
        <Detail key={i}>
          <StatusLabel level="error">{e.message}</StatusLabel> (
          <Timestamp iso={e.at} />)
        </Detail>
      ))}
      {props.children}
      {props.asOf && (
        <Detail>
          <Timestamp iso={props.asOf} prefix="as of" />
        </Detail>
      )}
    </TableCell>
  );
}

const errorsOf = (env: EnvironmentStatus, source: StatusSource) =>
  env.errors.filter(e => e.source === source);
const hasError = (env: EnvironmentStatus, source: StatusSource) =>
  errorsOf(env, source).length > 0;

function DeliveryDetails({ env }: { env: EnvironmentStatus }) {
  const d = env.delivery;
  if (d.state === 'not-configured') {
    return (
      <Detail>No Argo CD instance delivers to this environment yet.</Detail>
    );
  }
  return (
    <>
      {d.error && !hasError(env, 'delivery') && <Detail>{d.error}</Detail>}
      {d.appName && (
        <Detail>
          {d.instance ? `${d.instance}/` : ''}
          {d.appName}
          {d.revision && ` @ ${d.revision.slice(0, 7)}`}
        </Detail>
      )}
      {d.lastDeployedAt && (
        <Detail>
          <Timestamp iso={d.lastDeployedAt} prefix="deployed" />
        </Detail>
      )}
      {d.url && (
        <Detail>
          <Link to={d.url}>Open in Argo CD</Link>
        </Detail>
      )}
    </>
  );
}

function InfrastructureDetails({ env }: { env: EnvironmentStatus }) {
  const i = env.infrastructure;
  return (
    <>
      {i.error && !hasError(env, 'infrastructure') && (
        <Detail>{i.error}</Detail>
      )}
      {i.message && <Detail>{i.message}</Detail>}
      {i.summary && (
        <Detail>
          +{i.summary.add} ~{i.summary.change} −{i.summary.destroy}
          {i.summary.replace ? ` ±${i.summary.replace}` : ''}
          {i.resourceCount !== undefined && ` · ${i.resourceCount} resources`}
        </Detail>
      )}
      {i.finishedAt && (
        <Detail>
          <Timestamp iso={i.finishedAt} prefix="finished" />
        </Detail>
      )}
      {(i.runUrl || i.taskUrl) && (
        <Detail>
          {i.runUrl && <Link to={i.runUrl}>Terraform run</Link>}
          {i.runUrl && i.taskUrl && ' · '}
          {i.taskUrl && <Link to={i.taskUrl}>Scaffolder task</Link>}
        </Detail>
      )}
    </>
  );
}

function oldest(...times: Array<string | undefined>): string | undefined {
  return times.filter((t): t is string => !!t).sort()[0];
}

const STATE_WORDS = {
  'not-configured': 'not configured',
  'no-data': 'no data yet',
  error: 'failed',
  ok: '',
} as const;

function CostDetails({ env }: { env: EnvironmentStatus }) {
  const c = env.cost;
  const money = (v: number) => formatMoney(v, c.currency);
  return (
    <>
      <Detail>
        Estimate:{' '}
        {c.estimatedMonthly !== null
          ? `${money(c.estimatedMonthly)}/month`
          : STATE_WORDS[c.estimateState] || 'none'}
      </Detail>
      <Detail>
        Actual:{' '}
        {c.actualMonthToDate !== null
          ? `${money(c.actualMonthToDate)} this month`
          : STATE_WORDS[c.actualState] || 'none'}
      </Detail>
      <Detail>
        Budget:{' '}
        {c.budgetMonthly !== null
          ? `${money(c.budgetMonthly)}/month`
          : 'none set'}
        {c.budgetUsed !== null && ` (${formatPercent(c.budgetUsed)} used)`}
      </Detail>
    </>
  );
}

/** Which cluster's policy reports the in-cluster verdict comes from. */
function AdmissionDetails({ env }: { env: EnvironmentStatus }) {
  const a = env.compliance.admission;
  if (!a.cluster) return null;
  return <Detail>Policy reports of {a.cluster}</Detail>;
}

function ComplianceDetails({ env }: { env: EnvironmentStatus }) {
  const c = env.compliance;
  if (c.state !== 'ok') return null;
  return (
    <>
      {c.score !== null && <Detail>Score {c.score}/100</Detail>}
      <Detail>
        Failing: {c.failed.critical} critical, {c.failed.high} high,{' '}
        {c.failed.medium} medium, {c.failed.low} low
      </Detail>
      {c.waived > 0 && <Detail>{c.waived} waived</Detail>}
    </>
  );
}

/**
 * The environment matrix: one row per environment in configured order, one
 * column per source. Rows keep that order on purpose: it is the path a
 * change takes, so the matrix is not sortable.
 */
export function EnvironmentMatrix(props: {
  assessments: EnvironmentAssessment[];
  title: (env: EnvironmentStatus) => string;
  staleAfterMs: number;
}) {
  const classes = useStyles();
  return (
    <Table aria-label="Environment matrix" data-testid="platform-status-matrix">
      <TableHead>
        <TableRow>
          <TableCell>Environment</TableCell>
          <TableCell>Delivery</TableCell>
          <TableCell>Infrastructure</TableCell>
          <TableCell>Cost</TableCell>
          <TableCell>Compliance (plan)</TableCell>
          <TableCell>In cluster (admission)</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.assessments.map(a => {
          const env = a.environment;
          const id = (col: string) => `platform-status-${col}-${env.name}`;
          const delivered =
            env.delivery.appName && env.delivery.state !== 'not-configured';
          return [
            <TableRow key={env.name} data-testid={id('env')}>
              <TableCell
                component="th"
                scope="row"
                role="rowheader"
                className={classes.cell}
              >
                <Typography variant="subtitle2" component="span">
                  {props.title(env)}
                </Typography>
                <Detail>{env.name}</Detail>
                <StatusLabel level={a.level}>
                  {HEALTH_LABELS[a.level]}
                </StatusLabel>
                <div>
                  <StaleMarker
                    assessment={a}
                    staleAfterMs={props.staleAfterMs}
                  />
                </div>
              </TableCell>
              <Cell
                verdict={a.cells.delivery}
                asOf={env.delivery.asOf}
                errors={errorsOf(env, 'delivery')}
                testId={id('delivery')}
              >
                <DeliveryDetails env={env} />
              </Cell>
              <Cell
                verdict={a.cells.infrastructure}
                asOf={env.infrastructure.asOf}
                errors={errorsOf(env, 'infrastructure')}
                testId={id('infrastructure')}
              >
                <InfrastructureDetails env={env} />
                <DriftDetails env={env} verdict={a.cells.drift} />
              </Cell>
              <Cell
                verdict={a.cells.cost}
                asOf={oldest(env.cost.estimateAsOf, env.cost.actualAsOf)}
                errors={errorsOf(env, 'cost')}
                testId={id('cost')}
              >
                <CostDetails env={env} />
              </Cell>
              <Cell
                verdict={a.cells.compliance}
                asOf={env.compliance.asOf}
                errors={errorsOf(env, 'compliance')}
                testId={id('compliance')}
              >
                <ComplianceDetails env={env} />
              </Cell>
              <Cell
                verdict={a.cells.admission}
                asOf={env.compliance.admission.asOf}
                errors={errorsOf(env, 'admission')}
                testId={id('admission')}
              >
                <AdmissionDetails env={env} />
              </Cell>
            </TableRow>,
            delivered && (
              <TableRow key={`${env.name}-history`}>
                <TableCell colSpan={6} data-testid={id('history-row')}>
                  <DeploymentHistory env={env} envTitle={props.title(env)} />
                </TableCell>
              </TableRow>
            ),
          ];
        })}
      </TableBody>
    </Table>
  );
}

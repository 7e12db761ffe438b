import { Link } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type {
  RollupEnvironment,
  RollupResponse,
} from '@groundwork/plugin-platform-status-common';
import { useEnvironmentTitle } from '../../hooks/useAssessedStatus';
import { formatMoney, formatPercent } from '../../lib/format';

/** `3 degraded, 1 over budget`: the non-zero counts behind needsAttention. */
function attentionDetail(env: RollupEnvironment): string {
  const parts: Array<[number, string]> = [
    [env.degraded, 'degraded'],
    [env.drifted, 'drifted'],
    [env.infrastructureFailed, 'Terraform run failed'],
    [env.withCriticalFindings, 'with critical findings'],
    [env.overBudget, 'over budget'],
  ];
  return parts
    .filter(([count]) => count > 0)
    .map(([count, words]) => `${count} ${words}`)
    .join(', ');
}

function CostCell(props: { env: RollupEnvironment; currency: string }) {
  const { env, currency } = props;
  if (env.estimatedMonthly === null && env.actualMonthToDate === null) {
    return <>No cost data</>;
  }
  const estimate =
    env.estimatedMonthly === null
      ? 'no estimate'
      : `${formatMoney(env.estimatedMonthly, currency)} a month`;
  const actual =
    env.actualMonthToDate === null
      ? ''
      : `, ${formatMoney(env.actualMonthToDate, currency)} so far this month`;
  const budget =
    env.budgetMonthly && env.estimatedMonthly !== null
      ? ` (${formatPercent(
          env.estimatedMonthly / env.budgetMonthly,
        )} of ${formatMoney(env.budgetMonthly, currency)})`
      : '';
  return (
    <>
      {estimate}
      {budget}
      {actual}
    </>
  );
}

function EnvironmentLink(props: { to: string | undefined; title: string }) {
  return props.to ? (
    <Link to={props.to}>{props.title}</Link>
  ) : (
    <>{props.title}</>
  );
}

/**
 * Environments rolled up: entities, how many need attention and why, cost
 * against budget. `linkTo` gives each environment's link (none: plain text).
 */
export function RollupTable(props: {
  rollup: RollupResponse;
  linkTo?: (environment: string) => string | undefined;
}) {
  const { rollup, linkTo } = props;
  const environmentTitle = useEnvironmentTitle();
  return (
    <Table size="small" aria-label="Environments rolled up">
      <TableHead>
        <TableRow>
          <TableCell>Environment</TableCell>
          <TableCell align="right">Entities</TableCell>
          <TableCell>Needs attention</TableCell>
          <TableCell>Cost</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rollup.environments.map(env => (
          <TableRow
            key={env.environment}
            data-testid={`platform-status-rollup-${env.environment}`}
          >
            <TableCell>
              <EnvironmentLink
                to={linkTo?.(env.environment)}
                title={environmentTitle({ name: env.environment })}
              />
            </TableCell>
            <TableCell align="right">{env.entities}</TableCell>
            <TableCell>
              {env.needsAttention === 0
                ? 'None'
                : `${env.needsAttention}: ${attentionDetail(env)}`}
            </TableCell>
            <TableCell>
              <CostCell env={env} currency={rollup.currency} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

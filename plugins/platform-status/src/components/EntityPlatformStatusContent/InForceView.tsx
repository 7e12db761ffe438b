import { Link } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import type { EnvironmentAssessment } from '../../lib/assess';
import { formatMoney, shortEntityRef } from '../../lib/format';
import {
  absoluteTime,
  relativeTime,
} from '@groundwork/plugin-groundwork-common';
import { requestPath } from '../../lib/requestPath';

/**
 * Per environment, what approved requests change now: the policy waivers in
 * force (rule, resource, until when, who approved, the request) and a
 * raised budget. Nothing shows when the requests plugin is not installed
 * (the status then carries no `waiversInForce`).
 */
export function InForceView(props: {
  assessments: EnvironmentAssessment[];
  title: (env: { name: string; title?: string }) => string;
  now?: number;
}) {
  const now = props.now ?? Date.now();
  const envs = props.assessments.map(a => a.environment);
  if (envs.every(e => !e.compliance.waiversInForce && !e.cost.budgetInForce)) {
    return null;
  }
  return (
    <InfoCard title="Waivers and budgets in force" noPadding>
      <div data-testid="platform-status-in-force">
        {envs.map(env => {
          const waivers = env.compliance.waiversInForce ?? [];
          const budget = env.cost.budgetInForce;
          return (
            <section
              key={env.name}
              aria-label={`In force in ${props.title(env)}`}
              style={{ padding: 16 }}
            >
              <Typography variant="subtitle1" component="h3">
                {props.title(env)}
              </Typography>
              {budget && (
                <Typography variant="body2" paragraph>
                  Budget raised to{' '}
                  {formatMoney(budget.monthlyBudget, env.cost.currency)} until{' '}
                  {absoluteTime(budget.expiresAt)} by{' '}
                  <Link to={requestPath(budget.requestId)}>
                    request {budget.requestId}
                  </Link>{' '}
                  (approved by {shortEntityRef(budget.approvedBy)})
                </Typography>
              )}
              {waivers.length === 0 ? (
                <Typography variant="body2" color="textSecondary">
                  No waiver in force.
                </Typography>
              ) : (
                <Table
                  size="small"
                  aria-label={`Waivers in ${props.title(env)}`}
                >
                  <TableHead>
                    <TableRow>
                      <TableCell>Rule</TableCell>
                      <TableCell>Resource</TableCell>
                      <TableCell>Expires</TableCell>
                      <TableCell>Approved by</TableCell>
                      <TableCell>Request</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {waivers.map(w => (
                      <TableRow key={w.requestId}>
                        <TableCell>{w.rule}</TableCell>
                        <TableCell>
                          <code>{w.resource}</code>
                        </TableCell>
                        <TableCell>
                          {relativeTime(w.expiresAt, now)}
                          <Typography
                            variant="caption"
                            component="div"
                            color="textSecondary"
                          >
                            {absoluteTime(w.expiresAt)}
                          </Typography>
                        </TableCell>
                        <TableCell>{shortEntityRef(w.approvedBy)}</TableCell>
                        <TableCell>
                          <Link to={requestPath(w.requestId)}>
                            request {w.requestId}
                          </Link>
                          <Typography
                            variant="caption"
                            component="div"
                            color="textSecondary"
                          >
                            {w.reason}
                          </Typography>
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
            </section>
          );
        })}
      </div>
    </InfoCard>
  );
}

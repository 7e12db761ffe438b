import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTheme } from '@material-ui/core/styles';
import type { CostStatus } from '@groundwork/plugin-platform-status-common';
import { formatMoney } from '../../lib/format';

/** One sentence that says what the chart shows, for screen readers. */
function describeTrend(cost: CostStatus, environment: string): string {
  const money = (v: number) => formatMoney(v, cost.currency);
  const estimates = cost.trend.flatMap(p =>
    p.estimatedMonthly !== undefined ? [p.estimatedMonthly] : [],
  );
  const actuals = cost.trend.flatMap(p =>
    p.actualMonthToDate !== undefined ? [p.actualMonthToDate] : [],
  );
  const parts = [
    `Cost trend of ${environment} over ${cost.trend.length} points`,
  ];
  if (estimates.length) {
    parts.push(
      `estimate from ${money(estimates[0])} to ${money(
        estimates[estimates.length - 1],
      )} a month`,
    );
  }
  if (actuals.length) {
    parts.push(
      `actual month to date now ${money(actuals[actuals.length - 1])}`,
    );
  }
  parts.push(
    cost.budgetMonthly !== null
      ? `budget ${money(cost.budgetMonthly)} a month`
      : 'no budget set',
  );
  return `${parts.join('; ')}.`;
}

/** Estimate and actual over time, against the budget line. */
export function CostTrendChart(props: {
  cost: CostStatus;
  environment: string;
}) {
  const theme = useTheme();
  const { cost } = props;
  const data = cost.trend.map(p => ({ ...p, time: Date.parse(p.at) }));
  const money = (v: number) => formatMoney(v, cost.currency);
  const day = (t: number) => new Date(t).toISOString().slice(5, 10);
  return (
    <div
      role="img"
      aria-label={describeTrend(cost, props.environment)}
      data-testid="platform-status-cost-trend"
      style={{ width: '100%', height: 260 }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={data}
          margin={{ top: 16, right: 24, bottom: 8, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={day}
          />
          <YAxis tickFormatter={money} width={80} />
          <Tooltip
            labelFormatter={t => new Date(Number(t)).toISOString().slice(0, 16)}
            formatter={(v: number) => money(v)}
          />
          <Legend />
          <Line
            name="Estimate (monthly)"
            dataKey="estimatedMonthly"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            connectNulls
          />
          <Line
            name="Actual (month to date)"
            dataKey="actualMonthToDate"
            stroke={theme.palette.secondary.main}
            strokeDasharray="6 3"
            strokeWidth={2}
            connectNulls
          />
          {cost.budgetMonthly !== null && (
            <ReferenceLine
              y={cost.budgetMonthly}
              stroke={theme.palette.error.main}
              strokeDasharray="2 2"
              label={{
                value: `Budget ${money(cost.budgetMonthly)}`,
                position: 'insideTopRight',
              }}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

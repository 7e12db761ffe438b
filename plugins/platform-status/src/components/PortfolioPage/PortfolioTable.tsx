import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import FilterListIcon from '@material-ui/icons/FilterList';
import { makeStyles } from '@material-ui/core/styles';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  OverviewRow,
  OverviewSortField,
} from '@groundwork/plugin-platform-status-common';
import {
  assessDelivery,
  assessInfrastructure,
  budgetLevel,
  type CellVerdict,
} from '../../lib/assess';
import { formatMoney, formatPercent, shortEntityRef } from '../../lib/format';
import { StatusLabel } from '../common/StatusLabel';
import { Timestamp } from '../common/Timestamp';

const useStyles = makeStyles({
  header: { '& th': { whiteSpace: 'nowrap' } },
});

export interface Sort {
  sort: OverviewSortField;
  order: 'asc' | 'desc';
}

/** Which way a column sorts first: what needs attention comes to the top. */
export const FIRST_ORDER: Record<OverviewSortField, 'asc' | 'desc'> = {
  name: 'asc',
  cost: 'desc',
  budgetUse: 'desc',
  compliance: 'asc',
};

export function deliveryVerdict(row: OverviewRow): CellVerdict {
  if (row.healthStatus || row.syncStatus) {
    return assessDelivery({
      state: 'ok',
      healthStatus: row.healthStatus,
      syncStatus: row.syncStatus,
    });
  }
  if (row.deliveryState && row.deliveryState !== 'ok') {
    return assessDelivery({ state: row.deliveryState });
  }
  return { level: 'no-data', label: 'No data' };
}

export function infrastructureVerdict(row: OverviewRow): CellVerdict {
  return row.infrastructureResult
    ? assessInfrastructure({ state: 'ok', result: row.infrastructureResult })
    : { level: 'no-data', label: 'No data' };
}

function SortableHeader(props: {
  field: OverviewSortField;
  sort: Sort;
  onSort: (sort: Sort) => void;
  children: string;
  align?: 'right';
}) {
  const { field, sort } = props;
  const active = sort.sort === field;
  const flipped = sort.order === 'asc' ? 'desc' : 'asc';
  const ariaSort = sort.order === 'asc' ? 'ascending' : 'descending';
  return (
    <TableCell
      align={props.align}
      sortDirection={active ? sort.order : false}
      aria-sort={active ? ariaSort : undefined}
    >
      <TableSortLabel
        active={active}
        direction={active ? sort.order : FIRST_ORDER[field]}
        onClick={() =>
          props.onSort({
            sort: field,
            order: active ? flipped : FIRST_ORDER[field],
          })
        }
      >
        {props.children}
      </TableSortLabel>
    </TableCell>
  );
}

function FilterButton(props: { label: string; onClick: () => void }) {
  return (
    <IconButton size="small" aria-label={props.label} onClick={props.onClick}>
      <FilterListIcon fontSize="inherit" />
    </IconButton>
  );
}

/**
 * One row per entity and environment. Sorting and paging happen on the
 * back end, so a sort applies to the whole catalog, not to the page shown.
 */
export function PortfolioTable(props: {
  rows: OverviewRow[];
  currency: string;
  sort: Sort;
  onSort: (sort: Sort) => void;
  onFilter: (key: 'owner' | 'system', value: string) => void;
  environmentTitle: (name: string) => string;
  isStale: (asOf: string) => boolean;
}) {
  const { rows, sort, onSort } = props;
  const classes = useStyles();
  const money = (v: number) => formatMoney(v, props.currency);
  return (
    <Table size="small" aria-label="Platform status portfolio">
      <TableHead>
        <TableRow className={classes.header}>
          <SortableHeader field="name" sort={sort} onSort={onSort}>
            Entity
          </SortableHeader>
          <TableCell>Environment</TableCell>
          <TableCell>Owner</TableCell>
          <TableCell>Delivery</TableCell>
          <TableCell>Infrastructure</TableCell>
          <SortableHeader
            field="cost"
            sort={sort}
            onSort={onSort}
            align="right"
          >
            Cost / month
          </SortableHeader>
          <SortableHeader
            field="budgetUse"
            sort={sort}
            onSort={onSort}
            align="right"
          >
            Budget use
          </SortableHeader>
          <SortableHeader
            field="compliance"
            sort={sort}
            onSort={onSort}
            align="right"
          >
            Compliance
          </SortableHeader>
          <TableCell align="right">Waivers</TableCell>
          <TableCell>As of</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => {
          const delivery = deliveryVerdict(row);
          const infrastructure = infrastructureVerdict(row);
          const key = `${row.entityRef}|${row.environment}`;
          return (
            <TableRow key={key} data-testid="platform-status-portfolio-row">
              <TableCell component="th" scope="row" role="rowheader">
                <EntityRefLink entityRef={row.entityRef} title={row.title} />
                <Typography
                  variant="caption"
                  component="div"
                  color="textSecondary"
                >
                  {row.kind}
                  {row.system && (
                    <>
                      {' · '}
                      {shortEntityRef(row.system)}
                      <FilterButton
                        label={`Show only system ${row.system}`}
                        onClick={() => props.onFilter('system', row.system!)}
                      />
                    </>
                  )}
                </Typography>
              </TableCell>
              <TableCell>{props.environmentTitle(row.environment)}</TableCell>
              <TableCell>
                {row.owner ? (
                  <>
                    {shortEntityRef(row.owner)}
                    <FilterButton
                      label={`Show only owner ${row.owner}`}
                      onClick={() => props.onFilter('owner', row.owner!)}
                    />
                  </>
                ) : (
                  'No owner'
                )}
              </TableCell>
              <TableCell>
                <StatusLabel level={delivery.level}>
                  {delivery.label}
                </StatusLabel>
              </TableCell>
              <TableCell>
                <StatusLabel level={infrastructure.level}>
                  {infrastructure.label}
                </StatusLabel>
              </TableCell>
              <TableCell align="right">
                {row.estimatedMonthly !== null
                  ? money(row.estimatedMonthly)
                  : 'No estimate'}
                {row.actualMonthToDate !== null && (
                  <Typography
                    variant="caption"
                    component="div"
                    color="textSecondary"
                  >
                    {money(row.actualMonthToDate)} this month
                  </Typography>
                )}
              </TableCell>
              <TableCell align="right">
                {row.budgetUsed !== null ? (
                  <StatusLabel level={budgetLevel(row.budgetUsed)}>
                    {formatPercent(row.budgetUsed)}
                    {row.budgetMonthly !== null &&
                      ` of ${money(row.budgetMonthly)}`}
                  </StatusLabel>
                ) : (
                  <Typography variant="body2" color="textSecondary">
                    {row.budgetMonthly === null ? 'No budget' : 'No cost data'}
                  </Typography>
                )}
              </TableCell>
              <TableCell align="right">
                {row.complianceScore !== null ? (
                  <>
                    {row.complianceScore}/100
                    <Typography
                      variant="caption"
                      component="div"
                      color="textSecondary"
                    >
                      {row.failed.critical} critical, {row.failed.high} high
                      failing
                    </Typography>
                  </>
                ) : (
                  <Typography variant="body2" color="textSecondary">
                    No data
                  </Typography>
                )}
              </TableCell>
              <TableCell align="right">
                {/* Absent when the requests plugin is not installed: no count, not zero. */}
                {row.waiversInForce === undefined ? (
                  <Typography variant="body2" color="textSecondary">
                    –
                  </Typography>
                ) : (
                  <span
                    aria-label={`${row.waiversInForce} waiver${
                      row.waiversInForce === 1 ? '' : 's'
                    } in force`}
                  >
                    {row.waiversInForce}
                  </span>
                )}
              </TableCell>
              <TableCell>
                {row.asOf ? (
                  <>
                    <Timestamp iso={row.asOf} />
                    {props.isStale(row.asOf) && (
                      <div>
                        <StatusLabel level="warning">Stale</StatusLabel>
                      </div>
                    )}
                  </>
                ) : (
                  'Never'
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

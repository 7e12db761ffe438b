import { useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router-dom';
import LinearProgress from '@material-ui/core/LinearProgress';
import TablePagination from '@material-ui/core/TablePagination';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  OverviewResponse,
  OverviewSortField,
} from '@groundwork/plugin-platform-status-common';
import { RollupTable } from '../common/RollupTable';
import { platformStatusApiRef } from '../../api/PlatformStatusApi';
import { usePlatformStatusSettings } from '../../hooks/usePlatformStatusSettings';
import { PortfolioFilters, type Filters } from './PortfolioFilters';
import { FIRST_ORDER, PortfolioTable, type Sort } from './PortfolioTable';

const PAGE_SIZES = [25, 50, 100];
const SORTS = Object.keys(FIRST_ORDER) as OverviewSortField[];

/** Filters, sort and page live in the URL, so a view can be shared as a link. */
function useViewState() {
  const [params, setParams] = useSearchParams();
  const sortParam = params.get('sort') as OverviewSortField | null;
  const sort: Sort = {
    sort: sortParam && SORTS.includes(sortParam) ? sortParam : 'cost',
    order:
      params.get('order') === 'asc' || params.get('order') === 'desc'
        ? (params.get('order') as 'asc' | 'desc')
        : FIRST_ORDER[
            sortParam && SORTS.includes(sortParam) ? sortParam : 'cost'
          ],
  };
  const limit = PAGE_SIZES.includes(Number(params.get('limit')))
    ? Number(params.get('limit'))
    : PAGE_SIZES[0];
  const page = Math.max(0, Math.floor(Number(params.get('page')) || 0));
  const filters: Filters = {
    owner: params.get('owner') ?? '',
    kind: params.get('kind') ?? '',
    system: params.get('system') ?? '',
    environment: params.get('environment') ?? '',
  };
  const update = (
    next: Partial<Filters & Sort & { page: number; limit: number }>,
  ) => {
    const merged = { ...filters, ...sort, page, limit, ...next };
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(merged)) {
      if (value !== '' && value !== undefined) search.set(key, String(value));
    }
    setParams(search, { replace: true });
  };
  return { sort, limit, page, filters, update };
}

/**
 * The portfolio: every entity and environment the caller may see, with
 * delivery, cost against budget and compliance, filtered, sorted and paged
 * by the back end.
 */
export function PlatformStatusPortfolio() {
  const api = useApi(platformStatusApiRef);
  const { environments, staleAfterMs } = usePlatformStatusSettings();
  const { sort, limit, page, filters, update } = useViewState();
  const query = {
    ...filters,
    ...sort,
    offset: page * limit,
    limit,
  };
  const key = JSON.stringify(query);
  const state = useAsync(() => api.getOverview(query), [api, key]);
  // The roll-up covers every page of the filtered rows.
  const filterKey = JSON.stringify(filters);
  const rollup = useAsync(() => api.getRollup(filters), [api, filterKey]);

  // Keep the last page on screen while the next one loads, instead of
  // collapsing the table on every click.
  const last = useRef<OverviewResponse | undefined>(undefined);
  useEffect(() => {
    if (state.value) last.current = state.value;
  }, [state.value]);
  const value = state.value ?? last.current;
  const now = Date.now();
  const filtered = Object.values(filters).some(Boolean);

  return (
    <div data-testid="platform-status-portfolio">
      <PortfolioFilters
        filters={filters}
        environments={environments.environments}
        onChange={next => update({ ...next, page: 0 })}
      />
      {rollup.error && (
        <ResponseErrorPanel
          error={rollup.error}
          title="Could not load the roll-up"
        />
      )}
      {rollup.value && rollup.value.environments.length > 0 && (
        <InfoCard title="Rolled up per environment" noPadding>
          <RollupTable rollup={rollup.value} />
        </InfoCard>
      )}
      <InfoCard title="Entities by environment" noPadding>
        {state.loading && <LinearProgress aria-label="Loading the portfolio" />}
        {state.error && (
          <ResponseErrorPanel
            error={state.error}
            title="Could not load the portfolio"
          />
        )}
        {value && !state.error && (
          <>
            {value.items.length === 0 ? (
              <Typography style={{ padding: 16 }}>
                {filtered
                  ? 'No entity matches these filters.'
                  : 'No entity has reported platform status yet. Entities with the groundwork.dev/environments annotation appear here after their first infrastructure run or collection.'}
              </Typography>
            ) : (
              <PortfolioTable
                rows={value.items}
                currency={value.currency}
                sort={sort}
                onSort={next => update({ ...next, page: 0 })}
                onFilter={(k, v) => update({ [k]: v, page: 0 })}
                environmentTitle={name =>
                  environments.find(name)?.title ?? name
                }
                isStale={asOf => now - Date.parse(asOf) > staleAfterMs}
              />
            )}
            <TablePagination
              component="div"
              count={value.totalCount}
              page={Math.min(
                page,
                Math.max(0, Math.ceil(value.totalCount / limit) - 1),
              )}
              rowsPerPage={limit}
              rowsPerPageOptions={PAGE_SIZES}
              onPageChange={(_e, next) => update({ page: next })}
              onRowsPerPageChange={e =>
                update({ limit: Number(e.target.value), page: 0 })
              }
            />
          </>
        )}
      </InfoCard>
    </div>
  );
}

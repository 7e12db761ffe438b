import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { rootRouteRef } from '../../alpha/routes';
import { platformStatusApiRef } from '../../api/PlatformStatusApi';
import { RollupTable } from '../common/RollupTable';

const TITLE = 'Platform status of what it holds';

/**
 * On a Group's or a System's page: its entities' environments rolled up
 * (cost against budget, how many need attention and why), each row linking
 * to the portfolio filtered to them.
 */
export function EntityRollupCard() {
  const { entity } = useEntity();
  const api = useApi(platformStatusApiRef);
  const portfolioRoute = useRouteRef(rootRouteRef);
  const ref = stringifyEntityRef(entity);
  const isSystem = entity.kind.toLocaleLowerCase('en-US') === 'system';
  const filter: Record<string, string> = isSystem
    ? { system: ref }
    : { owner: ref };
  const { loading, error, value } = useAsync(
    () => api.getRollup(filter),
    [api, ref],
  );
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
          error={error ?? new Error('No roll-up was returned')}
        />
      </InfoCard>
    );
  }
  // The portfolio page, filtered to this group's or system's entities.
  const portfolio = (environment: string) =>
    portfolioRoute &&
    `${portfolioRoute()}?${new URLSearchParams({ ...filter, environment })}`;
  return (
    <InfoCard title={TITLE}>
      {value.environments.length === 0 ? (
        <Typography variant="body2" data-testid="platform-status-rollup-empty">
          No entity {isSystem ? 'in this system' : 'owned here'} reports
          platform status that you may read. Entities appear once they carry the
          groundwork.dev/environments annotation.
        </Typography>
      ) : (
        <RollupTable rollup={value} linkTo={portfolio} />
      )}
    </InfoCard>
  );
}

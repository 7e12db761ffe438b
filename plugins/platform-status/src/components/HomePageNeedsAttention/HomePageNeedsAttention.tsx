import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  identityApiRef,
  useApi,
  useRouteRef,
} from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import { platformStatusApiRef } from '../../api/PlatformStatusApi';
import { usePlatformStatusSettings } from '../../hooks/usePlatformStatusSettings';
import {
  byAttention,
  needsAttention,
  type EntityAttention,
} from '../../lib/attention';
import { HEALTH_LABELS, StatusLabel } from '../common/StatusLabel';

/**
 * The most rows one home-page card asks for: the back end's page limit.
 * Someone who owns more sees a note and a link to the filtered portfolio.
 */
const MAX_ROWS = 200;

const useStyles = makeStyles(theme => ({
  entity: {
    display: 'block',
    paddingTop: theme.spacing(1),
    paddingBottom: theme.spacing(1),
  },
  environments: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 2),
    marginTop: theme.spacing(0.5),
  },
}));

function EntityRow(props: {
  entity: EntityAttention;
  environmentTitle: (name: string) => string;
}) {
  const { entity } = props;
  const classes = useStyles();
  const entityRoute = useRouteRef(entityRouteRef);
  const ref = parseEntityRef(entity.entityRef);
  const tab = `${entityRoute({
    kind: ref.kind.toLocaleLowerCase('en-US'),
    namespace: ref.namespace,
    name: ref.name,
  })}/platform-status`;
  return (
    <ListItem
      divider
      className={classes.entity}
      data-testid="home-needs-attention-entity"
    >
      <Link to={tab}>{entity.title ?? ref.name}</Link>
      <div className={classes.environments}>
        {entity.environments.map(env => (
          <span
            key={env.row.environment}
            title={env.reasons.join('; ') || undefined}
            data-testid={`home-needs-attention-env-${ref.name}-${env.row.environment}`}
          >
            <StatusLabel level={env.level}>
              {props.environmentTitle(env.row.environment)}:{' '}
              {env.reasons[0] ?? HEALTH_LABELS[env.level]}
            </StatusLabel>
          </span>
        ))}
      </div>
    </ListItem>
  );
}

/**
 * The signed-in person's entities (owned by them or their groups) with
 * every environment, what needs attention first. Content of the home page's
 * "Needs attention" card; each entity links to its Platform status tab.
 */
export function HomePageNeedsAttention() {
  const api = useApi(platformStatusApiRef);
  const identityApi = useApi(identityApiRef);
  const { environments, staleAfterMs } = usePlatformStatusSettings();
  const state = useAsync(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    if (ownershipEntityRefs.length === 0) return { owners: [], rows: [] };
    const response = await api.getOverview({
      owner: ownershipEntityRefs.join(','),
      sort: 'name',
      limit: MAX_ROWS,
    });
    return {
      owners: ownershipEntityRefs,
      rows: response.items,
      totalCount: response.totalCount,
    };
  }, [api, identityApi]);

  if (state.loading) return <Progress />;
  if (state.error) {
    return (
      <ResponseErrorPanel
        error={state.error}
        title="Could not load your environments. Platform status may be down: reload in a minute, or open Platform status from the sidebar."
      />
    );
  }
  const { owners, rows, totalCount } = state.value!;
  if (rows.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="Nothing of yours reports platform status yet"
        description={
          owners.length === 0
            ? 'You belong to no group in the catalog. Ask an administrator to add you to your team, then your team’s services appear here.'
            : 'Services you or your groups own appear here after their first infrastructure run or Argo CD collection. Create one from a template, or give an existing component the groundwork.dev/environments annotation.'
        }
        action={<Link to="/create">Create a service</Link>}
      />
    );
  }
  const entities = byAttention(rows, {
    now: Date.now(),
    staleAfterMs,
    environmentOrder: name =>
      environments.find(name)?.order ?? Number.MAX_SAFE_INTEGER,
  });
  const count = entities
    .flatMap(e => e.environments)
    .filter(needsAttention).length;
  return (
    <div data-testid="home-needs-attention">
      <Typography variant="body2" color="textSecondary">
        {count === 0
          ? 'No environment of yours needs attention.'
          : `${count} environment${
              count === 1 ? ' needs' : 's need'
            } attention.`}
        {totalCount !== undefined && totalCount > rows.length && (
          <>
            {' '}
            Showing the first {rows.length} of {totalCount}:{' '}
            <Link
              to={`/platform-status?owner=${encodeURIComponent(
                owners.join(','),
              )}&sort=budgetUse`}
            >
              see all in Platform status
            </Link>
            .
          </>
        )}
      </Typography>
      <List dense disablePadding>
        {entities.map(entity => (
          <EntityRow
            key={entity.entityRef}
            entity={entity}
            environmentTitle={name => environments.find(name)?.title ?? name}
          />
        ))}
      </List>
    </div>
  );
}

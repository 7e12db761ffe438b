import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import type {
  GroundworkRequest,
  RequestState as State,
} from '@groundwork/plugin-requests-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import ListSubheader from '@material-ui/core/ListSubheader';
import useAsync from 'react-use/esm/useAsync';
import { requestsApiRef } from '../api/RequestsApi';
import { RequestState } from './RequestState';

/** Not finished: waiting for a decision, being applied, or failed to apply (can be applied again). */
const OPEN_STATES: State[] = ['requested', 'approved', 'failed'];

/** Where the Requests page is mounted in Groundwork's portal. */
const REQUESTS_PATH = '/requests';

function RequestItem({ request }: { request: GroundworkRequest }) {
  return (
    <ListItem divider data-testid="home-my-requests-item">
      <ListItemText
        primary={
          <Link to={`${REQUESTS_PATH}/${encodeURIComponent(request.id)}`}>
            {request.title}
          </Link>
        }
        secondary={
          <>
            <RequestState state={request.state} /> · asked{' '}
            {new Date(request.createdAt).toLocaleDateString()}
          </>
        }
        secondaryTypographyProps={{ component: 'div' }}
      />
    </ListItem>
  );
}

/**
 * The signed-in person's open requests (asked by them or about them) and,
 * for approvers, what waits for their decision. Content of the home page's
 * "My requests" card.
 */
export function HomePageMyRequests() {
  const api = useApi(requestsApiRef);
  const identityApi = useApi(identityApiRef);
  const state = useAsync(async () => {
    const [{ userEntityRef }, list] = await Promise.all([
      identityApi.getBackstageIdentity(),
      api.list({ states: OPEN_STATES }),
    ]);
    const isMine = (r: GroundworkRequest) =>
      r.requestedBy === userEntityRef || r.subject === userEntityRef;
    return {
      mine: list.items.filter(isMine),
      // Nobody decides their own request (the back end refuses it too).
      toDecide: list.canDecide
        ? list.items.filter(r => r.state === 'requested' && !isMine(r))
        : [],
    };
  }, [api, identityApi]);

  if (state.loading) return <Progress />;
  if (state.error) {
    return (
      <ResponseErrorPanel
        error={state.error}
        title="Could not load your requests. The requests service may be down: reload in a minute, or open Requests from the sidebar."
      />
    );
  }
  const { mine, toDecide } = state.value!;
  if (mine.length === 0 && toDecide.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No open requests"
        description="Access that needs a second person's approval (a privileged persona, production, another team) waits here until it is decided and applied. Onboard someone from Create to make one."
        action={<Link to={REQUESTS_PATH}>See all requests</Link>}
      />
    );
  }
  return (
    <div data-testid="home-my-requests">
      {toDecide.length > 0 && (
        <List
          dense
          disablePadding
          subheader={
            <ListSubheader disableGutters>
              Waiting for your decision ({toDecide.length})
            </ListSubheader>
          }
        >
          {toDecide.map(r => (
            <RequestItem key={r.id} request={r} />
          ))}
        </List>
      )}
      {mine.length > 0 && (
        <List
          dense
          disablePadding
          subheader={
            <ListSubheader disableGutters>
              Asked by you or about you ({mine.length})
            </ListSubheader>
          }
        >
          {mine.map(r => (
            <RequestItem key={r.id} request={r} />
          ))}
        </List>
      )}
      <Link to={REQUESTS_PATH}>See all requests</Link>
    </div>
  );
}

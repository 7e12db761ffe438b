import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import useAsync from 'react-use/esm/useAsync';

// The task types as the API returns them (scaffolder-react's own type exports are deprecated).
type ScaffolderTask = Awaited<
  ReturnType<(typeof scaffolderApiRef.T)['listTasks']>
>['tasks'][number];
type ScaffolderTaskStatus = ScaffolderTask['status'];

/** How many runs the card shows; the Create page's task list has the rest. */
export const RECENT_RUNS = 5;

function TaskStatus({ status }: { status: ScaffolderTaskStatus }) {
  switch (status) {
    case 'completed':
      return <StatusOK>Completed</StatusOK>;
    case 'failed':
      return <StatusError>Failed</StatusError>;
    case 'cancelled':
      return <StatusAborted>Cancelled</StatusAborted>;
    case 'processing':
      return <StatusRunning>Running</StatusRunning>;
    default:
      return <StatusPending>Waiting to start</StatusPending>;
  }
}

/** The template's title as the run recorded it, else its name. */
function templateTitle(task: ScaffolderTask): string {
  const entity = task.spec.templateInfo?.entity;
  return (
    entity?.metadata?.title ??
    entity?.metadata?.name ??
    task.spec.templateInfo?.entityRef ??
    'Template run'
  );
}

/**
 * The signed-in person's last template runs (the scaffolder's own task list
 * filtered to what they created), newest first, each linking to its log.
 */
export function RecentTemplateRuns() {
  const scaffolderApi = useApi(scaffolderApiRef);
  const state = useAsync(
    () =>
      scaffolderApi.listTasks({
        filterByOwnership: 'owned',
        limit: RECENT_RUNS,
      }),
    [scaffolderApi],
  );
  if (state.loading) return <Progress />;
  if (state.error) {
    return (
      <ResponseErrorPanel
        error={state.error}
        title="Could not load your template runs. The scaffolder may be down: reload in a minute, or see Create, then Task list."
      />
    );
  }
  // The back end orders by creation; order here too, so the card never depends on it.
  const tasks = [...state.value!.tasks]
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
    .slice(0, RECENT_RUNS);
  if (tasks.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="You have not run a template yet"
        description="Templates create services, environments and onboardings. Your runs, with their logs, appear here."
        action={<Link to="/create">Choose a template</Link>}
      />
    );
  }
  return (
    <div data-testid="home-recent-runs">
      <List dense disablePadding>
        {tasks.map(task => (
          <ListItem divider key={task.id} data-testid="home-recent-run">
            <ListItemText
              primary={
                <Link to={`/create/tasks/${encodeURIComponent(task.id)}`}>
                  {templateTitle(task)}
                </Link>
              }
              secondary={
                <>
                  <TaskStatus status={task.status} /> · started{' '}
                  {new Date(task.createdAt).toLocaleString()}
                </>
              }
              secondaryTypographyProps={{ component: 'div' }}
            />
          </ListItem>
        ))}
      </List>
      <Link to="/create/tasks">All your template runs</Link>
    </div>
  );
}

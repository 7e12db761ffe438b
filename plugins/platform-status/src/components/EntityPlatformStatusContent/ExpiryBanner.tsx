import Alert, { Color } from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { Link } from '@backstage/core-components';
import type { EntityExpiry } from '@groundwork/plugin-platform-status-common';
import { absoluteTime } from '@groundwork/plugin-groundwork-common';
import { Timestamp } from '../common/Timestamp';

const ANNOTATION = 'groundwork.dev/expires-at';

const SEVERITY: Record<EntityExpiry['state'], Color> = {
  scheduled: 'info',
  notified: 'warning',
  refused: 'warning',
  'tearing-down': 'info',
  destroyed: 'success',
  failed: 'error',
};

function When(props: { iso: string | null }) {
  if (!props.iso) return null;
  return (
    <>
      {' '}
      <Timestamp iso={props.iso} /> ({absoluteTime(props.iso)})
    </>
  );
}

function TaskLink(props: { taskId?: string }) {
  if (!props.taskId) return null;
  return (
    <>
      {' '}
      <Link to={`/create/tasks/${encodeURIComponent(props.taskId)}`}>
        See the teardown task.
      </Link>
    </>
  );
}

const KEEP = `To keep it longer, change ${ANNOTATION} in its catalog-info.yaml to a later time in UTC; to keep it for good, remove the annotation.`;

/**
 * A preview's expiry on the Platform status tab: when it is destroyed and
 * how to keep it, or why it will not be, or how its teardown went.
 */
export function ExpiryBanner(props: { expiry: EntityExpiry }) {
  const { expiry } = props;
  const body = (() => {
    switch (expiry.state) {
      case 'scheduled':
      case 'notified':
        return {
          title: 'Preview: destroyed when it expires',
          text: (
            <>
              It expires
              <When iso={expiry.expiresAt} />, when its infrastructure, its Argo
              CD application and its catalog entry are destroyed (the repository
              stays). {KEEP}
              {expiry.reason ? ` ${expiry.reason}` : ''}
            </>
          ),
        };
      case 'refused':
        return {
          title: 'Preview: will not be destroyed at its expiry',
          text: <>{expiry.reason}</>,
        };
      case 'tearing-down':
        return {
          title: 'Preview: being torn down',
          text: (
            <>
              It expired
              <When iso={expiry.expiresAt} /> and its teardown runs.
              <TaskLink taskId={expiry.taskId} />
            </>
          ),
        };
      case 'destroyed':
        return {
          title: 'Preview: destroyed',
          text: (
            <>
              It expired
              <When iso={expiry.expiresAt} /> and was torn down; the catalog
              entry goes with the next catalog refresh.
              <TaskLink taskId={expiry.taskId} />
            </>
          ),
        };
      default:
        return {
          title: 'Preview: the teardown failed',
          text: (
            <>
              {expiry.reason} The environment is left as it is: fix the cause
              and run the teardown template again, or change {ANNOTATION} to a
              later time, which starts over.
              <TaskLink taskId={expiry.taskId} />
            </>
          ),
        };
    }
  })();
  return (
    <Alert
      severity={SEVERITY[expiry.state]}
      data-testid="platform-status-expiry"
      data-state={expiry.state}
    >
      <AlertTitle>{body.title}</AlertTitle>
      {body.text}
    </Alert>
  );
}

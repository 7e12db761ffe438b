import Alert from '@material-ui/lab/Alert';
import type { EnvironmentStatus } from '@groundwork/plugin-platform-status-common';
import { sourceName } from '../../lib/assess';
import { Timestamp } from './Timestamp';

/**
 * The partial state: sources that failed, per environment, with the error
 * and when it happened. The rest of the page still shows what did arrive.
 */
export function SourceErrors(props: {
  environments: EnvironmentStatus[];
  title?: (env: EnvironmentStatus) => string;
}) {
  const errors = props.environments.flatMap(env =>
    env.errors.map(error => ({ env, error })),
  );
  if (errors.length === 0) return null;
  return (
    <Alert severity="warning" data-testid="platform-status-source-errors">
      <strong>
        {errors.length === 1
          ? 'One source failed; the rest is shown.'
          : `${errors.length} sources failed; the rest is shown.`}
      </strong>
      <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
        {errors.map(({ env, error }, i) => (
          <li key={i}>
            {props.title ? props.title(env) : env.title ?? env.name},{' '}
            {sourceName(error.source)}: {error.message} (
            <Timestamp iso={error.at} />)
          </li>
        ))}
      </ul>
    </Alert>
  );
}

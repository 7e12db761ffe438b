import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import type { EnvironmentStatus } from '@groundwork/plugin-platform-status-common';
import type { CellVerdict } from '../../lib/assess';
import { StatusLabel } from '../common/StatusLabel';
import { Timestamp } from '../common/Timestamp';

/** Resources listed in the cell; the rest are counted (the check's page has them all). */
const SHOWN_RESOURCES = 10;

const SOURCE_WORDS = {
  'hcp-assessment': 'HCP Terraform health assessment',
  'cli-refresh-only': 'terraform plan -refresh-only',
} as const;

const useStyles = makeStyles(theme => ({
  root: { display: 'block', marginTop: theme.spacing(1) },
  list: { margin: 0, paddingLeft: theme.spacing(2) },
  detail: { display: 'block', color: theme.palette.text.secondary },
  code: { fontFamily: 'monospace', wordBreak: 'break-all' },
}));

/**
 * The environment's drift under its infrastructure: a status label, then
 * what changed outside Terraform (resource address, action, attributes),
 * when and how it was checked, or why it could not be told.
 */
export function DriftDetails(props: {
  env: EnvironmentStatus;
  verdict: CellVerdict;
}) {
  const classes = useStyles();
  const drift = props.env.drift;
  // An environment without a Terraform state location has nothing to check;
  // one whose drift check is installed but off says what turns it on.
  if (!drift || (drift.state === 'not-configured' && !drift.reason)) {
    return null;
  }
  const shown = drift.resources.slice(0, SHOWN_RESOURCES);
  const more = drift.resources.length - shown.length;
  return (
    <span
      className={classes.root}
      data-testid={`platform-status-drift-${props.env.name}`}
    >
      <StatusLabel level={props.verdict.level}>
        {props.verdict.label}
      </StatusLabel>
      {drift.reason && (
        <Typography variant="caption" className={classes.detail}>
          {drift.reason}
        </Typography>
      )}
      {shown.length > 0 && (
        <ul
          className={classes.list}
          aria-label={`Drifted resources in ${props.env.name}`}
        >
          {shown.map(r => (
            <li key={r.address}>
              <Typography variant="caption">
                <span className={classes.code}>{r.address}</span>
                {r.action !== 'update' && ` (${r.action})`}
                {r.attributes.length > 0 && (
                  <>
                    {': '}
                    <span className={classes.code}>
                      {r.attributes.join(', ')}
                    </span>
                  </>
                )}
              </Typography>
            </li>
          ))}
          {more > 0 && (
            <li>
              <Typography variant="caption">and {more} more</Typography>
            </li>
          )}
        </ul>
      )}
      {drift.checkedAt && (
        <Typography variant="caption" className={classes.detail}>
          <Timestamp iso={drift.checkedAt} prefix="checked" />
          {drift.source && ` by ${SOURCE_WORDS[drift.source]}`}
        </Typography>
      )}
      {drift.url && (
        <Typography variant="caption" className={classes.detail}>
          <Link to={drift.url}>Open the drift check</Link>
        </Typography>
      )}
    </span>
  );
}

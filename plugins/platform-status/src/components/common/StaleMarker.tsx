import Typography from '@material-ui/core/Typography';
import ScheduleIcon from '@material-ui/icons/Schedule';
import { makeStyles } from '@material-ui/core/styles';
import type { EnvironmentAssessment } from '../../lib/assess';
import { sourceName } from '../../lib/assess';
import { durationText } from '@groundwork/plugin-groundwork-common';
import { Timestamp } from './Timestamp';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    color: theme.palette.warning.dark,
  },
}));

/**
 * Says that an environment's data is older than `platformStatus.staleAfter`,
 * and which source is old, so nobody trusts a green cell from last week.
 */
export function StaleMarker(props: {
  assessment: EnvironmentAssessment;
  staleAfterMs: number;
}) {
  const classes = useStyles();
  const { assessment, staleAfterMs } = props;
  if (!assessment.stale) return null;
  const oldest = [...assessment.staleSources].sort((a, b) =>
    a.asOf.localeCompare(b.asOf),
  )[0];
  const sources = [
    ...new Set(assessment.staleSources.map(s => sourceName(s.source))),
  ];
  const asOf = oldest?.asOf ?? assessment.environment.asOf;
  return (
    <Typography
      variant="caption"
      component="span"
      className={classes.root}
      data-testid={`platform-status-stale-${assessment.environment.name}`}
    >
      <ScheduleIcon fontSize="inherit" aria-hidden />
      <span>
        Stale: {sources.length ? `${sources.join(', ')} data` : 'data'}
        {asOf && (
          <>
            {' '}
            from <Timestamp iso={asOf} />
          </>
        )}{' '}
        (older than {durationText(staleAfterMs)})
      </span>
    </Typography>
  );
}

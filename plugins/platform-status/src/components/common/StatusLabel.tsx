import type { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import CancelIcon from '@material-ui/icons/Cancel';
import WarningIcon from '@material-ui/icons/Warning';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import type { CellLevel, HealthLevel } from '../../lib/assess';

export type StatusLevel = CellLevel | HealthLevel;

/**
 * Each level has its own icon shape as well as a colour, and the label is
 * always written out: status must read the same in greyscale and to a
 * screen reader.
 */
const ICONS: Record<StatusLevel, typeof CheckCircleIcon> = {
  ok: CheckCircleIcon,
  healthy: CheckCircleIcon,
  warning: WarningIcon,
  'at-risk': WarningIcon,
  failing: CancelIcon,
  error: ErrorOutlineIcon,
  'not-configured': RemoveCircleOutlineIcon,
  'no-data': HelpOutlineIcon,
  unknown: HelpOutlineIcon,
};

/** The words for an environment's overall level. */
export const HEALTH_LABELS: Record<HealthLevel, string> = {
  healthy: 'Healthy',
  'at-risk': 'At risk',
  failing: 'Failing',
  unknown: 'No data',
};

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    verticalAlign: 'middle',
  },
  icon: { fontSize: '1.1em', flexShrink: 0 },
  ok: { color: theme.palette.success.main },
  healthy: { color: theme.palette.success.main },
  warning: { color: theme.palette.warning.main },
  'at-risk': { color: theme.palette.warning.main },
  failing: { color: theme.palette.error.main },
  error: { color: theme.palette.error.main },
  'not-configured': { color: theme.palette.text.secondary },
  'no-data': { color: theme.palette.text.secondary },
  unknown: { color: theme.palette.text.secondary },
}));

export function StatusLabel(props: {
  level: StatusLevel;
  children: ReactNode;
  'data-testid'?: string;
}) {
  const classes = useStyles();
  const Icon = ICONS[props.level];
  return (
    <span
      className={classes.root}
      data-status={props.level}
      data-testid={props['data-testid']}
    >
      <Icon
        className={`${classes.icon} ${classes[props.level]}`}
        aria-hidden
        focusable={false}
      />
      <span>{props.children}</span>
    </span>
  );
}

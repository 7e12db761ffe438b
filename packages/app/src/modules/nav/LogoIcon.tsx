import { makeStyles } from '@material-ui/core';
import { GroundworkMark } from './GroundworkMark';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 28,
  },
});

/** The mark alone, for the collapsed sidebar. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 32 32"
      role="img"
      aria-labelledby="groundwork-logo-icon-title"
    >
      <title id="groundwork-logo-icon-title">Groundwork</title>
      <GroundworkMark />
    </svg>
  );
};

import { makeStyles } from '@material-ui/core';
import { GroundworkMark } from './GroundworkMark';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 30,
  },
  name: {
    fill: '#ffffff',
    fontFamily: 'Helvetica, Arial, sans-serif',
    fontSize: 21,
    fontWeight: 700,
    letterSpacing: 0.2,
  },
});

/** The mark and the name, for the open sidebar (whose background is dark). */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 168 32"
      role="img"
      aria-labelledby="groundwork-logo-full-title"
    >
      <title id="groundwork-logo-full-title">Groundwork</title>
      <GroundworkMark />
      <text x="38" y="24" className={classes.name}>
        Groundwork
      </text>
    </svg>
  );
};

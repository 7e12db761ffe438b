import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  links: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(3),
    marginTop: theme.spacing(1),
  },
}));

/** The three doors of the portal, in one sentence each. */
const DOORS = [
  {
    to: '/create',
    label: 'Create',
    text: 'a service, an environment or an onboarding from a template, with infrastructure checked against policy and budget before it is applied',
  },
  {
    to: '/catalog',
    label: 'Catalog',
    text: 'every service, who owns it, and per environment what is deployed, what it costs and whether it complies',
  },
  {
    to: '/requests',
    label: 'Requests',
    text: 'access and changes that wait for a second person’s approval',
  },
];

/** Groundwork's short welcome, replacing Backstage's "Getting Started" boilerplate. */
export function WelcomeCard() {
  const classes = useStyles();
  return (
    <>
      <Typography variant="body1">
        Groundwork is your platform’s front door: ask for what you need, and see
        how what you own is doing.
      </Typography>
      <div className={classes.links}>
        {DOORS.map(door => (
          <Typography
            variant="body2"
            key={door.to}
            style={{ flex: '1 1 14em' }}
          >
            <Link to={door.to}>
              <strong>{door.label}</strong>
            </Link>{' '}
            {door.text}.
          </Typography>
        ))}
      </div>
    </>
  );
}

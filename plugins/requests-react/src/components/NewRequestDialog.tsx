import { Link } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import type { GroundworkRequest } from '@groundwork/plugin-requests-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import { requestsApiRef } from '../api/RequestsApi';
import { errorMessage } from '../lib/errorMessage';
import {
  ACCESS_ROLES,
  EMPTY_FORM,
  FORM_KINDS,
  buildNewRequest,
  expiresIn,
  validateRequestForm,
  type RequestFormErrors,
  type RequestFormValues,
} from '../lib/requestForm';

const DAY = 24 * 3600_000;
const DURATIONS: Array<[string, number]> = [
  ['8 hours', 8 * 3600_000],
  ['1 day', DAY],
  ['7 days', 7 * DAY],
  ['30 days', 30 * DAY],
];

const TITLES: Record<string, string> = {
  waiver: 'Request a waiver',
  budget: 'Request budget',
  access: 'Request access',
};

/**
 * Asks for a waiver, a budget change or temporary access. Opened from the
 * Requests page ("New request") or prefilled from a finding, a cost row or a
 * system page; `lockKind` keeps a prefilled kind. A second person decides.
 */
export function NewRequestDialog(props: {
  open: boolean;
  onClose(): void;
  initial?: Partial<RequestFormValues>;
  /** The environments to pick from; a text field when absent. */
  environments?: string[];
  lockKind?: boolean;
  onCreated?(request: GroundworkRequest): void;
}) {
  const { open, onClose, environments, lockKind, onCreated } = props;
  const api = useApi(requestsApiRef);
  const identityApi = useApi(identityApiRef);
  const [values, setValues] = useState<RequestFormValues>({
    ...EMPTY_FORM,
    ...props.initial,
  });
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [created, setCreated] = useState<GroundworkRequest>();
  const errors: RequestFormErrors = touched ? validateRequestForm(values) : {};
  const set =
    (key: keyof RequestFormValues) => (e: { target: { value: string } }) =>
      setValues(v => ({ ...v, [key]: e.target.value }));

  const submit = async () => {
    setTouched(true);
    if (Object.keys(validateRequestForm(values)).length > 0) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const { userEntityRef } = await identityApi.getBackstageIdentity();
      const request = await api.create(buildNewRequest(values, userEntityRef));
      setCreated(request);
      onCreated?.(request);
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const field = (
    key: keyof RequestFormValues,
    label: string,
    extra?: { helperText?: string; type?: string; multiline?: boolean },
  ) => (
    <TextField
      id={`new-request-${key}`}
      label={label}
      fullWidth
      margin="dense"
      required
      value={values[key]}
      onChange={set(key)}
      error={!!errors[key]}
      helperText={errors[key] ?? extra?.helperText}
      type={extra?.type}
      multiline={extra?.multiline}
      minRows={extra?.multiline ? 2 : undefined}
      InputLabelProps={extra?.type ? { shrink: true } : undefined}
    />
  );

  const title = lockKind ? TITLES[values.kind] : 'New request';
  return (
    <Dialog
      open={open}
      onClose={onClose}
      aria-labelledby="new-request-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="new-request-title">{title}</DialogTitle>
      {created ? (
        <>
          <DialogContent>
            <Alert severity="success">
              Asked: {created.title}. A second person from{' '}
              {created.approverGroups.join(' or ') || 'the approvers'} decides
              it; you are notified of the decision.
            </Alert>
            <Box mt={2}>
              <Link to={`/requests/${encodeURIComponent(created.id)}`}>
                Open the request
              </Link>
            </Box>
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        </>
      ) : (
        <>
          <DialogContent>
            {!lockKind && (
              <TextField
                id="new-request-kind"
                select
                label="Kind"
                fullWidth
                margin="dense"
                value={values.kind}
                onChange={set('kind')}
                SelectProps={{ native: true }}
              >
                {FORM_KINDS.map(k => (
                  <option key={k.kind} value={k.kind}>
                    {k.label}
                  </option>
                ))}
              </TextField>
            )}
            {field(
              'entityRef',
              values.kind === 'access' ? 'System' : 'Entity',
              {
                helperText:
                  values.kind === 'access'
                    ? 'system:<namespace>/<name>'
                    : 'The component, e.g. component:default/payments-api',
              },
            )}
            {environments?.length ? (
              <TextField
                id="new-request-environment"
                select
                label="Environment"
                fullWidth
                margin="dense"
                required
                value={values.environment}
                onChange={set('environment')}
                SelectProps={{ native: true }}
                error={!!errors.environment}
                helperText={errors.environment}
              >
                <option value="" />
                {environments.map(e => (
                  <option key={e} value={e}>
                    {e}
                  </option>
                ))}
              </TextField>
            ) : (
              field('environment', 'Environment', {
                helperText: 'Its name in groundwork.environments, e.g. prod',
              })
            )}
            {values.kind === 'waiver' && (
              <>
                {field('rule', 'Rule', { helperText: 'e.g. GW-AWS-004' })}
                {field('resource', 'Resource', {
                  helperText:
                    'Resource address; * matches any run of characters',
                })}
              </>
            )}
            {values.kind === 'access' && (
              <TextField
                id="new-request-role"
                select
                label="Role"
                fullWidth
                margin="dense"
                required
                value={values.role}
                onChange={set('role')}
                SelectProps={{ native: true }}
                error={!!errors.role}
                helperText={
                  errors.role ?? 'In the GitHub team that owns the system'
                }
              >
                {ACCESS_ROLES.map(r => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </TextField>
            )}
            {values.kind === 'budget' &&
              field('monthlyBudget', 'Monthly budget', { type: 'number' })}
            {field('expires', 'Expires', {
              type: 'datetime-local',
              helperText: 'UTC; the backend caps how far away it may be',
            })}
            <Box display="flex" style={{ gap: 4 }} mb={1}>
              {DURATIONS.map(([label, ms]) => (
                <Button
                  key={label}
                  size="small"
                  variant="outlined"
                  onClick={() =>
                    setValues(v => ({ ...v, expires: expiresIn(ms) }))
                  }
                >
                  {label}
                </Button>
              ))}
            </Box>
            {field('reason', 'Reason', { multiline: true })}
            {values.kind === 'access' && (
              <Typography variant="caption" color="textSecondary">
                Access is for you, the signed-in person, and ends on its own.
              </Typography>
            )}
            {failure && (
              <Box mt={2}>
                <Alert severity="error">Not sent: {failure}</Alert>
              </Box>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button
              color="primary"
              variant="contained"
              disabled={busy}
              onClick={submit}
            >
              Send request
            </Button>
          </DialogActions>
        </>
      )}
    </Dialog>
  );
}

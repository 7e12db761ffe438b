import type { GroundworkRequest } from '@groundwork/plugin-requests-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';

/**
 * Confirms a decision, saying what it changes: approving applies every
 * change listed at once; rejecting needs a reason the requester reads.
 */
export function DecisionDialog(props: {
  request: GroundworkRequest;
  verdict: 'approve' | 'reject';
  busy: boolean;
  onCancel(): void;
  onConfirm(comment: string): void;
}) {
  const { request, verdict, busy, onCancel, onConfirm } = props;
  const [comment, setComment] = useState('');
  const approve = verdict === 'approve';
  return (
    <Dialog open onClose={onCancel} aria-labelledby="decision-title">
      <DialogTitle id="decision-title">
        {approve ? 'Approve' : 'Reject'}: {request.title}
      </DialogTitle>
      <DialogContent>
        {approve ? (
          <>
            <Typography paragraph>
              Approving applies these changes now, with the portal's
              credentials:
            </Typography>
            <ul>
              {request.changes.map(c => (
                <li key={`${c.system}:${c.target}`}>
                  <Typography variant="body2">
                    {c.system}: {c.target}
                  </Typography>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <Typography paragraph>
            Nothing is changed. {request.requestedBy} reads your reason.
          </Typography>
        )}
        <TextField
          label={approve ? 'Comment (optional)' : 'Why you reject it'}
          fullWidth
          multiline
          minRows={2}
          required={!approve}
          value={comment}
          onChange={e => setComment(e.target.value)}
          inputProps={{ maxLength: 2000 }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button
          color={approve ? 'primary' : 'secondary'}
          variant="contained"
          disabled={busy || (!approve && !comment.trim())}
          onClick={() => onConfirm(comment)}
        >
          {approve ? 'Approve and apply' : 'Reject'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

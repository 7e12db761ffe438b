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
 * Ends an applied request before its time: the grant, waiver or budget stops
 * applying once revocation is verified. The comment goes into its history.
 */
export function RevokeDialog(props: {
  request: GroundworkRequest;
  busy: boolean;
  onCancel(): void;
  onConfirm(comment: string): void;
}) {
  const { request, busy, onCancel, onConfirm } = props;
  const [comment, setComment] = useState('');
  return (
    <Dialog open onClose={onCancel} aria-labelledby="revoke-title">
      <DialogTitle id="revoke-title">Revoke: {request.title}</DialogTitle>
      <DialogContent>
        <Typography paragraph>
          It stops applying now instead of at its end. Access is removed and
          checked until GitHub agrees; a waived finding fails the gate again.
        </Typography>
        <TextField
          label="Why you revoke it"
          fullWidth
          multiline
          minRows={2}
          required
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
          color="secondary"
          variant="contained"
          disabled={busy || !comment.trim()}
          onClick={() => onConfirm(comment.trim())}
        >
          Revoke
        </Button>
      </DialogActions>
    </Dialog>
  );
}

import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import {
  alertApiRef,
  identityApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { groundworkRequestApprovePermission } from '@groundwork/plugin-groundwork-common';
import type { GroundworkRequest } from '@groundwork/plugin-requests-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { requestsApiRef } from '../api/RequestsApi';
import { errorMessage } from '@groundwork/plugin-requests-react';
import { absoluteTime } from '@groundwork/plugin-groundwork-common';
import { DecisionDialog } from './DecisionDialog';
import { requestContext } from './RequestContext';
import { RequestState } from './RequestState';
import { RevokeDialog } from './RevokeDialog';

const EVENT_TEXT: Record<string, string> = {
  'apply-failed': 'could not apply it',
  'expiry-notice': 'told the requester it ends within a day',
  'revoke-failed': 'tried to revoke it; it did not hold yet (retried)',
  expired: 'ended it: expired',
  revoked: 'revoked it',
};

const NO_WRAP = { whiteSpace: 'nowrap' as const };

const same = (a?: string, b?: string) =>
  !!a && !!b && a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/**
 * One request: what it changes, why, who asked, its history, and for an
 * approver who did not ask and is not its subject, the decision.
 */
export function RequestDetails() {
  const { id = '' } = useParams();
  const api = useApi(requestsApiRef);
  const identityApi = useApi(identityApiRef);
  const alertApi = useApi(alertApiRef);
  const { allowed: mayApprove } = usePermission({
    permission: groundworkRequestApprovePermission,
  });
  const [request, setRequest] = useState<GroundworkRequest>();
  const [verdict, setVerdict] = useState<'approve' | 'reject'>();
  const [revoking, setRevoking] = useState(false);
  const [busy, setBusy] = useState(false);
  const loaded = useAsync(async () => {
    const [found, identity] = await Promise.all([
      api.get(id),
      identityApi.getBackstageIdentity(),
    ]);
    return { found, me: identity.userEntityRef };
  }, [api, identityApi, id]);
  useEffect(() => setRequest(loaded.value?.found), [loaded.value]);

  if (loaded.loading) return <Progress />;
  if (loaded.error) return <ResponseErrorPanel error={loaded.error} />;
  if (!request) return null;
  const me = loaded.value?.me;
  const own = same(request.requestedBy, me) || same(request.subject, me);
  const decidable = request.state === 'requested' && mayApprove && !own;
  // Only what ends can be ended early: by an approver, its requester or its
  // subject (the backend checks the same).
  const revocable =
    request.state === 'applied' &&
    !!request.expiresAt &&
    (mayApprove || same(request.requestedBy, me) || same(request.subject, me));

  const act = async (run: () => Promise<GroundworkRequest>) => {
    setBusy(true);
    try {
      await run();
      setVerdict(undefined);
      setRevoking(false);
      // Read back with its history, the decision and the apply in it.
      setRequest(await api.get(id));
    } catch (e) {
      alertApi.post({ message: errorMessage(e), severity: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title={request.title}>
          <Box mb={2}>
            <RequestState state={request.state} />
          </Box>
          {request.revokeError && (
            <Box mb={2}>
              <Alert severity="warning">
                Revocation has not held yet and is retried:{' '}
                {request.revokeError}
              </Alert>
            </Box>
          )}
          {request.error && (
            <Box mb={2}>
              <Alert severity="error">{request.error}</Alert>
            </Box>
          )}
          <StructuredMetadataTable
            metadata={{
              Kind: request.kind,
              ...requestContext(request),
              Why: request.reason,
              'Asked by': request.requestedBy,
              ...(request.subject && { About: request.subject }),
              Asked: new Date(request.createdAt).toLocaleString(),
              'Who may decide': request.approverGroups.join(', '),
              ...(request.endedAt && {
                Ended: `${absoluteTime(request.endedAt)}${
                  request.revokedBy ? `, revoked by ${request.revokedBy}` : ''
                }`,
              }),
              ...(request.decidedBy && {
                'Decided by': `${request.decidedBy}${
                  request.comment ? `: ${request.comment}` : ''
                }`,
              }),
            }}
          />
          {decidable && (
            <Box mt={2} display="flex" style={{ gap: 8 }}>
              <Button
                variant="contained"
                color="primary"
                onClick={() => setVerdict('approve')}
              >
                Approve
              </Button>
              <Button variant="outlined" onClick={() => setVerdict('reject')}>
                Reject
              </Button>
            </Box>
          )}
          {request.state === 'requested' && own && (
            <Box mt={2}>
              <Typography variant="body2" color="textSecondary">
                You asked for this request (or it is about you): a second person
                from {request.approverGroups.join(' or ')} decides it.
              </Typography>
            </Box>
          )}
          {revocable && (
            <Box mt={2}>
              <Button
                variant="outlined"
                color="secondary"
                disabled={busy}
                onClick={() => setRevoking(true)}
              >
                Revoke
              </Button>
            </Box>
          )}
          {request.state === 'failed' && mayApprove && (
            <Box mt={2}>
              <Button
                variant="outlined"
                disabled={busy}
                onClick={() => act(() => api.apply(request.id))}
              >
                Apply again
              </Button>
            </Box>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard title="What it changes">
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell style={NO_WRAP}>System</TableCell>
                <TableCell>Change</TableCell>
                <TableCell style={NO_WRAP}>Status</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {request.changes.map(c => (
                <TableRow key={`${c.system}:${c.target}`}>
                  <TableCell style={NO_WRAP}>{c.system}</TableCell>
                  <TableCell>
                    {c.target}
                    {c.detail && (
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        display="block"
                      >
                        {c.detail}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell style={NO_WRAP}>{c.status ?? 'pending'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={5}>
        <InfoCard title="History">
          {(request.events ?? []).map((e, i) => (
            <Typography key={i} variant="body2" paragraph>
              {absoluteTime(e.at)}: {e.actor} {EVENT_TEXT[e.action] ?? e.action}
              {e.comment ? `: ${e.comment}` : ''}
            </Typography>
          ))}
        </InfoCard>
      </Grid>
      {revoking && (
        <RevokeDialog
          request={request}
          busy={busy}
          onCancel={() => setRevoking(false)}
          onConfirm={comment => act(() => api.revoke(request.id, comment))}
        />
      )}
      {verdict && (
        <DecisionDialog
          request={request}
          verdict={verdict}
          busy={busy}
          onCancel={() => setVerdict(undefined)}
          onConfirm={comment =>
            act(() =>
              verdict === 'approve'
                ? api.approve(request.id, comment || undefined)
                : api.reject(request.id, comment),
            )
          }
        />
      )}
    </Grid>
  );
}

import { Content, Header, LinkButton, Page } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { useState } from 'react';
import { Route, Routes } from 'react-router-dom';
import { AccessReview } from './AccessReview';
import { NewRequestDialog } from '@groundwork/plugin-requests-react';
import { RequestDetails } from './RequestDetails';
import { RequestList } from './RequestList';

function RequestListWithActions() {
  const [asking, setAsking] = useState(false);
  const [created, setCreated] = useState(0);
  return (
    <>
      <Box display="flex" justifyContent="flex-end" mb={1} style={{ gap: 8 }}>
        <LinkButton to="access-review" variant="outlined">
          Access review
        </LinkButton>
        <Button
          variant="contained"
          color="primary"
          onClick={() => setAsking(true)}
        >
          New request
        </Button>
      </Box>
      <RequestList refreshKey={created} />
      {asking && (
        <NewRequestDialog
          open
          onClose={() => setAsking(false)}
          onCreated={() => setCreated(n => n + 1)}
        />
      )}
    </>
  );
}

/**
 * The Requests page: the list with "New request", one request at `./<id>`,
 * and the access review at `./access-review`.
 */
export function RequestsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Requests"
        subtitle="Changes that wait for a second person: approved here, applied at once"
      />
      <Content>
        <Routes>
          <Route path="/" element={<RequestListWithActions />} />
          <Route path="/access-review" element={<AccessReview />} />
          <Route path="/:id" element={<RequestDetails />} />
        </Routes>
      </Content>
    </Page>
  );
}

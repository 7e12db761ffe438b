import { Content, Header, Page } from '@backstage/core-components';
import { Route, Routes } from 'react-router-dom';
import { RequestDetails } from './RequestDetails';
import { RequestList } from './RequestList';

/** The Requests page: the list, and one request at `./<id>`. */
export function RequestsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Requests"
        subtitle="Changes that wait for a second person: approved here, applied at once"
      />
      <Content>
        <Routes>
          <Route path="/" element={<RequestList />} />
          <Route path="/:id" element={<RequestDetails />} />
        </Routes>
      </Content>
    </Page>
  );
}

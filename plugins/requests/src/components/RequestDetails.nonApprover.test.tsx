import { screen } from '@testing-library/react';
import {
  GRACE,
  renderRequest as render,
} from '../__testUtils__/requestDetails';

jest.setTimeout(30_000);

// Its own file: usePermission keeps an approver's answer for the file.
describe('RequestDetails for someone who neither asked nor approves', () => {
  it('offers no Revoke to someone who neither asked nor approves', async () => {
    render(GRACE, false);
    expect(await screen.findByText('GW-AWS-004')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Revoke' })).toBeNull();
  });
});

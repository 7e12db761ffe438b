import { screen, waitFor } from '@testing-library/react';
import { ConfigReader } from '@backstage/config';
import { renderInTestApp } from '@backstage/test-utils';
import { EnvironmentPicker } from './EnvironmentPicker';
import { Apis, groundworkConfig } from '../../__testUtils__/apis';

// Its own file: usePermission caches answers per permission for the whole
// module, so a test that is refused must not share it with one that is allowed.

const config = new ConfigReader({
  groundwork: {
    ...(groundworkConfig.getOptional('groundwork') as object),
    permissions: { productionGroups: ['group:default/sre'] },
  },
});

const props = (uiOptions: object) =>
  ({
    onChange: jest.fn(),
    schema: { type: 'array', title: 'Environments' },
    uiSchema: { 'ui:options': uiOptions },
    formData: [],
    required: true,
    rawErrors: [],
    idSchema: { $id: 'root_environments' },
  } as any);

describe('EnvironmentPicker for someone who may not change production', () => {
  it('does not offer production in a template that changes environments, and says whom to ask', async () => {
    await renderInTestApp(
      <Apis allowed={false} config={config}>
        <EnvironmentPicker {...props({ changesEnvironments: true })} />
      </Apis>,
    );
    const production = await screen.findByLabelText('Production');
    await waitFor(() => expect(production).toBeDisabled());
    expect(screen.getByLabelText('Development')).toBeEnabled();
    expect(screen.getByText('not yours to change')).toBeInTheDocument();
    expect(
      screen.getByText(/members of group:default\/sre/),
    ).toBeInTheDocument();
  });

  it('offers production where environments only scope something else (onboarding)', async () => {
    await renderInTestApp(
      <Apis allowed={false} config={config}>
        <EnvironmentPicker {...props({})} />
      </Apis>,
    );
    expect(await screen.findByLabelText('Production')).toBeEnabled();
  });
});

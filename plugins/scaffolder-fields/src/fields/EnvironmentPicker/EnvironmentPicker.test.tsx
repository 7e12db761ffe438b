import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ConfigReader } from '@backstage/config';
import { renderInTestApp } from '@backstage/test-utils';
import { EnvironmentPicker } from './EnvironmentPicker';
import { environmentPickerValidation } from './validation';
import { Apis, apiHolder, fieldValidation } from '../../__testUtils__/apis';

const props = (over: Record<string, unknown> = {}) =>
  ({
    onChange: jest.fn(),
    schema: {
      type: 'array',
      title: 'Environments',
      description: 'Where the service runs.',
    },
    uiSchema: {},
    formData: [],
    required: true,
    rawErrors: [],
    idSchema: { $id: 'root_environments' },
    ...over,
  } as any);

describe('EnvironmentPicker', () => {
  it('offers every configured environment with production flag, budget and cloud', async () => {
    await renderInTestApp(
      <Apis>
        <EnvironmentPicker {...props()} />
      </Apis>,
    );
    const dev = screen.getByLabelText('Development').closest('label')!;
    expect(within(dev).getByText('budget 500 EUR/month')).toBeInTheDocument();
    expect(within(dev).getByText('aws eu-west-1')).toBeInTheDocument();
    expect(within(dev).queryByText('production')).not.toBeInTheDocument();
    const prod = screen.getByLabelText('Production').closest('label')!;
    expect(within(prod).getByText('production')).toBeInTheDocument();
    expect(
      within(prod).getByText('budget 5,000 EUR/month'),
    ).toBeInTheDocument();
    expect(screen.getByText('Where the service runs.')).toBeInTheDocument();
  });

  it('keeps several choices in the configured order, whatever the click order', async () => {
    const p = props({ formData: ['prod'] });
    await renderInTestApp(
      <Apis>
        <EnvironmentPicker {...p} />
      </Apis>,
    );
    fireEvent.click(screen.getByLabelText('Development'));
    expect(p.onChange).toHaveBeenLastCalledWith(['dev', 'prod']);
  });

  it('offers one choice with radio buttons when the field is a string', async () => {
    const p = props({
      schema: { type: 'string', title: 'Environment' },
      formData: undefined,
    });
    await renderInTestApp(
      <Apis>
        <EnvironmentPicker {...p} />
      </Apis>,
    );
    expect(screen.getAllByRole('radio')).toHaveLength(3);
    fireEvent.click(screen.getByLabelText('Staging'));
    expect(p.onChange).toHaveBeenLastCalledWith('staging');
  });

  it('offers only the environments the template allows', async () => {
    await renderInTestApp(
      <Apis>
        <EnvironmentPicker
          {...props({
            uiSchema: {
              'ui:options': { allowedEnvironments: ['dev', 'prod'] },
            },
          })}
        />
      </Apis>,
    );
    expect(screen.getAllByRole('checkbox')).toHaveLength(2);
    expect(screen.queryByLabelText('Staging')).not.toBeInTheDocument();
  });

  it('says what is wrong when groundwork.environments cannot be read', async () => {
    const broken = new ConfigReader({
      groundwork: { environments: [{ name: 'Prod!' }] },
    });
    await renderInTestApp(
      <Apis config={broken}>
        <EnvironmentPicker {...props()} />
      </Apis>,
    );
    expect(
      screen.getByText(
        /The portal's environments cannot be read: groundwork.environments\[0\].name "Prod!"/,
      ),
    ).toBeInTheDocument();
  });
});

describe('environmentPickerValidation', () => {
  const validate = (value: string | string[], uiSchema = {}) => {
    const v = fieldValidation();
    environmentPickerValidation(value, v, {
      apiHolder: apiHolder(),
      formData: {},
      schema: {},
      uiSchema,
    } as any);
    return v.errors;
  };

  it('accepts configured environments', () => {
    expect(validate(['dev', 'prod'])).toEqual([]);
    expect(validate('staging')).toEqual([]);
  });

  it('refuses names the portal does not have, naming the ones it does', () => {
    expect(validate(['dev', 'qa'])).toEqual([
      '"qa" is not an environment of this portal; choose from dev, staging, prod.',
    ]);
  });

  it('refuses environments the template does not allow, and duplicates', () => {
    expect(
      validate(['staging'], {
        'ui:options': { allowedEnvironments: ['dev', 'prod'] },
      }),
    ).toEqual([
      'staging cannot be chosen in this template; choose from dev, prod.',
    ]);
    expect(validate(['dev', 'dev'])).toEqual(['dev is chosen twice.']);
  });

  it('offers production in a template that changes environments, to someone the policy lets change it', async () => {
    await renderInTestApp(
      <Apis allowed>
        <EnvironmentPicker
          {...props({
            uiSchema: { 'ui:options': { changesEnvironments: true } },
          })}
        />
      </Apis>,
    );
    const production = await screen.findByLabelText('Production');
    await waitFor(() => expect(production).toBeEnabled());
    expect(screen.queryByText(/productionGroups/)).toBeNull();
  });
});

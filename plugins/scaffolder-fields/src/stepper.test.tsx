import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { SecretsContextProvider } from '@backstage/plugin-scaffolder-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import {
  environmentPickerFieldOptions,
  newEntityNamePickerFieldOptions,
  personaPickerFieldOptions,
} from './fields/options';
import { Apis } from './__testUtils__/apis';

/**
 * The fields inside the scaffolder's own wizard (Stepper from
 * @backstage/plugin-scaffolder-react), as the Create page runs them:
 * rendering, the custom validations on Review, and the values handed to the
 * task.
 */
const manifest = {
  title: 'Onboard a new colleague',
  steps: [
    {
      title: 'Access',
      schema: {
        type: 'object',
        required: ['environments', 'persona'],
        properties: {
          environments: {
            title: 'Environments',
            type: 'array',
            minItems: 1,
            items: { type: 'string' },
            'ui:field': 'EnvironmentPicker',
          },
          persona: {
            title: 'Persona',
            type: 'string',
            'ui:field': 'PersonaPicker',
            'ui:options': { environmentsField: 'environments' },
          },
        },
      },
    },
  ],
};

async function renderStepper(
  initialState?: Record<string, any>,
  form: object = manifest,
) {
  const onCreate = jest.fn(async () => {});
  await renderInTestApp(
    <Apis>
      <SecretsContextProvider>
        <Stepper
          manifest={form as any}
          extensions={[
            environmentPickerFieldOptions,
            personaPickerFieldOptions,
            newEntityNamePickerFieldOptions,
          ]}
          onCreate={onCreate}
          initialState={initialState}
        />
      </SecretsContextProvider>
    </Apis>,
  );
  return onCreate;
}

describe('the fields in the scaffolder wizard', () => {
  it('hands the chosen environments and persona to the task', async () => {
    const onCreate = await renderStepper();
    fireEvent.click(await screen.findByLabelText('Production'));
    fireEvent.click(screen.getByLabelText('Development'));
    fireEvent.click(await screen.findByLabelText('Developer'));
    fireEvent.click(screen.getByRole('button', { name: 'Review' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Create' }));
    await waitFor(() =>
      expect(onCreate).toHaveBeenCalledWith({
        environments: ['dev', 'prod'],
        persona: 'developer',
      }),
    );
  });

  it("stops on Review with the fields' own messages when the values are not the portal's", async () => {
    const onCreate = await renderStepper({
      environments: ['dev', 'qa'],
      persona: 'admin',
    });
    await screen.findByLabelText('Developer');
    fireEvent.click(screen.getByRole('button', { name: 'Review' }));
    // Shown under each field and in the form's error list.
    expect(
      await screen.findAllByText(
        /"qa" is not an environment of this portal; choose from dev, staging, prod./,
      ),
    ).toHaveLength(2);
    expect(
      screen.getAllByText(
        /"admin" is not a persona of this portal; choose from developer, sre./,
      ),
    ).toHaveLength(2);
    expect(
      screen.queryByRole('button', { name: 'Create' }),
    ).not.toBeInTheDocument();
    expect(onCreate).not.toHaveBeenCalled();
  });

  describe('the name of a new service', () => {
    const newService = {
      title: 'New service',
      steps: [
        {
          title: 'The service',
          schema: {
            type: 'object',
            required: ['name'],
            properties: {
              name: {
                title: 'Name',
                type: 'string',
                'ui:field': 'NewEntityNamePicker',
                'ui:options': { kind: 'Component' },
              },
            },
          },
        },
      ],
    };

    it('stops on Review when the catalog already has it, saying whose it is', async () => {
      const onCreate = await renderStepper({}, newService);
      fireEvent.change(await screen.findByRole('textbox', { name: /Name/ }), {
        target: { value: 'payments-api' },
      });
      fireEvent.click(screen.getByRole('button', { name: 'Review' }));
      expect(
        await screen.findAllByText(
          /component:default\/payments-api already exists, owned by group:default\/payments. Choose another name./,
        ),
      ).not.toHaveLength(0);
      expect(
        screen.queryByRole('button', { name: 'Create' }),
      ).not.toBeInTheDocument();
      expect(onCreate).not.toHaveBeenCalled();
    });

    it('goes on with a free name', async () => {
      const onCreate = await renderStepper({}, newService);
      fireEvent.change(await screen.findByRole('textbox', { name: /Name/ }), {
        target: { value: 'ledger-api' },
      });
      fireEvent.click(screen.getByRole('button', { name: 'Review' }));
      fireEvent.click(await screen.findByRole('button', { name: 'Create' }));
      await waitFor(() =>
        expect(onCreate).toHaveBeenCalledWith({ name: 'ledger-api' }),
      );
    });
  });

  it("asks for a host name only when exposure is public, as new-service's if/then does, and checks it", async () => {
    const exposure = {
      title: 'Where it runs',
      steps: [
        {
          title: 'Exposure',
          schema: {
            type: 'object',
            properties: {
              exposure: {
                title: 'Exposure',
                type: 'string',
                enum: ['internal', 'public'],
                default: 'internal',
              },
            },
            if: {
              properties: { exposure: { const: 'public' } },
              required: ['exposure'],
            },
            then: {
              required: ['hostname'],
              properties: {
                hostname: {
                  title: 'Public host name',
                  type: 'string',
                  pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)+[a-z]{2,}$',
                },
              },
            },
          },
        },
      ],
    };
    const onCreate = await renderStepper({}, exposure);
    await screen.findByRole('button', { name: /internal/ });
    expect(
      screen.queryByRole('textbox', { name: /Public host name/ }),
    ).not.toBeInTheDocument();
    fireEvent.mouseDown(screen.getByRole('button', { name: /internal/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'public' }));
    fireEvent.change(
      await screen.findByRole('textbox', { name: /Public host name/ }),
      { target: { value: 'x${file("/etc/hostname")}' } },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(await screen.findAllByText(/must match pattern/)).not.toHaveLength(
      0,
    );
    expect(onCreate).not.toHaveBeenCalled();
  });
});

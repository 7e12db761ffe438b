import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { PersonaPicker } from './PersonaPicker';
import { personaPickerValidation } from './validation';
import { environmentColumns } from './GrantsTable';
import {
  Apis,
  PERSONAS,
  apiHolder,
  fieldValidation,
  json,
  personasFetch,
} from '../../__testUtils__/apis';

const props = (over: Record<string, unknown> = {}) =>
  ({
    onChange: jest.fn(),
    schema: {
      type: 'string',
      title: 'Persona',
      description: 'Decides what they get.',
    },
    uiSchema: {},
    formData: undefined,
    required: true,
    rawErrors: [],
    idSchema: { $id: 'root_persona' },
    formContext: { formData: {} },
    ...over,
  } as any);

describe('PersonaPicker', () => {
  it('shows what every persona grants per system and environment before anything is chosen', async () => {
    const fetch = personasFetch(() => json({ personas: PERSONAS }));
    await renderInTestApp(
      <Apis fetch={fetch}>
        <PersonaPicker {...props()} />
      </Apis>,
    );
    expect(await screen.findByLabelText('Developer')).not.toBeChecked();
    const table = screen.getByRole('table', { name: 'What Developer grants' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(headers).toEqual(['System', 'all environments', 'dev', 'prod']);
    const aws = within(table).getByRole('row', { name: /^aws/ });
    expect(
      within(aws)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['aws', '-', 'PowerUser', 'ReadOnly']);
    const sre = screen.getByRole('table', {
      name: 'What Site reliability engineer grants',
    });
    expect(
      within(sre).getByRole('row', { name: /^kubernetes/ }),
    ).toHaveTextContent('admin');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('reports the chosen persona id', async () => {
    const p = props();
    await renderInTestApp(
      <Apis>
        <PersonaPicker {...p} />
      </Apis>,
    );
    fireEvent.click(await screen.findByLabelText('Site reliability engineer'));
    expect(p.onChange).toHaveBeenLastCalledWith('sre');
  });

  it('dims grants outside the environments chosen elsewhere in the form', async () => {
    await renderInTestApp(
      <Apis>
        <PersonaPicker
          {...props({
            uiSchema: { 'ui:options': { environmentsField: 'environments' } },
            formContext: { formData: { environments: ['dev'] } },
          })}
        />
      </Apis>,
    );
    const table = await screen.findByRole('table', {
      name: 'What Developer grants',
    });
    const aws = within(table).getByRole('row', { name: /^aws/ });
    const [, , dev, prod] = within(aws).getAllByRole('cell');
    expect(dev).not.toHaveStyle({ opacity: 0.45 });
    expect(prod).toHaveStyle({ opacity: 0.45 });
  });

  it('without the personas route, says what to install and takes a typed id', async () => {
    const p = props();
    await renderInTestApp(
      <Apis
        fetch={personasFetch(() => new Response('Not found', { status: 404 }))}
      >
        <PersonaPicker {...p} />
      </Apis>,
    );
    expect(
      await screen.findByText(
        /install @groundwork\/plugin-scaffolder-backend-module-persona in the backend/,
      ),
    ).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText(/Persona/), {
      target: { value: ' developer ' },
    });
    expect(p.onChange).toHaveBeenLastCalledWith('developer');
  });

  it('says when the catalogue answers in another shape, or fails', async () => {
    await renderInTestApp(
      <Apis
        fetch={personasFetch(() =>
          json({ personas: [{ id: 'x', name: 'X' }] }),
        )}
      >
        <PersonaPicker {...props()} />
      </Apis>,
    );
    expect(
      await screen.findByText(/answered in an unexpected shape/),
    ).toBeInTheDocument();
  });

  it('shows a server error without blocking the form', async () => {
    await renderInTestApp(
      <Apis
        fetch={personasFetch(() =>
          json({ error: { name: 'Error', message: 'database down' } }, 500),
        )}
      >
        <PersonaPicker {...props()} />
      </Apis>,
    );
    expect(
      await screen.findByText(/The persona catalogue could not be loaded/),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox')).toBeInTheDocument();
  });

  it('accepts a bare array as the catalogue', async () => {
    await renderInTestApp(
      <Apis fetch={personasFetch(() => json(PERSONAS))}>
        <PersonaPicker {...props()} />
      </Apis>,
    );
    expect(await screen.findByLabelText('Developer')).toBeInTheDocument();
  });
});

describe('personaPickerValidation', () => {
  const validate = async (
    value: string,
    fetch = personasFetch(() => json({ personas: PERSONAS })),
  ) => {
    const v = fieldValidation();
    await personaPickerValidation(value, v, {
      apiHolder: apiHolder(fetch),
      formData: {},
      schema: {},
    } as any);
    return v.errors;
  };

  it('accepts a persona of the catalogue', async () => {
    await expect(validate('sre')).resolves.toEqual([]);
  });

  it('refuses an unknown persona, listing the valid ones', async () => {
    await expect(validate('admin')).resolves.toEqual([
      '"admin" is not a persona of this portal; choose from developer, sre.',
    ]);
  });

  it('refuses ids that cannot be persona ids, without asking the backend', async () => {
    const fetch = personasFetch(() => json({ personas: PERSONAS }));
    await expect(validate('Dev Ops', fetch)).resolves.toEqual([
      '"Dev Ops" is not a persona id: lower-case letters, digits and \'-\', such as developer or sre.',
    ]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('checks only the form of the id when the catalogue is missing', async () => {
    await expect(
      validate(
        'ciso',
        personasFetch(() => new Response('', { status: 404 })),
      ),
    ).resolves.toEqual([]);
  });
});

describe('environmentColumns', () => {
  it('puts "all environments" first, then the configured order, then unknown ones', () => {
    const persona = {
      ...PERSONAS[0],
      grants: ['lab', 'prod', '*', 'dev', 'zz'].map(environment => ({
        system: 's',
        environment,
        access: 'a',
      })),
    };
    expect(environmentColumns(persona, ['dev', 'staging', 'prod'])).toEqual([
      '*',
      'dev',
      'prod',
      'lab',
      'zz',
    ]);
  });
});

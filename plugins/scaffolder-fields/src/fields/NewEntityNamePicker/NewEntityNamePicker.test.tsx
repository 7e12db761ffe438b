import { fireEvent, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { NewEntityNamePicker } from './NewEntityNamePicker';
import { newEntityNamePickerValidation } from './validation';
import {
  Apis,
  CATALOG,
  apiHolder,
  fieldValidation,
} from '../../__testUtils__/apis';

async function validate(
  value: string,
  options?: { kind?: string; namespace?: string },
  catalog: any = catalogApiMock({ entities: CATALOG }),
) {
  const validation = fieldValidation();
  await newEntityNamePickerValidation(value, validation, {
    apiHolder: apiHolder(undefined, undefined, catalog),
    formData: {},
    schema: {},
    uiSchema: options ? { 'ui:options': options } : {},
  });
  return validation.errors as string[];
}

describe('NewEntityNamePicker', () => {
  it('is a text field, as EntityNamePicker is', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <Apis>
        <NewEntityNamePicker
          {...({
            onChange,
            required: true,
            schema: { title: 'Name', description: 'Names the repository.' },
            uiSchema: {},
            rawErrors: [],
            idSchema: { $id: 'root_name' },
          } as any)}
        />
      </Apis>,
    );
    expect(screen.getByText('Names the repository.')).toBeInTheDocument();
    fireEvent.change(screen.getByRole('textbox', { name: /Name/ }), {
      target: { value: 'ledger-api' },
    });
    expect(onChange).toHaveBeenCalledWith('ledger-api');
  });

  it('refuses a name the catalog already has, naming the entity and its owner', async () => {
    expect(await validate('payments-api')).toEqual([
      'component:default/payments-api already exists, owned by group:default/payments. Choose another name.',
    ]);
  });

  it('looks for the kind and namespace the template creates', async () => {
    expect(
      await validate('ledger', { kind: 'System', namespace: 'finance' }),
    ).toEqual([
      'system:finance/ledger already exists, owned by group:finance/accounting. Choose another name.',
    ]);
    // A component of that name is another entity.
    expect(await validate('ledger')).toEqual([]);
  });

  it('lets a free name through', async () => {
    expect(await validate('ledger-api')).toEqual([]);
  });

  it("keeps EntityNamePicker's own check, before asking the catalog", async () => {
    const catalog = catalogApiMock.mock();
    expect(await validate('-payments', undefined, catalog)).toEqual([
      'Must start and end with an alphanumeric character, and contain only alphanumeric characters, hyphens, underscores, and periods. Maximum length is 63 characters.',
    ]);
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
  });

  it('leaves the decision to the template when the catalog cannot be asked', async () => {
    const catalog = catalogApiMock.mock({
      getEntityByRef: jest.fn().mockRejectedValue(new Error('offline')),
    });
    expect(await validate('payments-api', undefined, catalog)).toEqual([]);
  });
});

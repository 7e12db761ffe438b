import {
  KubernetesValidatorFunctions,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import type { NewEntityNamePickerUiOptions } from './schema';

/**
 * EntityNamePicker's check (a valid entity name), then the catalog's: a
 * name it already has is refused at once, naming the entity and its owner.
 * The catalog answers with what the person may read; the template's
 * groundwork:entity:require-new step checks again, with every entity, before
 * anything is created. When the catalog cannot be asked, the form lets the
 * name through for that step to decide.
 */
export const newEntityNamePickerValidation: CustomFieldValidator<
  string,
  NewEntityNamePickerUiOptions
> = async (value, validation, { apiHolder, uiSchema }) => {
  if (!value) return;
  if (!KubernetesValidatorFunctions.isValidObjectName(value)) {
    validation.addError(
      'Must start and end with an alphanumeric character, and contain only alphanumeric characters, hyphens, underscores, and periods. Maximum length is 63 characters.',
    );
    return;
  }
  const catalogApi = apiHolder.get(catalogApiRef);
  if (!catalogApi) return;
  const options = uiSchema?.['ui:options'];
  const ref = {
    kind: options?.kind ?? 'Component',
    namespace: options?.namespace ?? 'default',
    name: value,
  };
  let existing;
  try {
    existing = await catalogApi.getEntityByRef(ref);
  } catch {
    return;
  }
  if (!existing) return;
  const owner =
    existing.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef ??
    (existing.spec as { owner?: string } | undefined)?.owner;
  validation.addError(
    `${stringifyEntityRef(existing)} already exists${
      owner ? `, owned by ${owner}` : ''
    }. Choose another name.`,
  );
};

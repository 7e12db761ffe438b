import TextField from '@material-ui/core/TextField';
import type { NewEntityNamePickerProps } from './schema';

/**
 * The name of an entity the template will create: a text field like the
 * scaffolder's EntityNamePicker; its validation also asks the catalog
 * whether the name is taken.
 */
export const NewEntityNamePicker = (props: NewEntityNamePickerProps) => {
  const {
    onChange,
    required,
    schema: { title = 'Name', description = 'Unique name of the component' },
    rawErrors,
    formData,
    uiSchema,
    idSchema,
    placeholder,
  } = props;
  return (
    <TextField
      id={idSchema?.$id}
      label={title}
      placeholder={placeholder}
      helperText={description}
      required={required}
      value={formData ?? ''}
      onChange={({ target: { value } }) => onChange(value)}
      margin="normal"
      error={(rawErrors?.length ?? 0) > 0 && !formData}
      inputProps={{ autoFocus: uiSchema?.['ui:autofocus'] }}
      FormHelperTextProps={{ margin: 'dense', style: { marginLeft: 0 } }}
    />
  );
};

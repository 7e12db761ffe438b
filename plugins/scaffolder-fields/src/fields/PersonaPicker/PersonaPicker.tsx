import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  ConfigApi,
  configApiRef,
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { Progress } from '@backstage/core-components';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Paper from '@material-ui/core/Paper';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { PersonasClient } from '../../api/personas';
import { GrantsTable } from './GrantsTable';
import type { PersonaPickerProps } from './schema';

function environmentOrder(config: ConfigApi): string[] {
  try {
    return readGroundworkEnvironments(config).environments.map(e => e.name);
  } catch {
    return [];
  }
}

/**
 * The personas of the portal's catalogue, each with the table of what it
 * grants per system and environment, shown before the user chooses: the
 * access a new colleague gets is decided here, in plain sight.
 */
export const PersonaPicker = (props: PersonaPickerProps) => {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    required,
    rawErrors,
    idSchema,
    formContext,
  } = props;
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const config = useApi(configApiRef);
  const order = useMemo(() => environmentOrder(config), [config]);
  const client = useMemo(
    () => new PersonasClient({ discoveryApi, fetchApi }),
    [discoveryApi, fetchApi],
  );
  const {
    loading,
    value: catalogue,
    error,
  } = useAsync(() => client.getPersonas(), [client]);
  const id = idSchema?.$id ?? 'persona-picker';
  const title = schema.title ?? 'Persona';
  const environmentsField = uiSchema?.['ui:options']?.environmentsField;
  const inScopeRaw = environmentsField
    ? formContext?.formData?.[environmentsField]
    : undefined;
  const inScope = Array.isArray(inScopeRaw)
    ? (inScopeRaw as string[])
    : undefined;
  const hasErrors = (rawErrors?.length ?? 0) > 0;

  if (loading) return <Progress />;

  if (error || !catalogue?.available) {
    // The form stays usable: persona:onboard validates the id it is given.
    const reason = error
      ? `The persona catalogue could not be loaded: ${error.message}`
      : catalogue && !catalogue.available && catalogue.reason;
    return (
      <FormControl
        fullWidth
        margin="normal"
        error={hasErrors}
        required={required}
      >
        <Alert severity="warning">
          {reason} The grants of each persona cannot be shown; type the persona
          id, and the onboarding step will refuse an unknown one with the list
          of valid personas.
        </Alert>
        <TextField
          id={id}
          label={title}
          value={formData ?? ''}
          onChange={e => onChange(e.target.value.trim())}
          required={required}
          error={hasErrors}
          helperText={schema.description}
          margin="normal"
        />
      </FormControl>
    );
  }

  return (
    <FormControl
      component="fieldset"
      fullWidth
      margin="normal"
      error={hasErrors}
      required={required}
    >
      <FormLabel component="legend" id={`${id}-label`}>
        {title}
      </FormLabel>
      {schema.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
      <RadioGroup
        aria-labelledby={`${id}-label`}
        value={formData ?? ''}
        onChange={e => onChange(e.target.value)}
      >
        {catalogue.personas.map(persona => (
          <Paper
            key={persona.id}
            variant="outlined"
            style={{
              marginTop: 12,
              padding: 12,
              borderWidth: formData === persona.id ? 2 : 1,
            }}
          >
            <FormControlLabel
              value={persona.id}
              control={<Radio inputProps={{ 'aria-label': persona.title }} />}
              label={
                <Box>
                  <Typography variant="subtitle1" component="span">
                    {persona.title} <code>{persona.id}</code>
                  </Typography>
                  {persona.description && (
                    <Typography variant="body2" color="textSecondary">
                      {persona.description}
                    </Typography>
                  )}
                </Box>
              }
            />
            {persona.grants.length > 0 ? (
              <GrantsTable
                persona={persona}
                environmentOrder={order}
                inScope={inScope}
              />
            ) : (
              <Typography variant="body2">Grants nothing.</Typography>
            )}
          </Paper>
        ))}
      </RadioGroup>
      {catalogue.personas.length === 0 && (
        <FormHelperText error>
          The persona catalogue is empty: no persona can be chosen.
        </FormHelperText>
      )}
    </FormControl>
  );
};

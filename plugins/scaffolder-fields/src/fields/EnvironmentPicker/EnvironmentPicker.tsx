import { useMemo } from 'react';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { groundworkProductionChangePermission } from '@groundwork/plugin-groundwork-common';
import {
  GroundworkEnvironment,
  readGroundworkEnvironments,
} from '@groundwork/plugin-groundwork-common';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import type { EnvironmentPickerProps } from './schema';
import { valuesOf } from './validation';

function EnvironmentLabel(props: {
  env: GroundworkEnvironment;
  currency: string;
  locked: boolean;
}) {
  const { env, currency, locked } = props;
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <Typography component="span">
        {env.title} <code>{env.name}</code>
      </Typography>
      {env.production && (
        <Chip size="small" color="secondary" label="production" />
      )}
      {env.monthlyBudget !== undefined && (
        <Chip
          size="small"
          variant="outlined"
          label={`budget ${env.monthlyBudget.toLocaleString(
            'en-US',
          )} ${currency}/month`}
        />
      )}
      {env.cloud && (
        <Chip
          size="small"
          variant="outlined"
          label={[env.cloud.provider, env.cloud.region]
            .filter(Boolean)
            .join(' ')}
        />
      )}
      {locked && (
        <Typography component="span" variant="caption" color="textSecondary">
          not yours to change
        </Typography>
      )}
    </Box>
  );
}

/**
 * Environments declared in groundwork.environments, with what a user needs to
 * choose well: which is production, its budget, where it runs. A field of
 * type array offers several (checkboxes), any other type one (radio buttons).
 */
export const EnvironmentPicker = (props: EnvironmentPickerProps) => {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    required,
    rawErrors,
    idSchema,
  } = props;
  const config = useApi(configApiRef);
  const read = useMemo(() => {
    try {
      return { ok: true as const, ...readGroundworkEnvironments(config) };
    } catch (e) {
      return { ok: false as const, message: (e as Error).message };
    }
  }, [config]);
  const multiple = schema.type === 'array';
  const allowed = uiSchema?.['ui:options']?.allowedEnvironments;
  const changes = uiSchema?.['ui:options']?.changesEnvironments === true;
  // The backend asks the same question before it changes anything; this
  // only spares a person a form that would be refused.
  const production = usePermission({
    permission: groundworkProductionChangePermission,
  });
  const locked = (env: GroundworkEnvironment) =>
    changes && env.production && !production.loading && !production.allowed;
  const productionGroups =
    config.getOptionalStringArray('groundwork.permissions.productionGroups') ??
    config.getOptionalStringArray('groundwork.permissions.adminGroups') ??
    [];
  const chosen = valuesOf(formData as string | string[] | undefined);
  const hasErrors = (rawErrors?.length ?? 0) > 0;
  const id = idSchema?.$id ?? 'environment-picker';

  if (!read.ok) {
    return (
      <FormControl error required={required} fullWidth margin="normal">
        <FormLabel>{schema.title ?? 'Environments'}</FormLabel>
        <FormHelperText>
          The portal's environments cannot be read: {read.message}
        </FormHelperText>
      </FormControl>
    );
  }
  const options = read.environments.filter(
    e => !allowed || allowed.includes(e.name),
  );
  const toggle = (name: string, on: boolean) => {
    const next = on ? [...chosen, name] : chosen.filter(n => n !== name);
    // Keep the configured order (dev before prod), whatever the click order.
    onChange(options.map(e => e.name).filter(n => next.includes(n)));
  };

  return (
    <FormControl
      component="fieldset"
      error={hasErrors}
      required={required}
      fullWidth
      margin="normal"
    >
      <FormLabel component="legend" id={`${id}-label`}>
        {schema.title ?? (multiple ? 'Environments' : 'Environment')}
      </FormLabel>
      {multiple ? (
        <FormGroup aria-labelledby={`${id}-label`}>
          {options.map(env => (
            <FormControlLabel
              key={env.name}
              control={
                <Checkbox
                  checked={chosen.includes(env.name)}
                  onChange={e => toggle(env.name, e.target.checked)}
                  name={env.name}
                  disabled={locked(env)}
                  inputProps={{ 'aria-label': env.title }}
                />
              }
              label={
                <EnvironmentLabel
                  env={env}
                  currency={read.currency}
                  locked={locked(env)}
                />
              }
            />
          ))}
        </FormGroup>
      ) : (
        <RadioGroup
          aria-labelledby={`${id}-label`}
          value={chosen[0] ?? ''}
          onChange={e => onChange(e.target.value)}
        >
          {options.map(env => (
            <FormControlLabel
              key={env.name}
              value={env.name}
              disabled={locked(env)}
              control={<Radio inputProps={{ 'aria-label': env.title }} />}
              label={
                <EnvironmentLabel
                  env={env}
                  currency={read.currency}
                  locked={locked(env)}
                />
              }
            />
          ))}
        </RadioGroup>
      )}
      {schema.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
      {options.some(locked) && (
        <FormHelperText>
          Production environments are changed by{' '}
          {productionGroups.length
            ? `members of ${productionGroups.join(' or ')}`
            : 'the platform administrators'}{' '}
          (groundwork.permissions.productionGroups); ask one of them to run this
          template for production.
        </FormHelperText>
      )}
      {options.length === 0 && (
        <FormHelperText error>
          No environment can be chosen: groundwork.environments lists none that
          this template allows.
        </FormHelperText>
      )}
    </FormControl>
  );
};

import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import useDebounce from 'react-use/esm/useDebounce';
import type { GroundworkEnvironment } from '@groundwork/plugin-groundwork-common';

export interface Filters {
  owner: string;
  kind: string;
  system: string;
  environment: string;
}

const NO_FILTERS: Filters = {
  owner: '',
  kind: '',
  system: '',
  environment: '',
};

const KINDS = ['component', 'resource', 'system', 'api'];

/** A text filter that applies once typing pauses, not on every key. */
function DebouncedField(props: {
  label: string;
  value: string;
  placeholder: string;
  onChange: (value: string) => void;
}) {
  const { value, onChange } = props;
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useDebounce(
    () => {
      if (draft.trim() !== value) onChange(draft.trim());
    },
    400,
    [draft],
  );
  return (
    <TextField
      id={`platform-status-filter-${props.label.toLocaleLowerCase('en-US')}`}
      label={props.label}
      value={draft}
      placeholder={props.placeholder}
      onChange={e => setDraft(e.target.value)}
      variant="outlined"
      size="small"
    />
  );
}

export function PortfolioFilters(props: {
  filters: Filters;
  environments: GroundworkEnvironment[];
  onChange: (filters: Filters) => void;
}) {
  const { filters, onChange } = props;
  const set = (key: keyof Filters) => (value: string) =>
    onChange({ ...filters, [key]: value });
  const active = Object.values(filters).some(Boolean);
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 16 }}
      mb={2}
      role="search"
      aria-label="Filter the portfolio"
    >
      <DebouncedField
        label="Owner"
        value={filters.owner}
        placeholder="group:default/payments"
        onChange={set('owner')}
      />
      <DebouncedField
        label="System"
        value={filters.system}
        placeholder="system:default/payments-platform"
        onChange={set('system')}
      />
      <TextField
        select
        label="Kind"
        value={filters.kind}
        onChange={e => set('kind')(e.target.value)}
        variant="outlined"
        size="small"
        style={{ minWidth: 140 }}
        id="platform-status-filter-kind"
      >
        <MenuItem value="">All kinds</MenuItem>
        {KINDS.map(k => (
          <MenuItem key={k} value={k}>
            {k}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label="Environment"
        value={filters.environment}
        onChange={e => set('environment')(e.target.value)}
        variant="outlined"
        size="small"
        style={{ minWidth: 160 }}
        id="platform-status-filter-environment"
      >
        <MenuItem value="">All environments</MenuItem>
        {props.environments.map(env => (
          <MenuItem key={env.name} value={env.name}>
            {env.title}
          </MenuItem>
        ))}
      </TextField>
      {active && (
        <Button onClick={() => onChange(NO_FILTERS)}>Clear filters</Button>
      )}
    </Box>
  );
}

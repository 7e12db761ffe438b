import type { Rule } from '../types';
import { AWS_RULES } from './aws';
import { AZURE_RULES } from './azure';
import { FINOPS_RULES } from './finops';
import { GCP_RULES } from './gcp';
import { GRAPH_RULES } from './graph';
import { TERRAFORM_RULES } from './terraform';

const ALL: Rule[] = [
  ...AWS_RULES,
  ...GCP_RULES,
  ...AZURE_RULES,
  ...TERRAFORM_RULES,
  ...GRAPH_RULES,
  ...FINOPS_RULES,
];

/** Every rule of the pack, ordered by id. */
export const RULES: readonly Rule[] = [...ALL].sort((a, b) =>
  a.id.localeCompare(b.id),
);

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(
  RULES.map(r => [r.id, r]),
);

if (RULES_BY_ID.size !== RULES.length) {
  throw new Error(
    'Two policy rules share an id; rule ids must be unique and stable.',
  );
}

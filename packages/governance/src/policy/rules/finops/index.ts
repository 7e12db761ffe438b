import type { Rule } from '../../types';

/** Rules that find money: each finding says what the change would save per month. */
export const FINOPS_RULES: readonly Rule[] = [];

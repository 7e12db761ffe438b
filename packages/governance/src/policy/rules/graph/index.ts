import type { Rule } from '../../types';

/** Rules that follow references between resources, resolved through the plan's configuration. */
export const GRAPH_RULES: readonly Rule[] = [];

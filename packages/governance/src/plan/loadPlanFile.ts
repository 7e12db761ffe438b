import { promises as fs } from 'fs';
import {
  DEFAULT_MAX_PLAN_BYTES,
  parsePlan,
  ParsePlanOptions,
  planTooLargeError,
} from './parsePlan';
import { PlanParseError } from './errors';
import type { Plan } from './types';

/**
 * Reads a plan file. The size is checked before reading, so an oversized
 * file is refused without ever being loaded into memory.
 */
export async function loadPlanFile(
  path: string,
  options: ParsePlanOptions = {},
): Promise<Plan> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_PLAN_BYTES;
  let size: number;
  try {
    size = (await fs.stat(path)).size;
  } catch (e) {
    throw new PlanParseError(
      'not-json',
      `Cannot read the plan file ${path}: ${
        (e as Error).message
      }. Check the path.`,
    );
  }
  if (size > maxBytes) {
    throw planTooLargeError(size, maxBytes);
  }
  return parsePlan(await fs.readFile(path), { maxBytes });
}

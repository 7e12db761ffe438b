/** Rows per statement: stays under SQLite's bound-parameter limit. */
const CHUNK = 200;

export function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}
